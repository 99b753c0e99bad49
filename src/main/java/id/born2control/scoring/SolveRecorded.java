package id.born2control.scoring;

import java.time.Instant;

/**
 * A solve has been stored. Fired inside the submission's transaction; observers that update
 * memory use {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}. {@code position} is the
 * solve's order among ranked trainees (1 = first blood).
 */
public record SolveRecorded(
    long solveId, long traineeId, String slug, long exerciseId, Instant at, int position) {}
