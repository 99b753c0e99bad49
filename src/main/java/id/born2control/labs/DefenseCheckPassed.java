package id.born2control.labs;

import java.time.Instant;

/**
 * A defense check held in a trainee's lab. Fired by the labs feature inside the transaction that
 * records the check result; scoring turns it into points once per trainee, challenge and check.
 */
public record DefenseCheckPassed(
    long traineeId, String slug, String check, int points, String instanceId, Instant at) {}
