package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the range connects to reach each tcp port of a running lab, as its backend names it (the
 * target's address on its internal bridge on one engine; the lab's relay on its node on a Swarm
 * cluster), remembered per lab so a tunnel or a web request costs no engine call. Nothing here
 * listens: the only ways to a lab's port are the tunnel ({@link LabTunnelRoute}) and the lab web
 * origin ({@link LabWebOrigin}), both of which check who asks first.
 */
@ApplicationScoped
class LabEndpoints {

  private final LabBackend backend;
  private final Map<String, Map<Integer, InetSocketAddress>> known = new ConcurrentHashMap<>();

  LabEndpoints(LabBackend backend) {
    this.backend = backend;
  }

  /** The endpoints of a running lab's tcp ports, asked of the backend once per lab. */
  Map<Integer, InetSocketAddress> of(String instanceId, String targetIp, List<Integer> tcp)
      throws LabBackendException {
    Map<Integer, InetSocketAddress> found = known.get(instanceId);
    if (found != null || tcp.isEmpty()) {
      return found == null ? Map.of() : found;
    }
    Map<Integer, InetSocketAddress> asked = Map.copyOf(backend.endpoints(instanceId, targetIp, tcp));
    if (!asked.isEmpty()) {
      known.put(instanceId, asked);
    }
    return asked;
  }

  /** Forgets a lab's endpoints (stopped, failed, or adopted after a restart of its target). */
  void forget(String instanceId) {
    known.remove(instanceId);
  }

  /** The lab's tcp ports (udp ones cannot be reached through the range). */
  static List<Integer> tcpPorts(LabSpec lab) {
    return lab.ports().stream().filter(p -> !"udp".equals(p.protocol()))
        .map(PortSpec::port).toList();
  }
}
