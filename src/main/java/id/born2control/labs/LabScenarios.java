package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
   * The lab's scenario clock: ticks counted from {@code startedAt}, its live-fire exercise's
   * start (the same for every participant) or else the lab's own; {@code nextTickAt} is null
   * once no further tick will run (the lab or the exercise clock ended).
   */
  public record Clock(Instant startedAt, int tickSeconds, long tick, Instant nextTickAt) {}

  /** The latest result of one check; {@code tick} 0 and not checked before the first tick. */
  public record CheckLight(String name, String description, String status, String reason,
      long tick) {}

  /** One run of an adversary step. */
  public record AttackEvent(Instant at, long tick, String step, String technique,
      String outcome) {}

  /** The scenario panel's lab part. */
  public record ScenarioView(String lab, String challenge, long traineeId, String state,
      Clock clock, List<CheckLight> checks, List<AttackEvent> adversary) {}

  private final LabStates states;

  LabScenarios(LabStates states) {
    this.states = states;
  }

  /** The scenario of a lab of this trainee's (or any, for staff); 404 otherwise or without. */
  public ScenarioView view(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance lab = LabStates.ownedOrThrow(instanceId, traineeId, anyOwner);
    ChallengeSpec spec = states.spec(lab);
    ScenarioSpec scenario = spec.scenario();
    if (scenario == null) {
      throw LabException.noScenario(instanceId);
    }
    Clock clock = null;
    Instant origin = lab.clockOrigin();
    if (lab.startedAt != null && origin != null) {
      Instant now = lab.clockLimit(lab.endedAt != null ? lab.endedAt : Instant.now());
      long tick = ScenarioSchedule.tickAt(origin, scenario.tickSeconds(), now);
      Instant next = ScenarioSchedule.tickEnd(origin, scenario.tickSeconds(), tick + 1);
      boolean ticking = lab.state == LabState.RUNNING
          && (lab.clockEnd == null || !next.isAfter(lab.clockEnd));
      clock = new Clock(origin, scenario.tickSeconds(), tick, ticking ? next : null);
    }
    Map<String, ScenarioCheckResult> latest = LabStates.tx(() ->
        ScenarioCheckResult.latest(instanceId)).stream()
        .collect(Collectors.toMap(r -> r.checkName, Function.identity(), (a, b) -> a));
    List<CheckLight> lights = scenario.checks().stream().map(c -> light(c, latest.get(c.name())))
        .toList();
    List<AttackEvent> events = LabStates.tx(() -> ScenarioStepRun.ofLab(instanceId)).stream()
        .map(r -> new AttackEvent(r.ranAt, r.tick, r.stepName, r.technique,
            r.outcome.name().toLowerCase()))
        .toList();
    return new ScenarioView(instanceId, lab.challengeSlug, lab.traineeId,
        lab.state.name().toLowerCase(), clock, lights, events);
  }

  private static CheckLight light(ScenarioCheck check, ScenarioCheckResult result) {
    return result == null
        ? new CheckLight(check.name(), check.description(), "not_checked", "not checked yet", 0)
        : new CheckLight(check.name(), check.description(), result.status.name().toLowerCase(),
            result.reason, result.tick);
  }
}
