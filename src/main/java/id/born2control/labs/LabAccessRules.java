package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TraineeRef;
import java.util.Optional;

/**
 * Whether a trainee may work on a challenge's lab now, by the rules flag submissions follow:
 * its prerequisites solved, its exercise running for the trainee's cohort (a challenge reserved
 * to an exercise is closed outside it), and whose lab it is (the trainee's, or their team's in a
 * team exercise). Those rules and the facts they need belong to scoring, which implements this;
 * labs asks through it and never reads scoring's tables.
 */
public interface LabAccessRules {

  /** Throws the problem to answer when {@code trainee} may not start {@code entry}'s lab now. */
  void checkStart(TraineeRef trainee, CatalogEntry entry);

  /**
   * The team whose lab {@code trainee} starts for {@code entry} now: their current team when the
   * exercise the challenge counts in for them is played in teams, else empty (their own lab).
   * Throws the problem to answer when that exercise is a team one and they are in no team.
   */
  Optional<TeamRef> labTeam(TraineeRef trainee, CatalogEntry entry);
}
