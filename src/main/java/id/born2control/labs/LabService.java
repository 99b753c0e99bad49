package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.CheckSpec;
import id.born2control.catalog.ChallengeSpec.DynamicFlagSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import id.born2control.catalog.ChallengeSpec.TerminalTarget;
import id.born2control.cluster.ClusterMembership;
import id.born2control.cluster.LeaderElected;
import id.born2control.cluster.LiveFeed;
import id.born2control.flags.FlagService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabBackend.ExecResult;
import id.born2control.labs.LabBackend.FlagFile;
import id.born2control.labs.LabBackend.LabHandle;
import id.born2control.labs.LabBackend.LabLaunch;
import id.born2control.labs.LabBackend.ManagedLab;
import id.born2control.labs.LabViews.CheckReport;
import id.born2control.labs.LabViews.CheckView;
import id.born2control.labs.LabViews.FleetLab;
import id.born2control.labs.LabViews.FleetPage;
import id.born2control.labs.LabViews.UsageView;
import id.born2control.labs.LabViews.LabView;
import id.born2control.labs.LabViews.PortView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Lab instances: admission (quotas, capacity, rate), asynchronous start on a bounded worker pool
 * with a first-come queue, stop, extend, defense checks, the reaper and the reconciliation of
 * the engine's containers with the database. Every state transition is stored, then pushed.
 */
@ApplicationScoped
public class LabService {

