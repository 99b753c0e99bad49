package id.born2control.scoring;

import id.born2control.problem.RangeException;
import java.util.List;
import java.util.Map;

/** The typed errors of submissions, hints, awards and exercises, each with its problem name. */
final class ScoringErrors {

  private ScoringErrors() {}

  /** The challenge belongs only to exercises that are not running for this trainee. */
  static class ExerciseNotRunning extends RangeException {
    ExerciseNotRunning(String slug) {
      super(409, "exercise-not-running", "Exercise not running",
          "Challenge '" + slug + "' belongs to an exercise that is not running for your cohort"
              + " now.");
    }
  }

  /** Prerequisite challenges are not solved yet. */
  static class RequirementsNotMet extends RangeException {
    RequirementsNotMet(String slug, List<String> missing) {
      this(slug, missing, "submitting flags for");
    }

    /** {@code doing}: what waits for the requirements, e.g. "starting the lab of". */
    RequirementsNotMet(String slug, List<String> missing, String doing) {
      super(403, "requirements-not-met", "Requirements not met",
          "Solve " + String.join(", ", missing) + " before " + doing + " '" + slug + "'.",
          missing);
    }
  }

  /** The challenge's attempts limit is reached. */
  static class AttemptsExhausted extends RangeException {
    AttemptsExhausted(String slug, int attempts) {
      super(403, "attempts-exhausted", "Attempts exhausted",
          "You have used all " + attempts + " attempts for '" + slug + "'.");
    }
  }

  /** Too many submissions in a short time. */
  static class RateLimited extends RangeException {
    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds, int submissions, int seconds) {
      super(429, "rate-limited", "Too many submissions",
          "At most " + submissions + " submissions per " + seconds + " s are accepted; try again"
              + " in " + retryAfterSeconds + " s.");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
  }

  /** Too many submissions are being judged; the client should retry shortly. */
  static class Busy extends RangeException {
    Busy() {
      super(503, "busy", "Busy", "Too many submissions are being judged right now; nothing was"
          + " stored. Send it again in a moment.");
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Retry-After", "1");
    }
  }

  /** The body is not a JSON object with a text {@code flag}. */
  static class MalformedSubmission extends RangeException {
    MalformedSubmission(String why) {
      super(400, "malformed-submission", "Malformed submission",
          "Send a JSON object {\"flag\": \"...\"}: " + why);
    }
  }

  /** The flag is longer than any flag can be. */
  static class FlagTooLong extends RangeException {
    FlagTooLong(int length, int max) {
      super(400, "flag-too-long", "Flag too long",
          "The flag has " + length + " characters; at most " + max + " are accepted.");
    }
  }

  /** The body is larger than the cap. */
  static class SubmissionTooLarge extends RangeException {
    SubmissionTooLarge(long size, int max) {
      super(413, "submission-too-large", "Submission too large",
          "The request body has " + size + " bytes; at most " + max + " are accepted.");
    }
  }

  /** No hint with this index. */
  static class HintNotFound extends RangeException {
    HintNotFound(String slug, int index) {
      super(404, "hint-not-found", "Hint not found",
          "Challenge '" + slug + "' has no hint " + index + ".");
    }
  }

  /** The hint has not been unlocked. */
  static class HintLocked extends RangeException {
    HintLocked(String slug, int index) {
      super(403, "hint-locked", "Hint locked",
          "Unlock hint " + index + " of '" + slug + "' first (POST .../unlock).");
    }
  }

  /** Other hints must be unlocked first. */
  static class HintRequirementsNotMet extends RangeException {
    HintRequirementsNotMet(String slug, int index, List<Integer> missing) {
      super(403, "hint-requirements-not-met", "Hint requirements not met",
          "Unlock hints " + missing + " of '" + slug + "' before hint " + index + ".",
          missing.stream().map(String::valueOf).toList());
    }
  }

  /** No trainee with this user name. */
  static class TraineeNotFound extends RangeException {
    TraineeNotFound(String username) {
      super(404, "trainee-not-found", "Trainee not found",
          "There is no trainee '" + username + "'.");
    }
  }

  /** An award or penalty that cannot be granted. */
  static class InvalidAward extends RangeException {
    InvalidAward(String why) {
      super(400, "invalid-award", "Invalid award", why);
    }
  }

  /** An exercise definition that cannot be stored. */
  static class InvalidExercise extends RangeException {
    InvalidExercise(List<String> errors) {
      super(400, "invalid-exercise", "Invalid exercise", String.join("; ", errors), errors);
    }
  }

  /** No exercise with this id. */
  static class ExerciseNotFound extends RangeException {
    ExerciseNotFound(long id) {
      super(404, "exercise-not-found", "Exercise not found", "There is no exercise " + id + ".");
    }
  }

  /** A team exercise cannot start: trainees without a team, or teams below the minimum size. */
  static class TeamsIncomplete extends RangeException {
    TeamsIncomplete(List<String> withoutTeam, List<String> undersized) {
      super(409, "teams-incomplete", "Teams incomplete",
          "A team exercise starts only when every trainee of its cohorts is in a team of the"
              + " allowed size." + (withoutTeam.isEmpty() ? ""
              : " Trainees without a team: " + String.join(", ", withoutTeam) + ".")
              + (undersized.isEmpty() ? ""
              : " Teams below the minimum size: " + String.join(", ", undersized) + "."),
          java.util.stream.Stream.concat(withoutTeam.stream().map(u -> "without team: " + u),
              undersized.stream().map(t -> "team too small: " + t)).toList());
    }
  }

  /** A trainee in a team exercise who is in no team. */
  static class NoTeam extends RangeException {
    NoTeam(String exercise) {
      super(409, "no-team", "No team",
          "Exercise '" + exercise + "' is played in teams and you are in none; ask an"
              + " instructor to put you in a team.");
    }
  }
}
