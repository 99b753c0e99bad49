package id.born2control.scoring;

import java.time.Instant;
import java.util.List;

/**
 * An exercise as other features see it: a time-boxed event with its challenges and cohorts, and
 * an optional freeze after which the public board stops moving. {@code practice} marks the
 * always-open default exercise (no end, every challenge, every cohort). {@code mode} is
 * {@link #INDIVIDUAL} (each trainee scores alone) or {@link #TEAM} (teams solve and score).
 */
public record ExerciseRef(
    long id,
    String name,
    Instant startsAt,
    Instant endsAt,
    Instant freezeAt,
    List<String> cohorts,
    List<String> challenges,
    boolean practice,
    String mode) {

  public static final String INDIVIDUAL = "individual";
  public static final String TEAM = "team";

  /** An individual exercise, as every exercise was before teams. */
  public ExerciseRef(long id, String name, Instant startsAt, Instant endsAt, Instant freezeAt,
      List<String> cohorts, List<String> challenges, boolean practice) {
    this(id, name, startsAt, endsAt, freezeAt, cohorts, challenges, practice, INDIVIDUAL);
  }

  /** Whether teams, not trainees, solve and score in this exercise. */
  public boolean teamMode() {
    return TEAM.equals(mode);
  }

  /** Whether the public board of this exercise is frozen at {@code now}. */
  public boolean frozenAt(Instant now) {
    return freezeAt != null && !now.isBefore(freezeAt);
  }
}