  private static final Logger LOG = Logger.getLogger(LabService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ENDED_SHOWN = 10;
  /** Live-feed topic of lab state changes, for the owner's streams on every instance. */
  private static final String LAB_TOPIC = "lab";
  /** Largest fleet page: each running lab on it costs one resource reading. */
  public static final int FLEET_PAGE_MAX = 50;
  private static final Duration USAGE_WAIT = Duration.ofSeconds(3);

  private final LabBackend backend;
  private final LabImages images;
  private final LabPorts ports;
  private final LabEvents events;
  private final CatalogService catalog;
  private final FlagService flags;
  private final LabsConfig config;
  private final Event<DefenseCheckPassed> checkPassed;
  private final LiveFeed feed;
  private final ClusterMembership membership;
  private final ThreadPoolExecutor workers;
  private final Object admission = new Object();
  /** Staff entering someone else's lab goes into the audit trail. */
  @jakarta.inject.Inject
  StaffVisits staffVisits;
  private final java.util.concurrent.ExecutorService usageReaders =
      java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "b2c-lab-usage");
        t.setDaemon(true);
        return t;
      });

  LabService(LabBackend backend, LabImages images, LabPorts ports, LabEvents events,
      CatalogService catalog, FlagService flags, LabsConfig config,
      Event<DefenseCheckPassed> checkPassed, LiveFeed feed, ClusterMembership membership) {
    this.backend = backend;
    this.images = images;
    this.ports = ports;
    this.events = events;
    this.catalog = catalog;
    this.flags = flags;
    this.config = config;
    this.checkPassed = checkPassed;
    this.feed = feed;
    this.membership = membership;
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(config.startWorkers(), config.startWorkers(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, config.startQueue())), r -> {
          Thread t = new Thread(r, "b2c-lab-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** A started lab: the view, and whether this call created it (false: it was running). */
  public record Started(LabView lab, boolean created) {}

  // ---------------------------------------------------------------- start

  /**
   * Starts the trainee's lab of this challenge, or returns the active one. Admission is decided
   * here (rate, per-trainee and global limits, queue room) from the stored labs, under a lock
   * that every service instance shares; the containers are created by a worker, so this returns
   * at once with the lab {@code PROVISIONING}.
   */
  public Started start(TraineeRef trainee, CatalogEntry entry) {
    if (!entry.spec().hasLab()) {
      throw LabException.noLab(entry.slug());
    }
    Optional<LabView> running = tx(() -> LabInstance.findActive(trainee.id(), entry.slug())
        .map(this::view));
    if (running.isPresent()) {
      return new Started(running.get(), false);
    }
    var imageStatus = images.status(entry);
    if ("failed".equals(imageStatus.state())) {
      throw LabException.imageUnavailable(entry.slug(), imageStatus.problem());
    }
    LabSpec lab = entry.spec().lab();
    LabView created;
    synchronized (admission) {
      created = tx(() -> {
        LabInstance.lockAdmission();
        Optional<LabInstance> active = LabInstance.findActive(trainee.id(), entry.slug());
        if (active.isPresent()) {
          return null;
        }
        checkStartRate(trainee.id());
        if (LabInstance.countActiveOf(trainee.id()) >= config.perTraineeLimit()) {
          throw LabException.perTraineeLimit(config.perTraineeLimit());
        }
        if (LabInstance.countActive() >= config.globalLimit()) {
          throw LabException.capacity(config.globalLimit());
        }
        if (workers.getQueue().remainingCapacity() == 0) {
          throw LabException.queueFull();
        }
        LabInstance instance = new LabInstance();
        instance.instanceId = newInstanceId();
        instance.traineeId = trainee.id();
        instance.challengeSlug = entry.slug();
        instance.challengeVersionId = entry.versionId();
        instance.state = LabState.PROVISIONING;
        instance.expiresAt = Instant.now().plusSeconds(lab.ttlSeconds());
        instance.starter = membership.instanceKey();
        instance.persist();
        LabView view = view(instance);
        feed.publish(LAB_TOPIC, view);
        return view;
      });
      if (created == null) {
        return new Started(tx(() -> LabInstance.findActive(trainee.id(), entry.slug())
            .map(this::view)).orElseThrow(() -> LabException.notFound(entry.slug())), false);
      }
      try {
        workers.execute(() -> provision(created.id(), entry));
      } catch (RejectedExecutionException e) {
        fail(created.id(), "the range is too busy to start the lab now; try again shortly");
        throw LabException.queueFull();
      }
    }
    events.publish(created);
    images.ensure(entry);
    return new Started(created, true);
  }

  /** At most {@code start-rate} labs created per trainee in the window, counted from the rows. */
  private void checkStartRate(long traineeId) {
    Instant now = Instant.now();
    Duration window = Duration.ofSeconds(config.startRateWindowSeconds());
    List<Instant> starts = LabInstance.startsSince(traineeId, now.minus(window));
    if (starts.size() >= config.startRate()) {
      Instant freed = starts.get(starts.size() - config.startRate()).plus(window);
      long wait = Math.max(1, (Duration.between(now, freed).toMillis() + 999) / 1000);
      throw LabException.startRate(config.startRate(), config.startRateWindowSeconds(), wait);
    }
  }

  private void provision(String instanceId, CatalogEntry entry) {
    Optional<LabInstance> claimed = tx(() -> LabInstance.findByInstanceId(instanceId)
        .filter(i -> i.state == LabState.PROVISIONING)
        .map(i -> {
          i.moveTo(LabState.STARTING, null);
          return i;
        }));
    if (claimed.isEmpty()) {
      // stopped while it waited in the queue
      finishStop(instanceId);
      return;
    }
    publish(instanceId);
    LabInstance instance = claimed.get();
    LabSpec lab = entry.spec().lab();
    try {
      LabImages.Images built;
      try {
        built = images.ensure(entry).get(20, TimeUnit.MINUTES);
      } catch (TimeoutException e) {
        throw new LabBackendException("the lab image is still building; try again later");
      } catch (java.util.concurrent.ExecutionException e) {
        throw new LabBackendException(LabImages.rootMessage(e));
      }
      Map<String, String> env = new LinkedHashMap<>(lab.environment());
      FlagFile flagFile = null;
      DynamicFlagSpec flagSpec = lab.flag();
      if (flagSpec != null) {
        String flag = flags.issue(instance.traineeId, entry.slug(), instanceId,
            flagSpec.template());
        if (flagSpec.env() != null) {
          env.put(flagSpec.env(), flag);
        } else {
          flagFile = new FlagFile(flagSpec.file(), flag + "\n",
              Integer.parseInt(flagSpec.mode(), 8), flagSpec.owner());
        }
      }
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("b2c.trainee", Long.toString(instance.traineeId));
      labels.put("b2c.challenge", entry.slug());
      labels.put("b2c.expires", instance.expiresAt.toString());
      LabLaunch launch = new LabLaunch(instanceId, built.target(), built.workstation(),
          (int) Math.round(lab.limits().cpus() * 1000), lab.limits().memoryBytes(),
          lab.limits().pids(), lab.capabilities(), lab.egress(), env, tcpPorts(lab), flagFile,
          config.maxRestarts(), labels);
      LabHandle handle = backend.start(launch);
      Map<Integer, Integer> published;
      try {
        published = relay(instanceId, handle.targetIp(), tcpPorts(lab));
      } catch (RuntimeException | LabBackendException e) {
        backend.remove(instanceId);
        throw new LabBackendException(e.getMessage());
      }
      boolean keep = tx(() -> LabInstance.findByInstanceId(instanceId).map(i -> {
        i.image = built.target();
        i.networkId = handle.networkId();
        i.targetContainer = handle.targetContainer();
        i.workstationContainer = handle.workstationContainer();
        i.targetIp = handle.targetIp();
        if (i.state != LabState.STARTING) {
          return false;
        }
        i.startedAt = Instant.now();
        i.moveTo(LabState.RUNNING, null);
        return true;
      }).orElse(false));
      if (!keep) {
        finishStop(instanceId);
        return;
      }
      LOG.debugf("Labs: %s of %s running (%s)", instanceId, entry.slug(), published);
      publish(instanceId);
    } catch (Exception e) {
      LOG.warnf("Labs: %s of %s failed to start: %s", instanceId, entry.slug(), e.getMessage());
      ports.close(instanceId);
      backend.remove(instanceId);
      fail(instanceId, e.getMessage());
    }
  }

  /** Publishes a running lab's tcp ports (once per instance), relayed to their endpoints. */
  private Map<Integer, Integer> relay(String instanceId, String targetIp, List<Integer> tcp)
      throws LabBackendException {
    Map<Integer, Integer> published = ports.of(instanceId);
    if (!published.isEmpty() || tcp.isEmpty()) {
      return published;
    }
    return ports.open(instanceId, backend.endpoints(instanceId, targetIp, tcp));
  }

  private static List<Integer> tcpPorts(LabSpec lab) {
    return lab.ports().stream().filter(p -> !"udp".equals(p.protocol()))
        .map(PortSpec::port).toList();
  }

  // ---------------------------------------------------------------- queries

  /** The trainee's active labs and the last few ended ones. */
  public List<LabView> mine(long traineeId) {
    List<LabInstance> recent = tx(() -> LabInstance.listRecentOf(traineeId, ENDED_SHOWN));
    recent.forEach(this::relayIfRunning);
    return recent.stream().map(this::view).toList();
  }

  /** One lab, if it belongs to this trainee (or the caller may see every lab). */
  public LabView get(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance lab = tx(() -> owned(instanceId, traineeId, anyOwner))
        .orElseThrow(() -> LabException.notFound(instanceId));
    relayIfRunning(lab);
    return view(lab);
  }

  /**
   * Relays a lab's ports from this instance too (once), so the ports its owner sees work
   * whichever instance the load balancer picked (each instance shows its own relays at
   * {@code b2c.labs.public-host}); a failure leaves the view without host ports and is retried
   * at the next call.
   */
  private void relayHere(LabInstance i, String targetIp) {
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

  private void relayIfRunning(LabInstance i) {
    if (i.state == LabState.RUNNING) {
      relayHere(i, i.targetIp);
    }
  }

  record Attach(String container, String user) {}

  /** The container and user the terminal of a running lab attaches to. */
  Attach attach(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance i = tx(() -> owned(instanceId, traineeId, anyOwner))
        .orElseThrow(() -> LabException.notFound(instanceId));
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    staffVisits.entered(traineeId, i, "terminal");
    LabSpec lab = spec(i).lab();
    String container = lab.terminal() == TerminalTarget.WORKSTATION && i.workstationContainer != null
        ? i.workstationContainer : i.targetContainer;
    return new Attach(container, lab.user());
  }

  /**
   * Host port of an http port of a running lab, for the proxy. A lab another instance started
   * is relayed from this instance too, from the first request on.
   */
  Optional<Integer> httpPort(String instanceId, long traineeId, boolean anyOwner, Integer port) {
    LabInstance i = tx(() -> owned(instanceId, traineeId, anyOwner))
        .orElseThrow(() -> LabException.notFound(instanceId));
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    staffVisits.entered(traineeId, i, "web");
    List<PortSpec> http = spec(i).lab().ports().stream()
        .filter(p -> "http".equals(p.protocol())).toList();
    Optional<PortSpec> chosen = port == null ? http.stream().findFirst()
        : http.stream().filter(p -> p.port() == port).findFirst();
    Map<Integer, Integer> relayed;
    try {
      relayed = relay(instanceId, i.targetIp, tcpPorts(spec(i).lab()));
    } catch (LabBackendException e) {
      throw LabException.engine("The ports of lab '" + instanceId
          + "' cannot be reached right now: " + e.getMessage());
    }
    return chosen.map(p -> relayed.get(p.port()));
  }

  private static Optional<LabInstance> owned(String instanceId, long traineeId, boolean any) {
    return LabInstance.findByInstanceId(instanceId).filter(i -> any || i.traineeId == traineeId);
  }

  /**
   * A page of every active lab of every trainee, with the target container's resource use read
   * in parallel (a few readings at a time, each bounded, so the page answers within seconds).
   */
  public FleetPage fleet(int offset, int limit) {
    int from = Math.max(0, offset);
    int size = Math.max(1, Math.min(FLEET_PAGE_MAX, limit));
    record Row(LabInstance lab, java.util.concurrent.Future<Optional<LabBackend.LabUsage>> usage) {}
    List<LabInstance> page = tx(() -> LabInstance.pageActive(from, size));
    long total = tx(LabInstance::countActive);
    List<Row> rows = new ArrayList<>();
    for (LabInstance i : page) {
      rows.add(new Row(i, i.state == LabState.RUNNING && i.targetContainer != null
          ? usageReaders.submit(() -> backend.usage(i.targetContainer, USAGE_WAIT))
          : java.util.concurrent.CompletableFuture.completedFuture(Optional.empty())));
    }
    long deadline = System.nanoTime() + USAGE_WAIT.multipliedBy(2).toNanos();
    List<FleetLab> labs = new ArrayList<>();
    for (Row row : rows) {
      Optional<LabBackend.LabUsage> usage;
      try {
        usage = row.usage().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
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

  // ---------------------------------------------------------------- stop, extend

  /** Stops and removes the lab; progress (flags, checks, solves) stays recorded. */
  public LabView stop(String instanceId, long traineeId, boolean anyOwner) {
    LabState before = tx(() -> owned(instanceId, traineeId, anyOwner).map(i -> {
      LabState was = i.state;
      if (was.active() && was != LabState.STOPPING) {
        i.moveTo(LabState.STOPPING, "stopped by its owner");
      }
      return was;
    })).orElseThrow(() -> LabException.notFound(instanceId));
    if (before == LabState.RUNNING || before == LabState.STOPPING) {
      publish(instanceId);
      finishStop(instanceId);
    } else if (before == LabState.PROVISIONING || before == LabState.STARTING) {
      // the worker sees STOPPING and removes what it created
      publish(instanceId);
    }
    return get(instanceId, traineeId, anyOwner);
  }

  private void finishStop(String instanceId) {
    ports.close(instanceId);
    backend.remove(instanceId);
    tx(() -> LabInstance.findByInstanceId(instanceId).ifPresent(i -> {
      if (i.state.active()) {
        i.moveTo(LabState.STOPPED, i.reason);
      }
    }));
    publish(instanceId);
  }

  /** Gives the lab another TTL from now, within the maximum lifetime. */
  public LabView extend(String instanceId, long traineeId, boolean anyOwner) {
    tx(() -> {
      LabInstance i = owned(instanceId, traineeId, anyOwner)
          .orElseThrow(() -> LabException.notFound(instanceId));
      if (i.state != LabState.RUNNING && i.state != LabState.STARTING
          && i.state != LabState.PROVISIONING) {
        throw LabException.notRunning(instanceId, i.state);
      }
      long ttl = spec(i).lab().ttlSeconds();
      Instant limit = i.createdAt.plusSeconds(config.maxLifetimeSeconds());
      Instant wanted = Instant.now().plusSeconds(ttl);
      if (!wanted.isAfter(i.expiresAt)) {
        return;
      }
      if (!i.expiresAt.isBefore(limit)) {
        throw LabException.lifetime(config.maxLifetimeSeconds());
      }
      i.expiresAt = wanted.isAfter(limit) ? limit : wanted;
      i.updatedAt = Instant.now();
    });
    publish(instanceId);
    return get(instanceId, traineeId, anyOwner);
  }

  // ---------------------------------------------------------------- checks

  /** Runs every defense check of a running lab, records each result and fires passes. */
  public CheckReport check(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance i = tx(() -> owned(instanceId, traineeId, anyOwner))
        .orElseThrow(() -> LabException.notFound(instanceId));
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    staffVisits.entered(traineeId, i, "terminal");
    LabSpec lab = spec(i).lab();
    List<CheckView> results = new ArrayList<>();
    for (CheckSpec check : lab.checks()) {
      String container = check.in() == TerminalTarget.WORKSTATION && i.workstationContainer != null
          ? i.workstationContainer : i.targetContainer;
      ExecResult result;
      try {
        result = backend.exec(container, "0", List.of("/bin/sh", "-c", check.run()),
            Duration.ofSeconds(config.checkTimeoutSeconds()));
      } catch (LabBackendException e) {
        result = new ExecResult(-1, e.getMessage(), false);
      }
      String output = result.timedOut()
          ? "the check did not finish within " + config.checkTimeoutSeconds() + " seconds"
          : tail(result.output(), 2000);
      results.add(new CheckView(check.name(), check.description(), result.exitCode() == 0
          && !result.timedOut(), check.points(), result.exitCode(), output));
    }
    Instant at = Instant.now();
    QuarkusTransaction.requiringNew().run(() -> {
      for (CheckView r : results) {
        LabCheckResult row = new LabCheckResult();
        row.instanceId = instanceId;
        row.traineeId = i.traineeId;
        row.challengeSlug = i.challengeSlug;
        row.checkName = r.name();
        row.passed = r.passed();
        row.exitCode = r.exitCode();
        row.output = tail(r.output(), 4000);
        row.checkedAt = at;
        row.persist();
        if (r.passed()) {
          checkPassed.fire(new DefenseCheckPassed(i.traineeId, i.challengeSlug, r.name(),
              r.points(), instanceId, at));
        }
      }
    });
    int passed = (int) results.stream().filter(CheckView::passed).count();
    return new CheckReport(instanceId, i.challengeSlug, passed, results.size(), results, at);
  }

  private static String tail(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(s.length() - max);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Lab changes made by other instances reach the owner's streams here too; a lab that stopped
   * running elsewhere loses any relay this instance opened for it.
   */
  void onStart(@Observes StartupEvent event) {
    feed.subscribe(LAB_TOPIC, LabView.class, view -> {
      if (!LabState.RUNNING.name().equals(view.state())) {
        ports.close(view.id());
      }
      events.publish(view);
    });
  }

  /**
   * The leader (a lone instance at start-up, or the one taking over from a dead leader) adopts
   * labs the engine still runs and removes what the database does not know.
   */
  void onLeader(@Observes LeaderElected elected) {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.warnf("Labs: the container engine could not be reconciled: %s", e.getMessage());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    workers.shutdownNow();
    usageReaders.shutdownNow();
  }

  /**
   * Makes the database and the engine agree: active rows whose containers are gone become
   * FAILED, containers without an active row are removed, live ones are adopted (ports relayed).
   * Sweeps (this and {@link #detectDead()}) run one at a time: one sweep removing a dead lab's
   * containers must not let another record it as "gone" before the first records why it died.
   */
  public synchronized void reconcile() {
    List<ManagedLab> engine = backend.listManaged();
    Map<String, ManagedLab> byId = engine.stream()
        .collect(Collectors.toMap(ManagedLab::instanceId, m -> m, (a, b) -> a));
    List<LabInstance> active = tx(LabInstance::listActive);
    Set<String> activeIds = active.stream().map(i -> i.instanceId).collect(Collectors.toSet());
    for (ManagedLab lab : engine) {
      if (!activeIds.contains(lab.instanceId()) || !config.adoptOnStart()) {
        LOG.infof("Labs: removing orphan lab %s from the engine", lab.instanceId());
        ports.close(lab.instanceId());
        backend.remove(lab.instanceId());
      }
    }
    for (LabInstance i : active) {
      ManagedLab lab = config.adoptOnStart() ? byId.get(i.instanceId) : null;
      boolean startedHere = i.starter == null || i.starter == membership.instanceKey();
      if (i.state == LabState.RUNNING && lab != null && (lab.running() || lab.restarting())) {
        if (!startedHere && membership.isAlive(i.starter)) {
          continue; // its live starter relays its ports
        }
        relayHere(i, lab.targetIp() != null ? lab.targetIp() : i.targetIp);
        continue;
      }
      if (i.state == LabState.PROVISIONING || i.state == LabState.STARTING) {
        boolean inFlight = startedHere
            ? workers.getActiveCount() > 0 || !workers.getQueue().isEmpty()
            : membership.isAlive(i.starter);
        if (inFlight) {
          continue; // being started by this instance or another live one right now
        }
      }
      if (i.state == LabState.STOPPING) {
        finishStop(i.instanceId);
        continue;
      }
      ports.close(i.instanceId);
      backend.remove(i.instanceId);
      fail(i.instanceId, lab == null
          ? "the lab's containers are gone (engine restarted or removed from outside)"
          : describeExit(lab));
    }
  }

  /**
   * Periodic, on the leader only: expired labs are removed; labs that died on the engine are
   * marked.
   */
  @Scheduled(every = "${b2c.labs.reaper-every:5s}", delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reap() {
    if (!membership.isLeader()) {
      return;
    }
    try {
      reapExpired();
      detectDead();
      takeOverFromDeadInstances();
    } catch (RuntimeException e) {
      LOG.warnf("Labs: reaper run failed: %s", e.getMessage());
    }
  }

  /** Stops every lab whose time is up. */
  int reapExpired() {
    List<String> expired = tx(() -> LabInstance.listExpired(Instant.now()).stream().map(i -> {
      i.moveTo(LabState.STOPPING, "expired");
      return i.instanceId;
    }).toList());
    for (String id : expired) {
      publish(id);
      finishStop(id);
    }
    return expired.size();
  }

  /**
   * Labs admitted by a service instance that has died since: a start it left half done (queued
   * in its memory, or waiting for the engine) is removed from the engine and failed, so the
   * trainee can start again at once; a running lab becomes this instance's, which relays its
   * ports from now on (the dead instance's relays went with it).
   */
  synchronized int takeOverFromDeadInstances() {
    int me = membership.instanceKey();
    Map<Integer, Boolean> alive = new HashMap<>();
    int taken = 0;
    for (LabInstance i : tx(() -> LabInstance.listActiveStartedByOthers(me))) {
      if (alive.computeIfAbsent(i.starter, membership::isAlive)) {
        continue;
      }
      taken++;
      if (i.state == LabState.RUNNING) {
        tx(() -> LabInstance.findByInstanceId(i.instanceId).ifPresent(l -> l.starter = me));
        relayHere(i, i.targetIp);
        publish(i.instanceId);
      } else if (i.state == LabState.STOPPING) {
        finishStop(i.instanceId);
      } else {
        ports.close(i.instanceId);
        backend.remove(i.instanceId);
        fail(i.instanceId, "the range server that was starting this lab stopped; start it again");
      }
    }
    return taken;
  }

  /** Marks running labs whose target is no longer running on the engine. */
  synchronized int detectDead() {
    List<LabInstance> running = tx(() -> LabInstance.list("state", LabState.RUNNING));
    if (running.isEmpty()) {
      return 0;
    }
    Map<String, ManagedLab> engine = backend.listManaged().stream()
        .collect(Collectors.toMap(ManagedLab::instanceId, m -> m, (a, b) -> a));
    int dead = 0;
    for (LabInstance i : running) {
      ManagedLab lab = engine.get(i.instanceId);
      if (lab != null && (lab.running() || lab.restarting())) {
        continue;
      }
      String why = lab == null
          ? "the lab's containers are gone (engine restarted or removed from outside)"
          : describeExit(lab);
      // Record why it died before removing the evidence.
      fail(i.instanceId, why);
      ports.close(i.instanceId);
      backend.remove(i.instanceId);
      dead++;
    }
    return dead;
  }

  private String describeExit(ManagedLab lab) {
    if (lab.failure() != null) {
      return lab.failure();
    }
    if (lab.targetContainer() == null) {
      return "the lab's containers are gone (engine restarted or removed from outside)";
    }
    if (lab.oomKilled()) {
      return "the lab's main process was killed for using more memory than its limit";
    }
    if (lab.targetExitCode() == 137) {
      return "the lab was killed from outside the range";
    }
    return "the lab's main process exited with code " + lab.targetExitCode()
        + (lab.targetExitCode() != 0 ? " after " + config.maxRestarts() + " restarts" : "");
  }

  // ---------------------------------------------------------------- helpers

  private void fail(String instanceId, String why) {
    tx(() -> LabInstance.findByInstanceId(instanceId).ifPresent(i -> {
      if (i.state.active()) {
        i.moveTo(LabState.FAILED, why == null ? "unknown failure" : truncate(why, 1000));
      }
    }));
    publish(instanceId);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private void publish(String instanceId) {
    tx(() -> LabInstance.findByInstanceId(instanceId).map(i -> {
      LabView view = view(i);
      feed.publish(LAB_TOPIC, view);
      return view;
    })).ifPresent(events::publish);
  }

  private LabView view(LabInstance i) {
    List<PortView> portViews = new ArrayList<>();
    CatalogEntry entry = catalog.find(i.challengeSlug).orElse(null);
    Map<Integer, Integer> published = i.state == LabState.RUNNING ? ports.of(i.instanceId)
        : Map.of();
    if (entry != null && entry.spec().hasLab()) {
      for (PortSpec p : entry.spec().lab().ports()) {
        Integer hostPort = published.get(p.port());
        String url = "http".equals(p.protocol()) && i.state == LabState.RUNNING
            ? "/labs/" + i.instanceId + "/proxy/" + ("" + p.port()) + "/" : null;
        portViews.add(new PortView(p.port(), p.protocol(),
            hostPort == null ? null : config.publicHost(), hostPort, url));
      }
    }
    return new LabView(i.instanceId, i.challengeSlug, i.traineeId,
        i.state.name(), i.reason, i.createdAt, i.startedAt, i.expiresAt, i.endedAt, portViews,
        i.state == LabState.RUNNING ? "/api/labs/" + i.instanceId + "/terminal" : null);
  }

  private id.born2control.catalog.ChallengeSpec spec(LabInstance i) {
    Optional<id.born2control.catalog.ChallengeSpec> spec = i.challengeVersionId == null
        ? Optional.empty() : catalog.version(i.challengeVersionId);
    return spec.or(() -> catalog.find(i.challengeSlug).map(CatalogEntry::spec))
        .filter(s -> s.hasLab())
        .orElseThrow(() -> LabException.noLab(i.challengeSlug));
  }

  private static String newInstanceId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "lab" + HexFormat.of().formatHex(bytes);
  }

  private static <T> T tx(Supplier<T> work) {
    return QuarkusTransaction.requiringNew().call(work::get);
  }

  private static void tx(Runnable work) {
    QuarkusTransaction.requiringNew().run(work);
  }

  /** Labs waiting for or being started by a worker, for the benchmark and health. */
  int startsInFlight() {
    return workers.getActiveCount() + workers.getQueue().size();
  }
}
