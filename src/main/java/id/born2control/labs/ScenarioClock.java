package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import id.born2control.cluster.ClusterMembership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The leader's scenario clock: every running lab whose challenge has a scenario gets, after
 * each of its ticks, the adversary steps due in that tick and then one run of its checks, on a
 * bounded pool so a slow lab never delays another and many labs' ticks run side by side.
 * Ticks are counted from the lab's clock origin: its live-fire exercise's start, the same for
 * every participant (late or restarted), else the lab's own start; none past the exercise
 * clock's end. Each is run its participant's {@link ScenarioSchedule#phase} after it ends, so an
 * exercise's labs are not all run at one instant. Ticks the range did not run in time (no
 * leader, restart, pool full, the lab not yet running) are recorded as not checked and their
 * steps as not run: never the trainee's failure. A tick due between two sweeps is handed to the
 * pool when it is due; one run later than a tenth of its length after it was due is logged and
 * counted ({@code b2c.scenario.ticks.late}). Each tick stored is announced with
 * {@link ScenarioTickRan} for scoring. The hidden hosts' runners ({@link HostRunnerSessions})
 * of labs that no longer run are closed at each sweep, all of them when this range stops leading.
 */
@ApplicationScoped
class ScenarioClock {

  private static final Logger LOG = Logger.getLogger(ScenarioClock.class);
  static final String MISSED = "the range did not run this tick";
  /** A tick due sooner than this after a sweep is timed to that moment (above the sweep period). */
  private static final long LOOKAHEAD_MILLIS = 2_000;

