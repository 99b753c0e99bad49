package id.born2control.scoring;

/**
 * The answer to a submitted flag. {@code status} is {@code correct}, {@code wrong},
 * {@code already_solved} or {@code partial} (a flag of an all-flags challenge, more to find);
 * {@code points} is what the solve is worth now, first-blood bonus included.
 */
public record SubmissionResult(boolean correct, String status, int points, String message) {}
