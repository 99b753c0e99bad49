package id.born2control.scoreboard;

import id.born2control.identity.NotSignedInException;
import id.born2control.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/** The query parameters of the board APIs (individual and team boards), checked alike. */
final class BoardParameters {

  private BoardParameters() {}

  static BoardKey key(ScoreboardService scoreboard, String exercise, String cohort) {
    Long exerciseId = exercise(exercise);
    if (exerciseId != null && !scoreboard.knowsExercise(exerciseId)) {
      throw ScoreboardProblem.exerciseNotFound(exerciseId);
    }
    return new BoardKey(exerciseId, cohort(cohort));
  }

  static Long exercise(String exercise) {
    if (exercise == null || exercise.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(exercise.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ScoreboardProblem.badParameter("exercise", exercise, "a positive exercise id");
  }

  static String cohort(String cohort) {
    if (cohort == null || cohort.isBlank()) {
      return null;
    }
    if (cohort.length() > 100 || cohort.chars().anyMatch(Character::isISOControl)) {
      throw ScoreboardProblem.badParameter("cohort", cohort.substring(0,
          Math.min(cohort.length(), 100)).replaceAll("\\p{Cntrl}", "?"),
          "a cohort name of at most 100 printable characters");
    }
    return cohort.trim();
  }

  static int integer(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ScoreboardProblem.badParameter(name, value, max == Integer.MAX_VALUE
        ? "a whole number of at least " + min : "a whole number from " + min + " to " + max);
  }

  /** {@code live=true} is for officials and instructors; anyone may ask for the public board. */
  static boolean live(SecurityIdentity identity, String live) {
    if (live == null || live.isBlank() || live.equalsIgnoreCase("false")) {
      return false;
    }
    if (!live.equalsIgnoreCase("true")) {
      throw ScoreboardProblem.badParameter("live", live, "true or false");
    }
    if (identity.isAnonymous()) {
      throw new NotSignedInException();
    }
    if (!identity.hasRole(Roles.OFFICIAL) && !identity.hasRole(Roles.INSTRUCTOR)) {
      throw ScoreboardProblem.liveForbidden();
    }
    return true;
  }

  /** The export's file name for a board. */
  static String fileName(String prefix, BoardKey key) {
    return prefix + (key.exerciseId() == null ? "" : "-exercise-" + key.exerciseId())
        + (key.cohort() == null ? "" : "-" + key.cohort().replaceAll("[^A-Za-z0-9._-]", "_"))
        + ".csv";
  }
}
