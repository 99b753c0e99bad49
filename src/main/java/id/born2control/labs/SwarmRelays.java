package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import id.born2control.labs.LabBackend.ExecResult;
import id.born2control.labs.LabBackend.LabLaunch;
import id.born2control.labs.SpareNetworkPool.Spare;
import id.born2control.labs.SwarmNodes.Located;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab's port relay on the swarm (see {@link SwarmLabBackend}, "Ports"). A lab that took a warm
 * spare whose keeper publishes enough ports uses that keeper: already running on the lab's
 * network and the edge network with its ports published, it is armed with the lab's relay
 * program by one exec on its node. A second Swarm task would cost the start 0.3 to 0.6 s on top
 * of the target's (measured on the local swarm), an exec tens of milliseconds. Before the claim
 * a keeper listens on nothing, so it relays nothing to anyone. Any other lab with ports (egress,
 * no spare left, more ports than a keeper publishes) gets a relay service of its own.
 */
final class SwarmRelays {

  /** Longest wait for the exec that arms a keeper (it only starts background listeners). */
  private static final Duration ARMING = Duration.ofSeconds(10);

  private final SwarmNodes nodes;
  private final SwarmImages images;
  private final SwarmSpecs specs;
  private final SpareNetworkPool spares;
  private final LabsConfig.Swarm swarm;

  SwarmRelays(SwarmNodes nodes, SwarmImages images, SwarmSpecs specs, SpareNetworkPool spares,
      LabsConfig.Swarm swarm) {
    this.nodes = nodes;
    this.images = images;
    this.specs = specs;
    this.spares = spares;
    this.swarm = swarm;
  }

  /**
   * Sets up the relay of lab {@code name}'s ports; the relay service the start must wait for,
   * or null when there is none to wait for (no ports, or the warm keeper relays them).
   */
  String open(LabLaunch launch, String name, String network, String node, Spare spare)
      throws LabBackendException {
    if (launch.ports().isEmpty()) {
      return null;
    }
    if (spare != null && spare.relay()) {
      ExecResult armed;
      try {
        Located keeper = nodes.locate(spare.keeper());
        armed = keeper.engine().exec(keeper.container(), SwarmSpecs.RELAY_USER,
            List.of("sh", "-c", SwarmSpecs.armingScript(launch.ports(), name + "-target")),
            ARMING);
      } catch (LabBackendException | RuntimeException e) {
        // The node's engine is unreachable (the node died mid-start, say; the client throws an
        // unchecked I/O error then): a start elsewhere can work, so the trainee is told which
        // node and to start again.
        throw new LabBackendException("the lab's port relay on the cluster node " + node
            + " could not be started (" + DockerEngine.clean(e.getMessage())
            + "); start it again", e);
      }
      if (armed.exitCode() != 0) {
        throw new LabBackendException("the lab's port relay could not be started: "
            + (armed.timedOut() ? "timed out" : armed.output()));
      }
      return null;
    }
    images.ensure(nodes.engine(node), swarm.relayImage());
    specs.createRelay(launch, name, network, node);
    return name + "-ports";
  }

  /** The service that relays the lab's ports: the keeper it took, or its own relay service. */
  String serviceOf(String instanceId) {
    return spares.relayOf(instanceId).orElse("b2c-" + instanceId + "-ports");
  }

  /** The node address and host port that the relay at {@code at} publishes per lab port. */
  Map<Integer, InetSocketAddress> endpoints(Located at, List<Integer> ports)
      throws LabBackendException {
    String address = nodes.address(at.host());
    Map<Integer, InetSocketAddress> endpoints = new LinkedHashMap<>();
    try {
      Map<ExposedPort, Ports.Binding[]> bindings = at.engine().client()
          .inspectContainerCmd(at.container()).exec().getNetworkSettings().getPorts().getBindings();
      for (int i = 0; i < ports.size(); i++) {
        Ports.Binding[] bound = bindings.get(ExposedPort.tcp(SwarmSpecs.RELAY_BASE + i));
        if (bound == null || bound.length == 0) {
          throw new LabBackendException("the relay of lab port " + ports.get(i)
              + " is not published on its node");
        }
        endpoints.put(ports.get(i), InetSocketAddress.createUnresolved(address,
            Integer.parseInt(bound[0].getHostPortSpec())));
      }
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the lab's relay could not be inspected: "
          + DockerEngine.clean(e.getMessage()), e);
    }
    return endpoints;
  }
}
