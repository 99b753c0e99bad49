package id.born2control.identity;

import id.born2control.problem.RangeException;
import java.util.List;

/** A team change that breaks a rule: what, where and why, before anything is written. */
public class TeamException extends RangeException {

  TeamException(int status, String problem, String title, String detail) {
    super(status, problem, title, detail);
  }

  TeamException(int status, String problem, String title, String detail, List<String> errors) {
    super(status, problem, title, detail, errors);
  }

  static TeamException notFound(long id) {
    return new TeamException(404, "team-not-found", "Team not found",
        "No team " + id + " exists.");
  }

  static TeamException invalid(List<String> errors) {
    return new TeamException(400, "invalid-team", "Invalid team",
        "The team cannot be saved: " + String.join("; ", errors) + ".", errors);
  }

  static TeamException dissolved(long id) {
    return new TeamException(409, "team-dissolved", "Team dissolved",
        "Team " + id + " has been dissolved; it cannot change any more.");
  }

  static TeamException full(String team, int max) {
    return new TeamException(409, "team-full", "Team full",
        "Team '" + team + "' already has " + max + " members, the most a team may have"
            + " (b2c.identity.team-max-members).");
  }
}
