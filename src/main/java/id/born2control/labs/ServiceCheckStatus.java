package id.born2control.labs;

/**
 * What a scenario's service check reported for one tick. A check script says it by its exit
 * status: 0 ok, 1 down, 2 faulty (up but wrong: defaced, data lost), 3 compromised, 124 down
 * (no answer in time); any other status, a missing result or a checker that did not run is
 * {@link #NOT_CHECKED}, never the trainee's failure.
 */
public enum ServiceCheckStatus {
  OK,
  DOWN,
  FAULTY,
  COMPROMISED,
  NOT_CHECKED;

  /** The status a check script's exit code stands for. */
  static ServiceCheckStatus ofExit(int exit) {
    return switch (exit) {
      case 0 -> OK;
      case 1, 124 -> DOWN;
      case 2 -> FAULTY;
      case 3 -> COMPROMISED;
      default -> NOT_CHECKED;
    };
  }
}
