package id.born2control.scoreboard;

import id.born2control.problem.RangeException;

/** A scoreboard request that cannot be answered as asked. */
class ScoreboardProblem extends RangeException {

  private ScoreboardProblem(int status, String problem, String title, String detail) {
    super(status, problem, title, detail);
  }

  /** A query parameter has a value the endpoint does not accept. */
  static ScoreboardProblem badParameter(String name, String value, String expected) {
    return new ScoreboardProblem(400, "invalid-parameter", "Invalid parameter",
        "Query parameter '" + name + "' is '" + value + "'; expected " + expected + ".");
  }

  static ScoreboardProblem exerciseNotFound(long id) {
    return new ScoreboardProblem(404, "exercise-not-found", "Exercise not found",
        "No exercise with id " + id + " is known to the scoreboard.");
  }

  static ScoreboardProblem liveForbidden() {
    return new ScoreboardProblem(403, "live-board-forbidden", "Live board not allowed",
        "Only officials and instructors may see the live board (live=true) of a frozen board.");
  }
}
