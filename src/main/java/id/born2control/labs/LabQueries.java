package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.Access;
import id.born2control.catalog.ChallengeSpec.HostSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import id.born2control.catalog.ChallengeSpec.TerminalTarget;
import id.born2control.labs.LabBackend.LabUsage;
import id.born2control.labs.LabViews.FleetLab;
import id.born2control.labs.LabViews.FleetPage;
import id.born2control.labs.LabViews.LabView;
import id.born2control.labs.LabViews.UsageView;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reading labs: the trainee's own, one lab, where its terminal attaches and where the range
 * reaches its web and tunnelled ports (after checking who asks), and the fleet view of every
 * active lab with the resource use of each.
 */
@ApplicationScoped
class LabQueries {

  private static final int ENDED_SHOWN = 10;
  private static final Duration USAGE_WAIT = Duration.ofSeconds(3);

  private final LabBackend backend;
  private final LabStates states;
  private final LabEndpoints endpoints;
  private final StaffVisits staffVisits;
  private final ExecutorService usageReaders = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "b2c-lab-usage");
    t.setDaemon(true);
    return t;
  });

  LabQueries(LabBackend backend, LabStates states, LabEndpoints endpoints, StaffVisits staffVisits) {
    this.backend = backend;
    this.states = states;
    this.endpoints = endpoints;
    this.staffVisits = staffVisits;
  }

  void onStop(@Observes ShutdownEvent event) {
    usageReaders.shutdownNow();
  }

  /** The trainee's active labs and the last few ended ones, their team's among them. */
  List<LabView> mine(long traineeId) {
    List<LabInstance> recent = LabStates.tx(() -> {
      Long team = states.teamOf(traineeId);
      return LabInstance.listRecentOf(traineeId, team == null ? -1 : team, ENDED_SHOWN);
    });
    return recent.stream().map(states::view).toList();
  }

  /** One lab, if it belongs to this trainee (or the caller may see every lab). */
  LabView get(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance lab = states.ownedOrThrow(instanceId, traineeId, anyOwner);
    return states.view(lab);
  }

  /**
   * The container and user the terminal of a running lab attaches to: the lab's default, or
   * trainee host {@code host} of a lab of several hosts. A hidden host is answered as an unknown
   * one, so the answer does not even tell that it exists.
   */
  LabService.Attach attach(String instanceId, long traineeId, boolean anyOwner, String host) {
    if (host == null || host.isEmpty()) {
      return attach(instanceId, traineeId, anyOwner);
    }
    LabInstance i = states.ownedOrThrow(instanceId, traineeId, anyOwner);
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    LabSpec lab = states.spec(i).lab();
    HostSpec spec = lab.multiHost() ? lab.hosts().get(host) : null;
    if (spec == null || spec.access() != Access.TRAINEE) {
      throw LabException.noSuchHost(instanceId, host);
    }
    staffVisits.entered(traineeId, i, "terminal");
    return new LabService.Attach(host.equals(lab.primaryHost()) ? i.targetContainer
        : LabTopology.containerName(instanceId, host), spec.user());
  }

  /** The container and user the terminal of a running lab attaches to. */
  LabService.Attach attach(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance i = states.ownedOrThrow(instanceId, traineeId, anyOwner);
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    staffVisits.entered(traineeId, i, "terminal");
    LabSpec lab = states.spec(i).lab();
    String container = lab.terminal() == TerminalTarget.WORKSTATION
        && i.workstationContainer != null ? i.workstationContainer : i.targetContainer;
    return new LabService.Attach(container, lab.user());
  }

  /**
   * Where the range reaches an http port of a running lab ({@code null}: its first), for the lab
   * web origin; empty when the lab has no such port. Staff entering someone else's lab are
   * audited.
   */
  Optional<InetSocketAddress> webEndpoint(String instanceId, long traineeId, boolean anyOwner,
      Integer port) {
    LabInstance i = runningOrThrow(instanceId, traineeId, anyOwner);
    staffVisits.entered(traineeId, i, "web");
    ChallengeSpec spec = states.spec(i);
    Optional<PortSpec> chosen = spec.lab().ports().stream()
        .filter(p -> "http".equals(p.protocol()))
        .filter(p -> port == null || p.port() == port).findFirst();
    return chosen.map(p -> endpointsOf(i, spec).get(p.port()));
  }

  /**
   * Where the range reaches a tcp port of a running lab, for its tunnel; empty when the lab has no
   * such tcp port. Every staff tunnel into someone else's lab is audited.
   */
  Optional<InetSocketAddress> tunnelEndpoint(String instanceId, long traineeId, boolean anyOwner,
      int port) {
    LabInstance i = runningOrThrow(instanceId, traineeId, anyOwner);
    ChallengeSpec spec = states.spec(i);
    if (!LabEndpoints.tcpPorts(spec.lab()).contains(port)) {
      return Optional.empty();
    }
    staffVisits.entered(traineeId, i, "tunnel");
    return Optional.ofNullable(endpointsOf(i, spec).get(port));
  }

  /** The lab, if the caller may see it and it runs. */
  LabInstance runningOrThrow(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance i = states.ownedOrThrow(instanceId, traineeId, anyOwner);
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    return i;
  }

  private Map<Integer, InetSocketAddress> endpointsOf(LabInstance i, ChallengeSpec spec) {
    try {
      return endpoints.of(i.instanceId, i.targetIp, LabEndpoints.tcpPorts(spec.lab()));
    } catch (LabBackendException e) {
      throw LabException.engine("The ports of lab '" + i.instanceId
          + "' cannot be reached right now: " + e.getMessage());
    }
  }

  /**
   * A page of every active lab of every trainee, with the target container's resource use read
   * in parallel (a few readings at a time, each bounded, so the page answers within seconds).
   */
  FleetPage fleet(int offset, int limit) {
    int from = Math.max(0, offset);
    int size = Math.max(1, Math.min(LabService.FLEET_PAGE_MAX, limit));
    record Row(LabInstance lab, Future<Optional<LabUsage>> usage) {}
    List<LabInstance> page = LabStates.tx(() -> LabInstance.pageActive(from, size));
    long total = LabStates.tx(LabInstance::countActive);
    List<Row> rows = new ArrayList<>();
    for (LabInstance i : page) {
      rows.add(new Row(i, i.state == LabState.RUNNING && i.targetContainer != null
          ? usageReaders.submit(() -> backend.usage(i.targetContainer, USAGE_WAIT))
          : CompletableFuture.completedFuture(Optional.empty())));
    }
    long deadline = System.nanoTime() + USAGE_WAIT.multipliedBy(2).toNanos();
    List<FleetLab> labs = new ArrayList<>();
    for (Row row : rows) {
      Optional<LabUsage> usage;
      try {
        usage = row.usage().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        row.usage().cancel(true);
        usage = Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        usage = Optional.empty();
      }
      LabInstance i = row.lab();
      labs.add(new FleetLab(i.instanceId, i.challengeSlug, i.traineeId, i.state.name(),
          i.createdAt, i.startedAt, i.expiresAt, usage.map(u -> new UsageView(u.cpuPercent(),
              u.memoryBytes(), u.memoryLimitBytes(), u.pids())).orElse(null)));
    }
    return new FleetPage(total, from, size, labs);
  }
}
