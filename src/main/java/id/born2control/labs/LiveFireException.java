package id.born2control.labs;

import id.born2control.problem.RangeException;
import java.util.List;

/** A live-fire exercise that cannot be scheduled, found or retried, as problem details. */
public class LiveFireException extends RangeException {

  private LiveFireException(int status, String problem, String title, String detail,
      List<String> errors) {
    super(status, problem, title, detail, errors);
  }

  static LiveFireException invalid(List<String> errors) {
    return new LiveFireException(400, "invalid-live-fire", "Invalid live-fire exercise",
        String.join("; ", errors), errors);
  }

  static LiveFireException notFound(long exerciseId) {
    return new LiveFireException(404, "live-fire-not-found", "Live-fire exercise not found",
        "Exercise " + exerciseId + " is not a live-fire exercise.", null);
  }

  static LiveFireException notRunning(long exerciseId, String phase) {
    return new LiveFireException(409, "live-fire-not-running", "Live-fire exercise not running",
        "Exercise " + exerciseId + " is " + phase + ": only a running exercise can be ended.",
        null);
  }

  static LiveFireException noSuchSeat(long exerciseId, long traineeId) {
    return new LiveFireException(404, "live-fire-seat-not-found", "Participant not found",
        "Trainee " + traineeId + " takes no part in live-fire exercise " + exerciseId + ".", null);
  }

  static LiveFireException noSuchTeamSeat(long exerciseId, long teamId) {
    return new LiveFireException(404, "live-fire-seat-not-found", "Participant not found",
        "Team " + teamId + " takes no part in live-fire exercise " + exerciseId + ".", null);
  }
}
