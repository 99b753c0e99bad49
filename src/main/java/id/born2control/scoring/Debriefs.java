package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabDebriefs;
import id.born2control.labs.LabDebriefs.LabFacts;
import id.born2control.scoring.DebriefTimeline.Entry;
import id.born2control.scoring.DebriefTimeline.ScoredTick;
import id.born2control.scoring.DebriefTimeline.TickPoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The debrief of a participant's lab for instructors and officials: the lab's stored facts
 * (labs) and its tick scores (here) on one timeline ({@link DebriefTimeline}). Each reading is
 * in the audit trail, as it shows what a participant typed.
 */
@ApplicationScoped
public class Debriefs {

  /** A lab's debrief: whose, which challenge, when, and its timeline. */
  public record Debrief(String lab, String owner, String challenge, String state,
      Instant startedAt, Instant endedAt, int total, List<Entry> entries) {}

  private final LabDebriefs labs;
  private final AuditService audit;

  Debriefs(LabDebriefs labs, AuditService audit) {
    this.labs = labs;
    this.audit = audit;
  }

  /** The debrief of lab {@code instanceId} for staff member {@code staff}; 404 if unknown. */
  public Debrief of(String instanceId, TraineeRef staff) {
    LabFacts facts = labs.facts(instanceId, staff.id());
    List<ScoredTick> scores = scores(instanceId);
    audit.record(staff.username(), "lab.debrief.read", "lab:" + instanceId,
        Map.of("owner", facts.owner(), "challenge", facts.challenge()));
    return new Debrief(facts.lab(), facts.owner(), facts.challenge(), facts.state(),
        facts.startedAt(), facts.endedAt(),
        scores.stream().mapToInt(s -> s.points().total()).sum(),
        DebriefTimeline.entries(facts.steps(), facts.checks(), scores, facts.recordings()));
  }

  @Transactional
  List<ScoredTick> scores(String instanceId) {
    return ScenarioTickScore.ofLab(instanceId).stream().map(s -> new ScoredTick(s.tick,
        s.scoredAt, new TickPoints(s.service, s.defended, s.attacked, s.compromised, s.total,
            s.paid()))).toList();
  }
}
