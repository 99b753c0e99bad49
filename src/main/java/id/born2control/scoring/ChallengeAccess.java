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
 * Whether a challenge is open to a trainee: its prerequisites solved and, when it is reserved
 * to exercises, one of them running for the trainee's cohort. Flag submissions check the same
 * facts; labs ask through {@link LabAccessRules} before a start, and defense-check points are
 * paid only while the challenge is open. In a team exercise the lab is the team's.
 */
@ApplicationScoped
class ChallengeAccess implements LabAccessRules {

  private final SolveCounters counters;
  private final ExerciseService exercises;
  private final TeamService teams;
  private final TeamSubmissions teamSubmissions;

  ChallengeAccess(SolveCounters counters, ExerciseService exercises, TeamService teams,
      TeamSubmissions teamSubmissions) {
    this.counters = counters;
    this.exercises = exercises;
    this.teams = teams;
    this.teamSubmissions = teamSubmissions;
  }

  @Override
  @Transactional
  public void checkStart(TraineeRef trainee, CatalogEntry entry) {
    counters.know(trainee);
    // In a team exercise the team's solves open the lab, as they open its flag to every member.
    Set<String> solved = labTeam(trainee, entry).map(t -> teamSubmissions.solvedBy(t.id()))
        .orElseGet(() -> counters.solved(trainee.id()));
    List<String> missing = missing(solved, entry);
    if (!missing.isEmpty()) {
      throw new ScoringErrors.RequirementsNotMet(entry.slug(), missing, "starting the lab of");
    }
    exercises.attribute(entry.slug(), trainee.cohort(), Instant.now());
  }

  @Override
  public Optional<TeamRef> labTeam(TraineeRef trainee, CatalogEntry entry) {
    ExerciseRef exercise;
    try {
      exercise = exercises.attribute(entry.slug(), trainee.cohort(), Instant.now());
    } catch (ScoringErrors.ExerciseNotRunning closed) {
      return Optional.empty();
    }
    if (!exercise.teamMode()) {
      return Optional.empty();
    }
    // As for a flag: a lab whose flag would count for no team is not started.
    return Optional.of(teams.currentTeam(trainee.id())
        .orElseThrow(() -> new ScoringErrors.NoTeam(exercise.name())));
  }

  /**
   * The exercise a defense check that held at {@code at} counts in, or empty when the challenge
   * was not open to the trainee then (prerequisites unsolved, its exercise not running).
   */
  Optional<ExerciseRef> defenseExercise(long traineeId, String cohort, CatalogEntry entry,
      Instant at) {
    if (!missing(counters.solved(traineeId), entry).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(exercises.attribute(entry.slug(), cohort, at));
    } catch (ScoringErrors.ExerciseNotRunning closed) {
      return Optional.empty();
    }
  }

  private static List<String> missing(Set<String> solved, CatalogEntry entry) {
    return entry.prerequisites().stream().filter(p -> !solved.contains(p)).toList();
  }
}
