package id.born2control.labs;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Publishes lab ports on the bind address (127.0.0.1 by default) at a port the OS picks, relaying
 * each connection to the lab's endpoint for that port. Docker cannot publish ports of a container
 * on an internal network, and an internal network is what keeps a lab from reaching anything
 * outside: on one engine the host reaches the container's address on that network, on a Swarm
 * cluster the lab's relay publishes the port on its node ({@link LabBackend#endpoints}).
 */
@ApplicationScoped
class LabPorts {

  private static final Logger LOG = Logger.getLogger(LabPorts.class);

  private final Vertx vertx;
  private final LabsConfig config;
  private final NetClient client;
  private final Map<String, List<NetServer>> servers = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Integer>> published = new ConcurrentHashMap<>();

  LabPorts(Vertx vertx, LabsConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000));
  }

  /**
   * Publishes the tcp ports of an instance (idempotent), each relayed to its endpoint; container
   * port to host port.
   */
  Map<Integer, Integer> open(String instanceId, Map<Integer, InetSocketAddress> endpoints) {
    Map<Integer, Integer> existing = published.get(instanceId);
    if (existing != null || endpoints.isEmpty()) {
      return existing == null ? Map.of() : existing;
    }
    Map<Integer, Integer> mapping = new LinkedHashMap<>();
    List<NetServer> opened = new ArrayList<>();
    try {
      for (var endpoint : endpoints.entrySet()) {
        int port = endpoint.getKey();
        InetSocketAddress upstream = endpoint.getValue();
        NetServer server = vertx.createNetServer(new NetServerOptions()
            .setHost(config.bindAddress()).setPort(0).setTcpNoDelay(true));
        server.connectHandler(socket -> relay(socket, upstream));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        opened.add(server);
        mapping.put(port, server.actualPort());
      }
    } catch (Exception e) {
      opened.forEach(NetServer::close);
      throw new IllegalStateException("cannot publish the lab ports on " + config.bindAddress()
          + ": " + e.getMessage(), e);
    }
    servers.put(instanceId, opened);
    published.put(instanceId, Map.copyOf(mapping));
    return published.get(instanceId);
  }

  /** The host ports of an instance, empty when none are published. */
  Map<Integer, Integer> of(String instanceId) {
    return published.getOrDefault(instanceId, Map.of());
  }

  void close(String instanceId) {
    published.remove(instanceId);
    List<NetServer> list = servers.remove(instanceId);
    if (list != null) {
      list.forEach(NetServer::close);
    }
  }

  int openCount() {
    return servers.size();
  }

  private void relay(NetSocket socket, InetSocketAddress to) {
    socket.pause();
    client.connect(to.getPort(), to.getHostString()).onComplete(result -> {
      if (result.failed()) {
        LOG.debugf("Labs: relay to %s failed: %s", to, result.cause().getMessage());
        socket.close();
        return;
      }
      NetSocket upstream = result.result();
      socket.pipeTo(upstream);
      upstream.pipeTo(socket);
      socket.resume();
    });
  }
}
