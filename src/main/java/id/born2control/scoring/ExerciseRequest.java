package id.born2control.scoring;

import java.time.Instant;
import java.util.List;

/**
 * An exercise as instructors create or change it. Empty {@code cohorts} means every cohort,
 * empty {@code challenges} every challenge; {@code endsAt} and {@code freezeAt} are optional;
 * {@code mode} is {@code individual} (when null) or {@code team}.
 */
public record ExerciseRequest(
    String name,
    Instant startsAt,
    Instant endsAt,
    Instant freezeAt,
    List<String> cohorts,
    List<String> challenges,
    String mode) {

  /** An individual exercise. */
  public ExerciseRequest(String name, Instant startsAt, Instant endsAt, Instant freezeAt,
      List<String> cohorts, List<String> challenges) {
    this(name, startsAt, endsAt, freezeAt, cohorts, challenges, null);
  }
}
