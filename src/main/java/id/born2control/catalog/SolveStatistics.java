package id.born2control.catalog;

import java.util.Map;
import java.util.Set;

/**
 * What the catalog shows about solves, provided by the scoring feature: solve counts per
 * challenge and which challenges a trainee has solved (for requirements).
 */
public interface SolveStatistics {

  /** Solves per challenge slug, leaving out hidden and banned trainees. */
  Map<String, Long> solveCounts();

  /** Slugs of the challenges the trainee with this user name has solved. */
  Set<String> solvedBy(String username);
}
