package id.born2control.scoring;

import java.time.Instant;
import java.util.List;

/**
 * A live-fire exercise as an instructor schedules it: an exercise of one scenario challenge for
 * some cohorts (at least one) between {@code startsAt} and {@code endsAt}; labs are kept
 * {@code debriefSeconds} after the end (the range's default when null), then removed.
 * {@code mode} is {@code individual} (when null: a lab per trainee) or {@code team} (a team
 * exercise: one lab per team, its tick points the team's).
 */
public record LiveFireRequest(
    String name,
    String challenge,
    List<String> cohorts,
    Instant startsAt,
    Instant endsAt,
    Integer debriefSeconds,
    String mode) {

  /** An individual live-fire exercise. */
  public LiveFireRequest(String name, String challenge, List<String> cohorts, Instant startsAt,
      Instant endsAt, Integer debriefSeconds) {
    this(name, challenge, cohorts, startsAt, endsAt, debriefSeconds, null);
  }
}
