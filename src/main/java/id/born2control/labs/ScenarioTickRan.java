package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.ScenarioPoints;
import java.time.Instant;
import java.util.List;

/**
 * One tick of a lab's scenario was run (or recorded as missed) and stored: what each check
 * reported and what became of each adversary step due in it. Fired by the labs feature outside
 * any transaction; scoring scores the tick and pays it. {@code teamId} is the team whose lab it
 * is (a team lab), else null: its points are then the team's, as {@link DefenseCheckPassed}'s.
 */
public record ScenarioTickRan(String instanceId, long traineeId, Long teamId, String slug,
    long tick, Instant at, ScenarioPoints points, List<ServiceCheckStatus> checks,
    List<AdversaryOutcome> steps) {}
