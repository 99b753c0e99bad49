package id.born2control.flags;

import id.born2control.catalog.ChallengeSpec;
import java.util.List;
import java.util.Optional;

/**
 * One kind of flag (static, regex, dynamic). Each challenge flag a matcher handles has a key, so
 * that {@code logic: all} can track which ones a trainee has found.
 */
public interface FlagMatcher {

  /** The keys of the challenge's flags this matcher checks; empty when it has none. */
  List<String> keys(ChallengeSpec spec);

  /** Checks one submitted (length-capped) flag of {@code traineeId}. */
  Optional<FlagMatch> match(ChallengeSpec spec, long traineeId, String submitted);

  /** Order in which matchers are asked: cheap in-memory ones before database lookups. */
  int order();

  /**
   * Whether checking a flag of this challenge reads the database (so it blocks): the submission
   * path judges everything else on the event loop.
   */
  default boolean readsDatabase(ChallengeSpec spec) {
    return false;
  }
}