  private final LabStates states;
  private final ScenarioChecks checks;
  private final AdversarySteps adversary;
  private final ClusterMembership membership;
  private final Event<ScenarioTickRan> ticks;
  private final HiddenHostKeeper hidden;
  private final HostRunnerSessions runners;
  private final Counter late;
  private final ThreadPoolExecutor pool;
  /** Hands a tick that ends between two sweeps to the pool when it ends (does no work itself). */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "b2c-scenario-timer");
    t.setDaemon(true);
    return t;
  });
  /** The last tick stored per lab (read from the database the first time a lab is seen). */
  private final Map<String, Long> done = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  ScenarioClock(LabStates states, ScenarioChecks checks, AdversarySteps adversary,
      ClusterMembership membership, Event<ScenarioTickRan> ticks, HiddenHostKeeper hidden,
      HostRunnerSessions runners, MeterRegistry meters, LabsConfig config) {
    this.states = states;
    this.runners = runners;
    this.hidden = hidden;
    this.late = Counter.builder("b2c.scenario.ticks.late")
        .description("Scenario ticks run later than a tenth of the tick after they were due")
        .register(meters);
    this.checks = checks;
    this.adversary = adversary;
    this.membership = membership;
    this.ticks = ticks;
    this.pool = new ThreadPoolExecutor(config.scenarioThreads(), config.scenarioThreads(),
        60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.scenarioQueue()),
        r -> {
          Thread t = new Thread(r, "b2c-scenario");
          t.setDaemon(true);
          return t;
        });
  }

  void onStop(@Observes ShutdownEvent event) {
    timer.shutdownNow();
    pool.shutdownNow();
  }

  /** On the leader: hands every running scenario lab whose tick has ended to the pool. */
  @Scheduled(every = "${b2c.labs.scenario-clock-every:1s}", delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    if (!membership.isLeader()) {
      runners.closeAll(); // only the leader runs ticks: a former leader's runners go
      return;
    }
    Instant now = Instant.now();
    List<LabInstance> running;
    try {
      running = LabStates.tx(LabInstance::listActive).stream()
          .filter(l -> l.state == LabState.RUNNING && l.startedAt != null).toList();
    } catch (RuntimeException e) {
      LOG.warnf("Labs: scenario clock sweep failed: %s", e.getMessage());
      return;
    }
    Set<String> runningIds = running.stream().map(l -> l.instanceId).collect(Collectors.toSet());
    done.keySet().retainAll(runningIds);
    runners.retainLabs(runningIds);
    for (LabInstance lab : running) {
      ChallengeSpec spec;
      try {
        spec = states.spec(lab);
      } catch (RuntimeException e) {
        continue;
      }
      if (spec.scenario() == null) {
        continue;
      }
      int tick = spec.scenario().tickSeconds();
      // Each tick is run its participant's phase after it ends: due are those ended by then.
      Duration phase = ScenarioSchedule.phase(lab.participant(), tick);
      long due = ScenarioSchedule.tickAt(lab.clockOrigin(), tick,
          lab.clockLimit(now.minus(phase)));
      long last = lastDone(lab.instanceId);
      if (due >= 1 && due > last) {
        if (inFlight.add(lab.instanceId)) {
          submit(lab, spec, due);
        }
        continue;
      }
      // The next tick is due before the next sweep: run it then, not up to a sweep late.
      long next = Math.max(due, last) + 1;
      Instant nextEnd = ScenarioSchedule.tickEnd(lab.clockOrigin(), tick, next);
      long wait = Duration.between(now, nextEnd.plus(phase)).toMillis();
      if (wait < LOOKAHEAD_MILLIS && (lab.clockEnd == null || !nextEnd.isAfter(lab.clockEnd))
          && inFlight.add(lab.instanceId)) {
        try {
          timer.schedule(() -> submit(lab, spec, next), Math.max(0, wait) + 1,
              TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
          inFlight.remove(lab.instanceId);
        }
      }
    }
  }

  /** Hands tick {@code due} of a lab marked in flight to the pool (unmarks it when full). */
  private void submit(LabInstance lab, ChallengeSpec spec, long due) {
    try {
      pool.execute(() -> runTicks(lab, spec, due));
    } catch (RejectedExecutionException full) {
      inFlight.remove(lab.instanceId);
      LOG.debugf("Labs: scenario pool full, tick %d of %s waits", due, lab.instanceId);
    }
  }

  private long lastDone(String instanceId) {
    return done.computeIfAbsent(instanceId, id -> LabStates.tx(() -> ScenarioCheckResult
        .lastTick(id)));
  }

  /**
   * Records the ticks missed since the last one stored, then runs tick {@code due}; a tick that
   * ended before the lab was running (a lab joining its exercise's clock late) is missed too:
   * its checks would tell the state of a moment the lab did not exist.
   */
  private void runTicks(LabInstance lab, ChallengeSpec spec, long due) {
    ScenarioSpec scenario = spec.scenario();
    try {
      boolean dueBeforeLab = ScenarioSchedule.tickEnd(lab.clockOrigin(), scenario.tickSeconds(),
          due).isBefore(lab.startedAt);
      for (long t = lastDone(lab.instanceId) + 1; t < due || (t == due && dueBeforeLab); t++) {
        recordMissed(lab, spec, t);
      }
      if (dueBeforeLab) {
        return;
      }
      noteLateness(lab, scenario.tickSeconds(), due);
      List<AdversaryStep> dueSteps = ScenarioSchedule.due(scenario.adversary(),
          scenario.tickSeconds(), due);
      List<AdversaryOutcome> steps = adversary.run(lab, spec, due, dueSteps);
      List<CheckerRun.Outcome> outcomes = checks.runTick(lab.instanceId, due);
      announce(lab, spec, due, outcomes.stream().map(CheckerRun.Outcome::status).toList(), steps);
      hidden.afterTick(lab, scenario, outcomes, dueSteps, steps);
      done.put(lab.instanceId, due);
    } catch (RuntimeException e) {
      // a tick stored twice (another leader ran it) or a database hiccup: read again next time
      done.remove(lab.instanceId);
      LOG.warnf("Labs: scenario tick %d of %s failed: %s", due, lab.instanceId, e.getMessage());
    } finally {
      inFlight.remove(lab.instanceId);
    }
  }

  /** Stores tick {@code t} of a lab as not checked, its steps as not run, and announces it. */
  private void recordMissed(LabInstance lab, ChallengeSpec spec, long t) {
    ScenarioSpec scenario = spec.scenario();
    List<AdversaryStep> steps = ScenarioSchedule.due(scenario.adversary(),
        scenario.tickSeconds(), t);
    checks.recordMissed(lab.instanceId, spec, t, MISSED);
    adversary.recordMissed(lab.instanceId, t, steps, MISSED);
    announce(lab, spec, t,
        scenario.checks().stream().map(c -> ServiceCheckStatus.NOT_CHECKED).toList(),
        steps.stream().map(s -> AdversaryOutcome.NOT_RUN).toList());
    done.put(lab.instanceId, t);
  }

  /** Logs and counts a tick that starts later than a tenth of its length after it was due. */
  private void noteLateness(LabInstance lab, int tickSeconds, long tick) {
    Instant dueAt = ScenarioSchedule.tickEnd(lab.clockOrigin(), tickSeconds, tick)
        .plus(ScenarioSchedule.phase(lab.participant(), tickSeconds));
    Duration behind = Duration.between(dueAt, Instant.now());
    if (behind.toMillis() > tickSeconds * 100L) {
      late.increment();
      LOG.warnf("Labs: scenario tick %d of %s runs %d ms late (tick %d s)", tick,
          lab.instanceId, behind.toMillis(), tickSeconds);
    }
  }

  private void announce(LabInstance lab, ChallengeSpec spec, long tick,
      List<ServiceCheckStatus> results, List<AdversaryOutcome> steps) {
    ticks.fire(new ScenarioTickRan(lab.instanceId, lab.traineeId, lab.teamId, spec.slug(), tick,
        ScenarioSchedule.tickEnd(lab.clockOrigin(), spec.scenario().tickSeconds(), tick),
        spec.scenario().points(), results, steps));
  }
}
