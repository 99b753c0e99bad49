package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.identity.TraineeRef;

/**
 * Whether a trainee may work on a challenge's lab now, by the rules flag submissions follow:
 * its prerequisites solved, its exercise running for the trainee's cohort (a challenge reserved
 * to an exercise is closed outside it). Those rules and the facts they need belong to scoring,
 * which implements this; labs asks through it and never reads scoring's tables.
 */
public interface LabAccessRules {

  /** Throws the problem to answer when {@code trainee} may not start {@code entry}'s lab now. */
  void checkStart(TraineeRef trainee, CatalogEntry entry);
}
