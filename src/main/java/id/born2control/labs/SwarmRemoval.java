package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Config;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes a lab from the swarm: its services (and the hosts of a lab of several hosts on their
 * node), then the config and network its tasks held, the subnet going back to the pool.
 */
final class SwarmRemoval {

  private static final Logger LOG = Logger.getLogger(SwarmRemoval.class);

  private final DockerEngine manager;
  private final SwarmNodes nodes;
  private final SpareNetworkPool spares;
  private final SwarmHosts hosts;
  private final SubnetPool subnets;
  private final LabsConfig.Swarm swarm;

  SwarmRemoval(DockerEngine manager, SwarmNodes nodes, SpareNetworkPool spares, SwarmHosts hosts,
      SubnetPool subnets, LabsConfig.Swarm swarm) {
    this.manager = manager;
    this.nodes = nodes;
    this.spares = spares;
    this.hosts = hosts;
    this.subnets = subnets;
    this.swarm = swarm;
  }

  /**
   * Removes the lab's services, then its config and network once the tasks have let go of them
   * (a grace period); what cannot be removed yet (a lost node still holds it) stays listed and
   * the next reconcile retries.
   */
  void remove(String instanceId) {
    String label = DockerEngine.INSTANCE + "=" + instanceId;
    try {
      spares.dropClaimsOf(instanceId);
      Set<String> pinned = new HashSet<>();
      // a lab on a spare network: that network carries no label of the lab
      Set<String> joined = new HashSet<>();
      for (Service s : manager.client().listServicesCmd()
          .withLabelFilter(Map.of(DockerEngine.INSTANCE, instanceId)).exec()) {
        String node = s.getSpec().getLabels().get(SwarmSpecs.NODE);
        pinned.add(node);
        if (SwarmHosts.ANCHOR.equals(s.getSpec().getLabels().get(DockerEngine.ROLE))
            && !hosts.removeFrom(instanceId, node)) {
          // its hosts are still on a node that cannot be reached: the anchor keeps it listed
          continue;
        }
        Optional.ofNullable(s.getSpec().getTaskTemplate()).map(TaskSpec::getNetworks)
            .ifPresent(list -> list.forEach(n -> joined.add(n.getTarget())));
        try {
          manager.client().removeServiceCmd(s.getId()).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
      }
      // A lost node holds the network until it returns: no use waiting for it (one try).
      boolean reachable = nodes.ready().stream()
          .anyMatch(n -> pinned.contains(n.getDescription().getHostname()));
      long deadline = System.nanoTime() + (reachable || pinned.isEmpty()
          ? swarm.stopGrace().plusSeconds(5).toNanos() : 0);
      boolean left = true;
      for (boolean first = true; left && (first || System.nanoTime() < deadline); first = false) {
        left = false;
        for (Config c : manager.client().listConfigsCmd()
            .withFilters(Map.of("label", List.of(label))).exec()) {
          left |= !DockerEngine.removeQuietly(
              () -> manager.client().removeConfigCmd(c.getId()).exec());
        }
        List<Network> networks = new ArrayList<>(
            manager.client().listNetworksCmd().withFilter("label", List.of(label)).exec());
        if (!joined.isEmpty()) {
          manager.client().listNetworksCmd().withIdFilter(joined.toArray(String[]::new)).exec()
              .stream().filter(spares::isSpare).forEach(networks::add);
        }
        for (Network n : networks) {
          if (DockerEngine.removeQuietly(
              () -> manager.client().removeNetworkCmd(n.getId()).exec())) {
            subnets.releaseNetwork(n.getName());
          } else {
            left = true;
          }
        }
        if (left && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (DockerException | DockerClientException e) {
      LOG.warnf("Labs: could not remove everything of %s: %s", instanceId,
          DockerEngine.clean(e.getMessage()));
    }
  }
}
