package id.born2control.labs;

import static id.born2control.labs.SwarmSpecs.NODE;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Config;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.TaskSpec;
import id.born2control.labs.LabBackend.LabLaunch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Warm lab networks on the swarm. The first task of an overlay network on a node waits for the
 * node to set the network up (measured: 3.7 s against 1.6 s for a second task on the same
 * network and node), so each Ready node keeps {@code b2c.labs.swarm.spare-networks} internal lab
 * networks, each held set up by a keeper task. A lab claims a spare on its node by creating a
 * Swarm config named after its keeper (names are unique in the swarm, so two instances of the
 * range never take the same one), joins it, and removes the keeper once its own tasks run, unless
 * the keeper became the lab's port relay (see {@link SwarmRelays}): then it goes with the lab.
 *
 * <p>The upkeep ({@link #refillWhenDue}) runs on the Quarkus scheduler (see
 * {@link LabBackendProducer}) when {@link RefillTicks} says: at the next tick after a claim, else
 * every few seconds. It tops spares up and sweeps keepers and spare networks left by an instance
 * that died mid-start.
 */
final class SpareNetworkPool {

  private static final Logger LOG = Logger.getLogger(SpareNetworkPool.class);
  /** Label of a spare network and its keeper service: the installation. */
  static final String SPARE = "b2c.spare";
  private static final String CLAIM = "-claim";
  /** Label of a claim whose keeper became the lab's port relay. */
  private static final String RELAY = "b2c.relay";

  private final DockerEngine manager;
  private final SwarmNodes nodes;
  private final SwarmImages images;
  private final SwarmSpecs specs;
  private final SubnetPool subnets;
  private final String installation;
  private final LabsConfig.Swarm swarm;
  /** Spare networks no service used at the previous sweep (removed if still unused). */
  private Set<String> unusedBefore = Set.of();
  private final RefillTicks ticks = new RefillTicks();

  SpareNetworkPool(DockerEngine manager, SwarmNodes nodes, SwarmImages images, SwarmSpecs specs,
      SubnetPool subnets, String installation, LabsConfig.Swarm swarm) {
    this.manager = manager;
    this.nodes = nodes;
    this.images = images;
    this.specs = specs;
    this.subnets = subnets;
    this.installation = installation;
    this.swarm = swarm;
  }

  /** A claimed spare: its keeper service, its network, whether the keeper relays the lab. */
  record Spare(String keeper, String network, boolean relay) {}

  /**
   * Takes a warm spare network on {@code node} for the lab, or null when none is ready. A lab
   * with ports takes the keeper as its relay when the keeper publishes enough ports.
   */
  Spare claim(String node, LabLaunch launch) {
    if (swarm.spareNetworks() == 0) {
      return null;
    }
    try {
      for (Service keeper : manager.client().listServicesCmd()
          .withLabelFilter(Map.of(SPARE, installation, NODE, node)).exec()) {
        String name = keeper.getSpec().getName();
        if (!nodes.hasRunningTask(name)) {
          continue;
        }
        int published = keeper.getSpec().getEndpointSpec() == null
            || keeper.getSpec().getEndpointSpec().getPorts() == null ? 0
            : keeper.getSpec().getEndpointSpec().getPorts().size();
        boolean relay = !launch.ports().isEmpty() && launch.ports().size() <= published;
        Map<String, String> labels = specs.labels(launch, "claim");
        if (relay) {
          labels.put(RELAY, "true");
        }
        try {
          manager.client().createConfigCmd().withName(name + CLAIM)
              .withData(launch.instanceId().getBytes(StandardCharsets.UTF_8))
              .withLabels(labels).exec();
        } catch (ConflictException taken) {
          continue;
        }
        ticks.wanted();
        return new Spare(name, spareNetworkOf(keeper), relay);
      }
    } catch (DockerException | DockerClientException | LabBackendException e) {
      LOG.warnf("Labs: no spare network taken on %s: %s", node, e.getMessage());
    }
    return null;
  }

  /** The keeper's lab network (it is also on the edge network). */
  private String spareNetworkOf(Service keeper) throws LabBackendException {
    String edgeId = specs.edgeNetwork();
    return keeper.getSpec().getTaskTemplate().getNetworks().stream()
        .map(NetworkAttachmentConfig::getTarget).filter(t -> !t.equals(edgeId)).findFirst()
        .orElseThrow(() -> new LabBackendException("spare " + keeper.getSpec().getName()
            + " has no network"));
  }


  /** The lab's own tasks hold the network set up now: its keeper goes. */
  void release(Spare spare) {
    DockerEngine.removeQuietly(() -> manager.client().removeServiceCmd(spare.keeper()).exec());
  }

  /** The keeper the lab took as its port relay, if it did. */
  Optional<String> relayOf(String instanceId) {
    return manager.client().listConfigsCmd().withFilters(Map.of("label", List.of(
        DockerEngine.INSTANCE + "=" + instanceId, RELAY + "=true"))).exec().stream()
        .map(c -> c.getSpec().getName().replaceFirst(CLAIM + "$", "")).findFirst();
  }

  /**
   * A lab being removed, or a start that failed after claiming a spare: its keeper goes first
   * (a relay with its lab), freeing the network.
   */
  void dropClaimsOf(String instanceId) {
    for (Config c : manager.client().listConfigsCmd().withFilters(Map.of("label", List.of(
        DockerEngine.INSTANCE + "=" + instanceId, DockerEngine.ROLE + "=claim"))).exec()) {
      String keeper = c.getSpec().getName().replaceFirst(CLAIM + "$", "");
      DockerEngine.removeQuietly(() -> manager.client().removeServiceCmd(keeper).exec());
    }
  }

  /** Whether the network is one of this installation's spares (it carries no lab's label). */
  boolean isSpare(Network network) {
    return network.getLabels() != null && installation.equals(network.getLabels().get(SPARE));
  }

  /** One tick of the scheduler: refills when {@link RefillTicks} says so. */
  void refillWhenDue() {
    if (swarm.spareNetworks() > 0 && ticks.due()) {
      refill();
    }
  }

  /**
   * Tops up the unclaimed spares of every Ready node to {@code spare-networks}, removes keepers
   * claimed more than two minutes ago (their lab runs, or its start died with its instance) but
   * for the relays of labs that still have services, and spare networks that no service used at
   * this sweep nor at the previous one.
   */
  private void refill() {
    try {
      Map<String, Instant> claimed = claims(List.of());
      Set<String> relaying = claims(List.of(RELAY + "=true")).keySet();
      Instant stale = Instant.now().minus(Duration.ofMinutes(2));
      Map<String, Integer> unclaimed = new HashMap<>();
      Set<String> used = new HashSet<>();
      List<Service> services = manager.client().listServicesCmd().exec();
      // services per network: a relay's lab is gone when nothing else is on its lab network
      Map<String, Integer> joiners = new HashMap<>();
      services.forEach(s -> networksOf(s).forEach(n -> joiners.merge(n, 1, Integer::sum)));
      String edgeId = specs.edgeNetwork();
      for (Service s : services) {
        String name = s.getSpec().getName();
        Map<String, String> labels = s.getSpec().getLabels();
        if (labels != null && installation.equals(labels.get(SPARE))) {
          Instant claim = claimed.get(name);
          boolean relaysLiveLab = relaying.contains(name) && networksOf(s).stream()
              .anyMatch(n -> !n.equals(edgeId) && joiners.get(n) > 1);
          if (claim == null) {
            unclaimed.merge(labels.get(NODE), 1, Integer::sum);
          } else if (claim.isBefore(stale) && !relaysLiveLab) {
            // its lab runs without it, or the start died with its instance, or (a relay) no
            // service of its lab is left on its network
            DockerEngine.removeQuietly(() -> manager.client().removeServiceCmd(s.getId()).exec());
            continue;
          }
        }
        used.addAll(networksOf(s));
      }
      Set<String> unused = new HashSet<>();
      for (Network n : manager.client().listNetworksCmd()
          .withFilter("label", List.of(SPARE + "=" + installation)).exec()) {
        if (!used.contains(n.getId())) {
          if (unusedBefore.contains(n.getId())
              && DockerEngine.removeQuietly(
                  () -> manager.client().removeNetworkCmd(n.getId()).exec())) {
            subnets.releaseNetwork(n.getName());
          } else {
            unused.add(n.getId());
          }
        }
      }
      unusedBefore = unused;
      for (SwarmNode node : nodes.ready()) {
        String host = node.getDescription().getHostname();
        for (int i = unclaimed.getOrDefault(host, 0); i < swarm.spareNetworks(); i++) {
          createSpare(host);
        }
      }
    } catch (DockerException | DockerClientException | LabBackendException e) {
      LOG.warnf("Labs: spare networks not topped up: %s", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf("Labs: spare networks not topped up: %s", e.getMessage());
    }
  }

  /** When each keeper of this installation was claimed, by claims with these labels too. */
  private Map<String, Instant> claims(List<String> labels) {
    List<String> filter = new ArrayList<>(List.of(
        DockerEngine.INSTALLATION + "=" + installation, DockerEngine.ROLE + "=claim"));
    filter.addAll(labels);
    Map<String, Instant> claimed = new HashMap<>();
    for (Config c : manager.client().listConfigsCmd().withFilters(Map.of("label", filter))
        .exec()) {
      claimed.put(c.getSpec().getName().replaceFirst(CLAIM + "$", ""),
          c.getCreatedAt() == null ? Instant.now() : c.getCreatedAt().toInstant());
    }
    return claimed;
  }

  private static List<String> networksOf(Service s) {
    return Optional.ofNullable(s.getSpec().getTaskTemplate()).map(TaskSpec::getNetworks)
        .map(list -> list.stream().map(NetworkAttachmentConfig::getTarget).toList())
        .orElse(List.of());
  }

  /** One spare: an internal lab network and its keeper task on {@code node}. */
  private void createSpare(String node) throws LabBackendException {
    images.ensure(nodes.engine(node), swarm.relayImage());
    String name = "b2c-spare-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String network = specs.createNetwork(name, true, Map.of(SPARE, installation));
    specs.createKeeper(name, network, node, Map.of(SPARE, installation, NODE, node));
  }
}
