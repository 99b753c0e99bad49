package id.born2control.labs;

import static id.born2control.labs.SpareNetworkPool.SPARE;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
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
 * <p><b>Warm network namespaces.</b> Starting a container on a user-defined network costs the
 * engine far more than its limits do: the network sandbox (veth, addresses) and the embedded DNS
 * resolver (a re-exec of the engine and about a dozen iptables runs inside the new namespace).
 * Measured on Docker 20.10 here: a start on an internal network 350-380 ms, on the default bridge
 * 260-280 ms, in a running container's namespace about 100 ms. So each spare's ticket is a
 * <em>holder</em>: a container of the check probe image, started on its network with host name
 * and alias {@code target}, running only {@code sleep} as nobody with no capabilities. A lab's
 * target joins the holder's network namespace ({@code container:<holder>}; with user-namespace
 * remapping the engine also puts it in the holder's user namespace) and starts without any
 * network setup. The holder holds nothing of a lab before its claim (the flag goes into the target
 * only), serves one lab and goes with it.
 *
 * <p><b>Claiming.</b> Several range instances of one installation may share the engine, so a
 * spare must go to exactly one lab. A network cannot be renamed nor relabelled, and attaching a
 * container to it succeeds any number of times, so the network itself cannot be the claim. Each
 * spare has a <em>ticket</em>, its holder, named {@code b2c-spare-<hex>} like its network. A lab claims the
 * spare by renaming the ticket to {@code b2c-spare-<hex>--claimed}. Every claimant asks for that
 * same new name, and the engine renames under the container's lock and refuses a rename to the
 * name the container already has (or, for another container, to a name in use), so of two starts
 * renaming the same ticket exactly one succeeds; the other tries the next spare. (A claimant
 * naming itself in the new name would not do: the engine resolves the old name before it takes
 * the lock, so a second rename could rename the first one's result.) A network whose ticket is
 * renamed, or gone, or not running, is never handed out again.
 *
 * <p><b>Never reused.</b> A claimed network is only ever removed, never returned to the pool:
 * another trainee never joins a network a previous lab's containers were on. It goes with its lab
 * ({@link #networksOf} before the lab's containers are removed: a target in a holder's namespace
 * names the spare in its {@link #CLAIMED_BY} label; {@link #remove} after), or, when
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
  /** Label of a lab container in a holder's namespace: the name of the spare network it took. */
  static final String CLAIMED_BY = "b2c.spare.claimed";
  /** The ticket's host name and alias on its network: what a lab's target is called there. */
  static final String TARGET = "target";
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

  /**
   * A claimed spare network: its name (a workstation joins it by name) and the id of its holder
   * (the target joins the holder's network namespace).
   */
  record Spare(String name, String holder) {

    /** The target's network mode: the holder's namespace. */
    String networkMode() {
      return "container:" + holder;
    }
  }

  /** Takes a spare for a lab, or null when none is ready (the lab then makes its own). */
  Spare claim() {
    if (size == 0) {
      return null;
    }
    try {
      for (Container ticket : tickets()) {
        String name = nameOf(ticket);
        if (!name.endsWith(CLAIMED) && running(ticket) && rename(name, name + CLAIMED)) {
          ticks.wanted();
          return new Spare(name, ticket.getId());
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
      if (c.getLabels() != null && c.getLabels().containsKey(CLAIMED_BY)) {
        spares.add(c.getLabels().get(CLAIMED_BY));
      }
      if (c.getNetworkSettings() != null) {
        c.getNetworkSettings().getNetworks().keySet().stream()
            .filter(n -> n.startsWith(PREFIX)).forEach(spares::add);
      }
    }
    return spares;
  }

  /**
   * Removes a claimed spare network's holder, then the network (the lab's containers are gone).
   * The engine may still be releasing a just removed container's endpoint, so a refusal is
   * retried briefly; a network still refused goes at a later sweep (it has no ticket any more).
   */
  void remove(String network) {
    DockerEngine.removeQuietly(() -> docker.removeContainerCmd(network + CLAIMED)
        .withForce(true).exec());
    for (int attempt = 0; attempt < REMOVE_ATTEMPTS; attempt++) {
      if (DockerEngine.removeQuietly(() -> docker.removeNetworkCmd(network).exec())) {
        subnets.releaseNetwork(network);
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
        if (!name.endsWith(CLAIMED) && dead(ticket, now)) {
          // a holder that died (or a ticket of an older range that was never started): a lab
          // could not join it, so it goes like an unused spare at shutdown
          if (rename(name, name + CLAIMED)) {
            remove(name);
          }
        } else if (!name.endsWith(CLAIMED) && running(ticket)) {
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

  /** One spare: an internal network on a free subnet, then its ticket, the running holder. */
  private void createSpare() throws LabBackendException {
    String name = PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String network = engine.createOnFreeSubnet(subnets, name, subnet ->
        DockerIsolation.createNetwork(docker, name, Map.of(SPARE, installation), true, subnet));
    String holder = docker.createContainerCmd(ticketImage)
        .withName(name)
        .withHostName(TARGET)
        .withUser("65534:65534")
        .withCmd("sleep", "2147483647")
        .withLabels(Map.of(SPARE, installation, SPARE_NETWORK, network))
        .withAliases(TARGET)
        .withHostConfig(DockerIsolation.holderConfig(name))
        .exec().getId();
    docker.startContainerCmd(holder).exec();
  }

  private static boolean running(Container ticket) {
    return "running".equals(ticket.getState());
  }

  /**
   * A ticket no lab can use: its holder stopped, or it was created and not started for a while
   * (its creator died in between; a ticket of an older range that never started its tickets).
   */
  private static boolean dead(Container ticket, Instant now) {
    return "exited".equals(ticket.getState()) || "dead".equals(ticket.getState())
        || ("created".equals(ticket.getState()) && ticket.getCreated() != null
            && Instant.ofEpochSecond(ticket.getCreated()).isBefore(now.minus(ABANDONED)));
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
