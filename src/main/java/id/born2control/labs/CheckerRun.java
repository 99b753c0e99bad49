package id.born2control.labs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tick's checks on one checker host, in one command: the scripts travel in the command's
 * arguments (copied in at check time, nothing is left in the host between ticks), the range's
 * runner writes each to a fresh folder, runs it against its host with a timeout, and prints
 * one JSON line per check: its name, exit status and last output line (bounded, control
 * characters removed, quotes escaped). The output is then read defensively: a line that is not
 * such an object, names no check of this tick or repeats one is ignored, and a check without a
 * line is not checked.
 */
final class CheckerRun {

  /** Seconds one check script may take. */
  static final int CHECK_TIMEOUT_SECONDS = 10;
  static final int REASON_MAX = 200;

  /** The runner: arguments are name, host, script, repeated. */
  static final String RUNNER = """
      d=$(mktemp -d) || exit 70
      while [ $# -ge 3 ]; do
        name=$1; on=$2; printf '%s' "$3" > "$d/$name"; shift 3
        out=$(timeout $T sh "$d/$name" "$on" 2>&1 </dev/null); code=$?
        reason=$(printf '%s' "$out" | tail -n 1 | head -c $R | tr -d '\\000-\\037' \
          | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g')
        printf '{"check":"%s","exit":%d,"reason":"%s"}\\n' "$name" "$code" "$reason"
      done
      rm -rf "$d"
      """;

  /** What one check reported. */
  record Outcome(String check, ServiceCheckStatus status, String reason) {}

  private CheckerRun() {}

  /** The command that runs {@code checks} (with their scripts' text) in the checker host. */
  static List<String> command(List<ScenarioCheck> checks, Map<String, String> scripts) {
    List<String> command = new ArrayList<>(List.of("sh", "-c",
        "T=" + CHECK_TIMEOUT_SECONDS + "; R=" + REASON_MAX + "\n" + RUNNER, "b2c-checker"));
    for (ScenarioCheck check : checks) {
      command.add(check.name());
      command.add(check.on());
      command.add(scripts.get(check.name()));
    }
    return command;
  }

  /** The outcome of every check of the tick from the runner's output, in their order. */
  static List<Outcome> parse(List<ScenarioCheck> checks, String output, ObjectMapper json) {
    Map<String, Outcome> found = new LinkedHashMap<>();
    checks.forEach(c -> found.put(c.name(), null));
    for (String line : (output == null ? "" : output).split("\n")) {
      JsonNode node;
      try {
        node = json.readTree(line.strip());
      } catch (Exception notJson) {
        continue;
      }
      if (node == null || !node.isObject() || !node.path("check").isTextual()
          || !node.path("exit").isInt()) {
        continue;
      }
      String name = node.get("check").asText();
      if (!found.containsKey(name) || found.get(name) != null) {
        continue;
      }
      int exit = node.get("exit").asInt();
      String reason = node.path("reason").isTextual() ? node.get("reason").asText() : "";
      ServiceCheckStatus status = ServiceCheckStatus.ofExit(exit);
      if (exit == 124) {
        reason = "no answer within " + CHECK_TIMEOUT_SECONDS + " s";
      } else if (status == ServiceCheckStatus.NOT_CHECKED) {
        reason = "the check failed to run (exit " + exit + ")";
      }
      found.put(name, new Outcome(name, status, bound(reason)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    found.forEach((name, outcome) -> outcomes.add(outcome != null ? outcome
        : new Outcome(name, ServiceCheckStatus.NOT_CHECKED, "no result from the checker")));
    return outcomes;
  }

  static String bound(String reason) {
    String clean = reason == null ? "" : reason.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.length() > REASON_MAX ? clean.substring(0, REASON_MAX) : clean;
  }
}
