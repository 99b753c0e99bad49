package id.born2control.labs;

import static id.born2control.labs.SpareNetworkPool.SPARE;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Warm internal lab networks on one Docker engine ({@code b2c.labs.spare-networks}): creating a
 * bridge network (130-200 ms measured) was the largest step a lab start added to a bare
 * {@code docker run}, so a few are made ahead, in the background, and a lab start takes one.
 *
 * <p><b>Claiming.</b> Several range instances of one installation may share the engine, so a
 * spare must go to exactly one lab. A network cannot be renamed nor relabelled, and attaching a
 * container to it succeeds any number of times, so the network itself cannot be the claim. Each
 * spare has a <em>ticket</em>: a container of the check probe image that is created, never
 * started, attached to nothing, named {@code b2c-spare-<hex>} like its network. A lab claims the
 * spare by renaming the ticket to {@code b2c-spare-<hex>--claimed}. Every claimant asks for that
 * same new name, and the engine renames under the container's lock and refuses a rename to the
 * name the container already has (or, for another container, to a name in use), so of two starts
 * renaming the same ticket exactly one succeeds; the other tries the next spare. (A claimant
 * naming itself in the new name would not do: the engine resolves the old name before it takes
 * the lock, so a second rename could rename the first one's result.) A network whose ticket is
 * renamed, or gone, is never handed out again.
 *
 * <p><b>Never reused.</b> A claimed network is only ever removed, never returned to the pool:
 * another trainee never joins a network a previous lab's containers were on. It goes with its lab
 * ({@link #networksOf} before the lab's containers are removed, {@link #remove} after), or, when
 * the instance that claimed it died, at the sweep once no container has been on it for two
 * minutes.
 *
 * <p><b>Sweeping.</b> Spares and tickets carry the {@code b2c.spare} label with the installation
 * but not the lab labels ({@code b2c.installation}), so the reconciler never takes a spare for a
 * lab. The upkeep ({@link #refillWhenDue}, on the Quarkus scheduler through
 * {@link LabBackendProducer}, on every instance: the count is taken from the engine, so several
 * instances together keep about {@code spare-networks}, a few more after a race) tops spares up,
 * removes claimed networks left empty for two minutes, and spare networks without a ticket at two
 * sweeps in a row (an instance died between the two). A spare leaving the pool unused (shutdown)
 * is first claimed like a lab would, so one instance never removes a spare another one just took.
 *
 * <p>Labs that may reach the internet (egress) and labs of several hosts create their own
 * networks: spares are single internal networks.
 */
final class DockerSpareNetworks {

  private static final Logger LOG = Logger.getLogger(DockerSpareNetworks.class);
  /** Label of a ticket: the id of its spare network. */
  static final String SPARE_NETWORK = "b2c.spare.network";
  private static final String PREFIX = "b2c-spare-";
  private static final String CLAIMED = "--claimed";
  private static final Duration ABANDONED = Duration.ofMinutes(2);
  private static final int REMOVE_ATTEMPTS = 5;

  private final DockerEngine engine;
  private final DockerClient docker;
  private final SubnetPool subnets;
  private final String installation;
  private final String ticketImage;
  private final int size;
  private final RefillTicks ticks = new RefillTicks();
  /** Spare networks without a ticket at the previous sweep (removed if still so). */
  private Set<String> ticketlessBefore = Set.of();
  /** Set at shutdown: no more spares are made. */
  private volatile boolean draining;
  /** Claimed networks seen without any container, since when. */
  private final Map<String, Instant> emptySince = new HashMap<>();

  DockerSpareNetworks(DockerEngine engine, SubnetPool subnets, String installation,
      String ticketImage, int size) {
    this.engine = engine;
    this.docker = engine.client();
    this.subnets = subnets;
    this.installation = installation;
    this.ticketImage = ticketImage;
    this.size = size;
  }

  /** A claimed spare network: its name (the lab's containers join it by name). */
  record Spare(String name) {}

  /** Takes a spare for a lab, or null when none is ready (the lab then makes its own). */
  Spare claim() {
    if (size == 0) {
      return null;
    }
    try {
      for (Container ticket : tickets()) {
        String name = nameOf(ticket);
        if (!name.endsWith(CLAIMED) && rename(name, name + CLAIMED)) {
          ticks.wanted();
          return new Spare(name);
        }
      }
    } catch (DockerException | DockerClientException e) {
      LOG.warnf("Labs: no spare network taken: %s", DockerEngine.clean(e.getMessage()));
    }
    return null;
  }

  /** The spare networks the given containers are on (asked before they are removed). */
  static Set<String> networksOf(List<Container> containers) {
    Set<String> spares = new HashSet<>();
    for (Container c : containers) {
      if (c.getNetworkSettings() != null) {
        c.getNetworkSettings().getNetworks().keySet().stream()
            .filter(n -> n.startsWith(PREFIX)).forEach(spares::add);
      }
    }
    return spares;
  }

  /**
   * Removes a claimed spare network, then its ticket (the network's containers are gone). The
   * engine may still be releasing a just removed container's endpoint, so a refusal is retried
   * briefly; a network still refused keeps its claimed ticket and goes at a later sweep.
   */
  void remove(String network) {
    for (int attempt = 0; attempt < REMOVE_ATTEMPTS; attempt++) {
      if (DockerEngine.removeQuietly(() -> docker.removeNetworkCmd(network).exec())) {
        subnets.releaseNetwork(network);
        DockerEngine.removeQuietly(() -> docker.removeContainerCmd(network + CLAIMED)
            .withForce(true).exec());
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One tick of the scheduler: refills after a claim or every so often. */
  void refillWhenDue() {
    if (size > 0 && !draining && ticks.due()) {
      refill();
    }
  }

  /**
   * On shutdown: unclaimed spares go, and claimed ones no container is on (a lab whose removal
   * the engine refused a moment ago; a start of another instance between its claim and its
   * first container would fail cleanly and be retried by its trainee). Claimed spares in use go
   * with their labs.
   */
  void drain() {
    draining = true;
    try {
      Set<String> occupied = networksOf(docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(DockerEngine.INSTALLATION, installation)).exec());
      for (Container ticket : tickets()) {
        String name = nameOf(ticket);
        if (!name.endsWith(CLAIMED) && rename(name, name + CLAIMED)) {
          remove(name);
        } else if (name.endsWith(CLAIMED)
            && !occupied.contains(name.substring(0, name.length() - CLAIMED.length()))) {
          remove(name.substring(0, name.length() - CLAIMED.length()));
        }
      }
    } catch (DockerException | DockerClientException e) {
      LOG.warnf("Labs: spare networks not removed: %s", DockerEngine.clean(e.getMessage()));
    }
  }

  private void refill() {
    try {
      Set<String> occupied = networksOf(docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(DockerEngine.INSTALLATION, installation)).exec());
      Instant now = Instant.now();
      Set<String> ticketed = new HashSet<>();
      Set<String> claimedEmpty = new HashSet<>();
      int unclaimed = 0;
      for (Container ticket : tickets()) {
        String name = nameOf(ticket);
        ticketed.add(ticket.getLabels().get(SPARE_NETWORK));
        if (!name.endsWith(CLAIMED)) {
          unclaimed++;
        } else if (!occupied.contains(name.substring(0, name.length() - CLAIMED.length()))) {
          claimedEmpty.add(name.substring(0, name.length() - CLAIMED.length()));
        }
      }
      // a claimed network no container has been on for a while: its lab's start or stop died
      emptySince.keySet().retainAll(claimedEmpty);
      for (String network : claimedEmpty) {
        if (emptySince.computeIfAbsent(network, n -> now).isBefore(now.minus(ABANDONED))) {
          remove(network);
          emptySince.remove(network);
        }
      }
      Set<String> ticketless = new HashSet<>();
      for (Network n : docker.listNetworksCmd()
          .withFilter("label", List.of(SPARE + "=" + installation)).exec()) {
        if (!ticketed.contains(n.getId())) {
          // a spare's creation died between its network and its ticket
          if (ticketlessBefore.contains(n.getId())
              && DockerEngine.removeQuietly(() -> docker.removeNetworkCmd(n.getId()).exec())) {
            subnets.releaseNetwork(n.getName());
          } else {
            ticketless.add(n.getId());
          }
        }
      }
      ticketlessBefore = ticketless;
      for (int i = unclaimed; i < size && !draining; i++) {
        createSpare();
      }
    } catch (DockerException | DockerClientException | LabBackendException e) {
      LOG.warnf("Labs: spare networks not topped up: %s", DockerEngine.clean(e.getMessage()));
    }
  }

  /** One spare: an internal network on a free subnet, then its ticket. */
  private void createSpare() throws LabBackendException {
    String name = PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String network = engine.createOnFreeSubnet(subnets, name, subnet ->
        DockerIsolation.createNetwork(docker, name, Map.of(SPARE, installation), true, subnet));
    docker.createContainerCmd(ticketImage)
        .withName(name)
        .withLabels(Map.of(SPARE, installation, SPARE_NETWORK, network))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
        .exec();
  }

  private List<Container> tickets() {
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(SPARE, installation)).exec();
  }

  /** Renames a ticket by its old name: the atomic claim. False when another took it first. */
  private boolean rename(String from, String to) {
    try {
      docker.renameContainerCmd(from).withName(to).exec();
      return true;
    } catch (DockerException taken) {
      // not found (renamed already), conflict or "same name as its current name"
      return false;
    }
  }

  private static String nameOf(Container c) {
    return c.getNames() == null || c.getNames().length == 0 ? ""
        : c.getNames()[0].replaceFirst("^/", "");
  }
}
