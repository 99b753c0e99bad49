package id.born2control.scoring;

/**
 * The answer to a submitted flag. {@code status} is {@code correct}, {@code wrong},
 * {@code already_solved} or {@code partial} (a flag of an all-flags challenge, more to find);
 * {@code points} is what the solve is worth now, first-blood bonus included, and {@code bonus}
 * that bonus; {@code attemptsLeft} is how many wrong answers the trainee may still give (null:
 * unlimited), so pages can say it in the trainee's language.
 */
public record SubmissionResult(boolean correct, String status, int points, String message,
    Integer attemptsLeft, int bonus) {

  public SubmissionResult(boolean correct, String status, int points, String message) {
    this(correct, status, points, message, null, 0);
  }
}
