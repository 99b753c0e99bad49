package id.born2control.scoring;

import id.born2control.catalog.CatalogEntry;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabAccessRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a challenge is open to a trainee: its prerequisites solved (in a team exercise by any
 * member of the trainee's team, see {@link SolvedChallenges}) and, when it is reserved to
 * exercises, one of them running for the trainee's cohort. Flag submissions check the same
 * facts; labs ask through {@link LabAccessRules} before a start, and defense-check points are
 * paid only while the challenge is open. In a team exercise the lab is the team's.
 */
@ApplicationScoped
class ChallengeAccess implements LabAccessRules {

  private final SolveCounters counters;
  private final SolvedChallenges solved;
  private final ExerciseService exercises;
  private final TeamService teams;

  ChallengeAccess(SolveCounters counters, SolvedChallenges solved, ExerciseService exercises,
      TeamService teams) {
    this.counters = counters;
    this.solved = solved;
    this.exercises = exercises;
    this.teams = teams;
  }

  @Override
  @Transactional
  public void checkStart(TraineeRef trainee, CatalogEntry entry) {
    counters.know(trainee);
    // In a team exercise the team's solves open the lab, as they open its flag to every member.
    List<String> missing = missing(trainee.id(), entry);
    if (!missing.isEmpty()) {
      throw new ScoringErrors.RequirementsNotMet(entry.slug(), missing, "starting the lab of");
    }
    exercises.attribute(entry.slug(), trainee.cohort(), Instant.now());
  }

  @Override
  public Optional<TeamRef> labTeam(TraineeRef trainee, CatalogEntry entry) {
    // As for a flag: a lab whose flag would count for no team is not started.
    return teamFor(trainee, entry.slug());
  }

  /**
   * The team the trainee plays the challenge for now: empty when the challenge counts in an
   * individual exercise (or in none running), the current team in a team exercise; a trainee in
   * no team then gets the no-team problem. Hints, flags and labs all ask here.
   */
  Optional<TeamRef> teamFor(TraineeRef trainee, String slug) {
    ExerciseRef exercise;
    try {
      exercise = exercises.attribute(slug, trainee.cohort(), Instant.now());
    } catch (ScoringErrors.ExerciseNotRunning closed) {
      return Optional.empty();
    }
    if (!exercise.teamMode()) {
      return Optional.empty();
    }
    return Optional.of(teams.currentTeam(trainee.id())
        .orElseThrow(() -> new ScoringErrors.NoTeam(exercise.name())));
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
