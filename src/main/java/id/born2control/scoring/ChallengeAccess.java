package id.born2control.scoring;

import id.born2control.catalog.CatalogEntry;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabAccessRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a challenge is open to a trainee: its prerequisites solved (in a team exercise by any
 * member of the trainee's team, see {@link SolvedChallenges}) and, when it is reserved to
 * exercises, one of them running for the trainee's cohort. Flag submissions check the same
 * facts; labs ask through {@link LabAccessRules} before a start, and defense-check points are
 * paid only while the challenge is open.
 */
@ApplicationScoped
class ChallengeAccess implements LabAccessRules {

  private final SolveCounters counters;
  private final SolvedChallenges solved;
  private final ExerciseService exercises;

  ChallengeAccess(SolveCounters counters, SolvedChallenges solved, ExerciseService exercises) {
    this.counters = counters;
    this.solved = solved;
    this.exercises = exercises;
  }

  @Override
  public void checkStart(TraineeRef trainee, CatalogEntry entry) {
    counters.know(trainee);
    List<String> missing = missing(trainee.id(), entry);
    if (!missing.isEmpty()) {
      throw new ScoringErrors.RequirementsNotMet(entry.slug(), missing, "starting the lab of");
    }
    exercises.attribute(entry.slug(), trainee.cohort(), Instant.now());
  }

  /**
   * The exercise a defense check that held at {@code at} counts in, or empty when the challenge
   * was not open to the trainee then (prerequisites unsolved, its exercise not running).
   */
  Optional<ExerciseRef> defenseExercise(long traineeId, String cohort, CatalogEntry entry,
      Instant at) {
    if (!missing(traineeId, entry).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(exercises.attribute(entry.slug(), cohort, at));
    } catch (ScoringErrors.ExerciseNotRunning closed) {
      return Optional.empty();
    }
  }

  /** The prerequisites of the challenge not solved for the trainee (or their team). */
  List<String> missing(long traineeId, CatalogEntry entry) {
    if (entry.prerequisites().isEmpty()) {
      return List.of();
    }
    Set<String> done = solved.solved(traineeId);
    return entry.prerequisites().stream().filter(p -> !done.contains(p)).toList();
  }
}
