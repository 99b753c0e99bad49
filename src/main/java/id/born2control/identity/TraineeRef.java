package id.born2control.identity;

/**
 * A trainee as other features see it. {@code hidden} and {@code banned} trainees are left out of
 * boards and of dynamic solve counts.
 */
public record TraineeRef(
    long id, String username, String displayName, String cohort, boolean hidden, boolean banned) {

  /** Whether this trainee counts on boards. */
  public boolean ranked() {
    return !hidden && !banned;
  }
}
