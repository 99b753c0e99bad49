package id.born2control.labs;

import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The host ports of running labs on this instance: each lab's tcp ports are relayed (once per
 * instance) to the endpoints its backend names, so the ports its owner sees work whichever
 * instance the load balancer picked.
 */
@ApplicationScoped
class LabRelays {

  private static final Logger LOG = Logger.getLogger(LabRelays.class);

  private final LabBackend backend;
  private final LabPorts ports;
  private final CatalogService catalog;

  LabRelays(LabBackend backend, LabPorts ports, CatalogService catalog) {
    this.backend = backend;
    this.ports = ports;
    this.catalog = catalog;
  }

  /** Publishes a running lab's tcp ports (once per instance), relayed to their endpoints. */
  Map<Integer, Integer> relay(String instanceId, String targetIp, List<Integer> tcp)
      throws LabBackendException {
    Map<Integer, Integer> published = ports.of(instanceId);
    if (!published.isEmpty() || tcp.isEmpty()) {
      return published;
    }
    return ports.open(instanceId, backend.endpoints(instanceId, targetIp, tcp));
  }

  /**
   * Relays a lab's ports from this instance too (once), so the ports its owner sees work
   * whichever instance the load balancer picked (each instance shows its own relays at
   * {@code b2c.labs.public-host}); a failure leaves the view without host ports and is retried
   * at the next call.
   */
  void relayHere(LabInstance i, String targetIp) {
    if (!ports.of(i.instanceId).isEmpty()) {
      return;
    }
    catalog.find(i.challengeSlug).filter(e -> e.spec().hasLab()).ifPresent(entry -> {
      try {
        relay(i.instanceId, targetIp, tcpPorts(entry.spec().lab()));
      } catch (LabBackendException | RuntimeException e) {
        LOG.warnf("Labs: the ports of %s are not relayed here yet: %s", i.instanceId,
            e.getMessage());
      }
    });
  }

  /** {@link #relayHere} for a lab that runs. */
  void relayIfRunning(LabInstance i) {
    if (i.state == LabState.RUNNING) {
      relayHere(i, i.targetIp);
    }
  }

  /** Closes this instance's relays of the lab. */
  void close(String instanceId) {
    ports.close(instanceId);
  }

  /** The lab's tcp ports (udp ones are not relayed). */
  static List<Integer> tcpPorts(LabSpec lab) {
    return lab.ports().stream().filter(p -> !"udp".equals(p.protocol()))
        .map(PortSpec::port).toList();
  }
}
