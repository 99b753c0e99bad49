package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.HostSpec;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a lab's scenario looks like to its trainee (or staff): the clock, the latest result of
 * each check and the adversary's steps so far. Steps are told by what the scenario states
 * (name, technique, outcome), never by their output: that is the hidden hosts' and is kept for
 * the debrief.
 */
@ApplicationScoped
public class LabScenarios {

  /**
   * The lab's scenario clock as its participant lives it: ticks counted from {@code startedAt},
   * its live-fire exercise's start (the same for every participant) or else the lab's own;
   * {@code tick} the last one run and {@code nextTickAt} when the next one is run (its end plus
   * the participant's {@link ScenarioSchedule#phase}: when the lights change), null once no
   * further tick will run (the lab or the exercise clock ended).
   */
  public record Clock(Instant startedAt, int tickSeconds, long tick, Instant nextTickAt) {}

  /** The latest result of one check; {@code tick} 0 and not checked before the first tick. */
  public record CheckLight(String name, String description, String status, String reason,
      long tick) {}

  /**
   * One run of an adversary step; {@code source} the fixed address of the host it ran from (what
   * the defender's logs show), null when the scenario gave that host none.
   */
  public record AttackEvent(Instant at, long tick, String step, String technique,
      String outcome, String source) {}

  /**
   * One tick of a lab as stored, pushed live to its owner's panel and the staff wall: what each
   * check reported and the adversary steps run in it; {@code nextTickAt} null once the lab stopped.
   */
  public record TickReport(String lab, long traineeId, String challenge, long tick,
      Instant nextTickAt, List<CheckLight> checks, List<AttackEvent> adversary) {}

  /** The scenario panel's lab part. */
  public record ScenarioView(String lab, String challenge, long traineeId, String state,
      Clock clock, List<CheckLight> checks, List<AttackEvent> adversary) {}

  private final LabStates states;

  LabScenarios(LabStates states) {
    this.states = states;
  }

  /** The scenario of a lab of this trainee's (or any, for staff); 404 otherwise or without. */
  public ScenarioView view(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance lab = states.ownedOrThrow(instanceId, traineeId, anyOwner);
    ChallengeSpec spec = states.spec(lab);
    ScenarioSpec scenario = scenarioOf(lab, spec);
    Clock clock = null;
    Instant origin = lab.clockOrigin();
    if (lab.startedAt != null && origin != null) {
      Duration phase = ScenarioSchedule.phase(lab.participant(), scenario.tickSeconds());
      Instant now = lab.clockLimit((lab.endedAt != null ? lab.endedAt : Instant.now())
          .minus(phase));
      long tick = ScenarioSchedule.tickAt(origin, scenario.tickSeconds(), now);
      clock = new Clock(origin, scenario.tickSeconds(), tick, nextRun(lab, scenario, tick));
    }
    Map<String, ScenarioCheckResult> latest = LabStates.tx(() ->
        ScenarioCheckResult.latest(instanceId)).stream()
        .collect(Collectors.toMap(r -> r.checkName, Function.identity(), (a, b) -> a));
    List<CheckLight> lights = scenario.checks().stream().map(c -> light(c, latest.get(c.name())))
        .toList();
    Map<String, String> sources = sources(spec);
    List<AttackEvent> events = LabStates.tx(() -> ScenarioStepRun.ofLab(instanceId)).stream()
        .map(r -> event(r, sources)).toList();
    return new ScenarioView(instanceId, lab.challengeSlug, lab.traineeId,
        lab.state.name().toLowerCase(), clock, lights, events);
  }

  /**
   * Throws unless the lab is this trainee's (or {@code anyOwner}) and has a scenario: the
   * check before a stream of the lab's ticks opens.
   */
  public void requireVisible(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance lab = states.ownedOrThrow(instanceId, traineeId, anyOwner);
    scenarioOf(lab, states.spec(lab));
  }

  /** What tick {@code tick} of a lab stored (no caller check: for the live pushes). */
  public TickReport tick(String instanceId, long tick) {
    LabInstance lab = LabStates.tx(() -> LabInstance.findByInstanceId(instanceId))
        .orElseThrow(() -> LabException.notFound(instanceId));
    ChallengeSpec spec = states.spec(lab);
    ScenarioSpec scenario = scenarioOf(lab, spec);
    Map<String, ScenarioCheckResult> results = LabStates.tx(() ->
        ScenarioCheckResult.ofTick(instanceId, tick)).stream()
        .collect(Collectors.toMap(r -> r.checkName, Function.identity(), (a, b) -> a));
    Map<String, String> sources = sources(spec);
    List<AttackEvent> steps = LabStates.tx(() -> ScenarioStepRun.ofTick(instanceId, tick))
        .stream().map(r -> event(r, sources)).toList();
    Instant next = lab.startedAt != null ? nextRun(lab, scenario, tick) : null;
    return new TickReport(instanceId, lab.traineeId, lab.challengeSlug, tick, next,
        scenario.checks().stream().map(c -> light(c, results.get(c.name()))).toList(), steps);
  }

  /**
   * When the tick after {@code tick} is run for this lab's participant (its end plus their
   * phase); null when none will be: the lab does not run or the exercise clock ends first.
   */
  private static Instant nextRun(LabInstance lab, ScenarioSpec scenario, long tick) {
    Instant end = ScenarioSchedule.tickEnd(lab.clockOrigin(), scenario.tickSeconds(), tick + 1);
    boolean ticking = lab.state == LabState.RUNNING
        && (lab.clockEnd == null || !end.isAfter(lab.clockEnd));
    return ticking ? end.plus(ScenarioSchedule.phase(lab.participant(), scenario.tickSeconds()))
        : null;
  }

  private static ScenarioSpec scenarioOf(LabInstance lab, ChallengeSpec spec) {
    if (spec.scenario() == null) {
      throw LabException.noScenario(lab.instanceId);
    }
    return spec.scenario();
  }

  private static AttackEvent event(ScenarioStepRun r, Map<String, String> sources) {
    return new AttackEvent(r.ranAt, r.tick, r.stepName, r.technique,
        r.outcome.name().toLowerCase(), sources.get(r.stepName));
  }

  /** Each step's source address: the first fixed address of the host it runs from. */
  static Map<String, String> sources(ChallengeSpec spec) {
    Map<String, String> sources = new HashMap<>();
    if (spec.lab() == null) {
      return sources;
    }
    for (AdversaryStep step : spec.scenario().adversary()) {
      HostSpec host = spec.lab().hosts().get(step.from());
      if (host != null && host.networks() != null) {
        host.networks().values().stream().filter(Objects::nonNull).sorted().findFirst()
            .ifPresent(address -> sources.put(step.name(), address));
      }
    }
    return sources;
  }

  static CheckLight light(ScenarioCheck check, ScenarioCheckResult result) {
    return result == null
        ? new CheckLight(check.name(), check.description(), "not_checked", "not checked yet", 0)
        : new CheckLight(check.name(), check.description(), result.status.name().toLowerCase(),
            result.reason, result.tick);
  }
}
