package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.labs.RunnerProtocol.Answer;
import id.born2control.labs.RunnerProtocol.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One tick's checks on one checker host, as one request to its runner ({@link RunnerProtocol}):
 * the scripts travel in the request (copied in at check time, nothing is left in the host
 * between ticks), each runs against its host with a timeout, and the last line of its output
 * (bounded, control characters removed) is its reason. A check the runner answered nothing for
 * is not checked.
 */
final class CheckerRun {

  /** Seconds one check script may take. */
  static final int CHECK_TIMEOUT_SECONDS = 10;
  static final int REASON_MAX = 200;
  /** Bytes of the end of a check's output the runner sends back: its last line is read. */
  static final int TAIL_MAX = 1024;

  /** What one check reported. */
  record Outcome(String check, ServiceCheckStatus status, String reason) {}

  private CheckerRun() {}

  /** The runner's work for {@code checks} (with their scripts' text), in their order. */
  static List<Item> items(List<ScenarioCheck> checks, Map<String, String> scripts) {
    return checks.stream().map(c -> new Item(scripts.get(c.name()), c.on(),
        CHECK_TIMEOUT_SECONDS, TAIL_MAX, false)).toList();
  }

  /** The outcome of every check of the tick from the runner's answers, in their order. */
  static List<Outcome> outcomes(List<ScenarioCheck> checks, List<Answer> answers) {
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      String name = checks.get(i).name();
      Answer answer = i < answers.size() ? answers.get(i) : null;
      if (answer == null) {
        outcomes.add(new Outcome(name, ServiceCheckStatus.NOT_CHECKED,
            "no result from the checker"));
        continue;
      }
      String reason = RunnerProtocol.lastLine(answer.output());
      ServiceCheckStatus status = ServiceCheckStatus.ofExit(answer.exit());
      if (answer.exit() == 124) {
        reason = "no answer within " + CHECK_TIMEOUT_SECONDS + " s";
      } else if (status == ServiceCheckStatus.NOT_CHECKED) {
        reason = "the check failed to run (exit " + answer.exit() + ")";
      }
      outcomes.add(new Outcome(name, status, bound(reason)));
    }
    return outcomes;
  }

  static String bound(String reason) {
    String clean = reason == null ? "" : reason.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.length() > REASON_MAX ? clean.substring(0, REASON_MAX) : clean;
  }
}
