package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabRecordings.RecordingView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * What a lab stored over its life, for the staff's debrief: every adversary step run with its
 * output, every check result of every tick, and the terminal sessions recorded in it. Staff
 * only: the callers (resources for instructors and officials) say so; the steps' output is
 * the hidden hosts' and is never shown to the trainee.
 */
@ApplicationScoped
public class LabDebriefs {

  /** One run of an adversary step, with its (bounded) output. */
  public record StepFact(Instant at, long tick, String step, String technique, String outcome,
      String output) {}

  /** One check result at one tick. */
  public record CheckFact(Instant at, long tick, String check, String status, String reason) {}

  /** A lab's stored facts, oldest first in each list. */
  public record LabFacts(String lab, long ownerId, String owner, String challenge, String state,
      Instant startedAt, Instant endedAt, List<StepFact> steps, List<CheckFact> checks,
      List<RecordingView> recordings) {}

  private final LabRecordings recordings;
  private final IdentityService identities;
  private final LabStates states;

  LabDebriefs(LabRecordings recordings, IdentityService identities, LabStates states) {
    this.states = states;
    this.recordings = recordings;
    this.identities = identities;
  }

  /** The facts of any lab, for staff member {@code staffId}; 404 for an unknown lab. */
  public LabFacts facts(String instanceId, long staffId) {
    LabInstance lab = states.ownedOrThrow(instanceId, staffId, true);
    List<StepFact> steps = LabStates.tx(() -> ScenarioStepRun.ofLab(instanceId)).stream()
        .map(r -> new StepFact(r.ranAt, r.tick, r.stepName, r.technique,
            r.outcome.name().toLowerCase(), r.output))
        .toList();
    List<CheckFact> checks = LabStates.tx(() -> ScenarioCheckResult.ofLab(instanceId)).stream()
        .map(r -> new CheckFact(r.checkedAt, r.tick, r.checkName,
            r.status.name().toLowerCase(), r.reason))
        .toList();
    String owner = identities.byId(lab.traineeId).map(TraineeRef::username)
        .orElse("user#" + lab.traineeId);
    return new LabFacts(instanceId, lab.traineeId, owner, lab.challengeSlug,
        lab.state.name().toLowerCase(), lab.startedAt, lab.endedAt, steps, checks,
        recordings.ofLab(instanceId, staffId, true));
  }
}
