package id.born2control.scoreboard;

import java.time.Instant;
import java.util.List;

/** The data of live events, as JSON. */
final class LiveViews {

  private LiveViews() {}

  /**
   * A {@code rank} event: the trainees whose score changed since the last push, with their
   * overall rank now and before their change (null when they were not on the board). Trainees
   * moved only by others' changes are implied; a client re-reads its page when it needs them.
   */
  record RankEvent(String board, Instant generatedAt, List<RankChange> changes) {}

  record RankChange(String username, String displayName, String cohort, long score, Integer rank,
      Integer previousRank) {}

  /** A {@code first-blood} event: the first ranked solve of a challenge in an exercise. */
  record FirstBlood(String username, String displayName, String cohort, String challenge,
      String challengeName, long exerciseId, Instant at) {}
}
