package id.born2control.scoring;

import java.time.Instant;
import java.util.List;

/**
 * An exercise as other features see it: a time-boxed event with its challenges and cohorts, and
 * an optional freeze after which the public board stops moving. {@code practice} marks the
 * always-open default exercise (no end, every challenge, every cohort).
 */
public record ExerciseRef(
    long id,
    String name,
    Instant startsAt,
    Instant endsAt,
    Instant freezeAt,
    List<String> cohorts,
    List<String> challenges,
    boolean practice) {

  /** Whether the public board of this exercise is frozen at {@code now}. */
  public boolean frozenAt(Instant now) {
    return freezeAt != null && !now.isBefore(freezeAt);
  }
}
