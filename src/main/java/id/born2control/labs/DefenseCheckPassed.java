package id.born2control.labs;

import java.time.Instant;

/**
 * A defense check held in a trainee's lab. Fired by the labs feature inside the transaction that
 * records the check result; scoring turns it into points once per trainee, challenge and check.
 * {@code teamId} is the team whose lab it is (a team lab), else null: its points are that team's
 * even when the member who started the lab ({@code traineeId}) has moved to another team since.
 */
public record DefenseCheckPassed(long traineeId, Long teamId, String slug, String check,
    int points, String instanceId, Instant at) {}
