package id.born2control.web;

import id.born2control.scoring.ScoreViews.AdjustmentLine;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point adjustment in words of the reader's language: its kind (first blood, hint, defense
 * check, award, penalty) and what it was for. Shared by the trainee's page and the officials'
 * look into a trainee.
 */
final class AdjustmentTexts {

  /** A point adjustment as pages say it. */
  public record Adjustment(Instant at, String kind, String what, int points) {}

  /**
   * System reasons name hints by index ("hint 1 of slug"), defense checks by name, scenario
   * ticks by number.
   */
  private static final Pattern HINT = Pattern.compile("hint (\\d+) of .*");
  private static final Pattern CHECK = Pattern.compile("defense check (.+) on .*");
  private static final Pattern TICK = Pattern.compile("scenario tick (\\d+) on .*");

  private AdjustmentTexts() {}

  static Adjustment of(AdjustmentLine a, String challenge, Messages words) {
    String reason = a.reason() == null ? "" : a.reason();
    Matcher hint = HINT.matcher(reason);
    Matcher check = CHECK.matcher(reason);
    return switch (a.kind()) {
      case "first-blood" -> new Adjustment(a.at(), words.adj_first_blood(), challenge, a.points());
      // Hints are numbered from 1 on the challenge page; the stored index counts from 0.
      case "hint" -> new Adjustment(a.at(), words.adj_hint(), hint.matches()
          ? words.adj_hint_what(Integer.parseInt(hint.group(1)) + 1, challenge) : challenge,
          a.points());
      case "defense" -> new Adjustment(a.at(), words.adj_defense(), check.matches()
          ? words.adj_defense_what(check.group(1), challenge) : challenge, a.points());
      case "scenario" -> {
        Matcher tick = TICK.matcher(reason);
        yield new Adjustment(a.at(), words.adj_scenario(), tick.matches()
            ? words.adj_scenario_what(tick.group(1), challenge) : challenge, a.points());
      }
      case "award" -> new Adjustment(a.at(), words.adj_award(), reason, a.points());
      case "penalty" -> new Adjustment(a.at(), words.adj_penalty(), reason, a.points());
      default -> new Adjustment(a.at(), a.kind(), reason, a.points());
    };
  }
}
