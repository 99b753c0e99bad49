package id.born2control.labs;

import java.util.List;

/**
 * One adversary step in its host, in one command: the script travels in the command's
 * arguments (copied in at run time, nothing is left in the host afterwards), runs with a
 * timeout, and at most {@link #OUTPUT_MAX} bytes of its output are kept (the rest is read and
 * dropped, so a chatty script is not killed by a closed pipe). The command exits with the
 * script's status: 0 the attack succeeded, anything else it was stopped.
 */
final class AdversaryRun {

  /** Seconds one step's script may take. */
  static final int STEP_TIMEOUT_SECONDS = 20;
  /** Bytes of a step's output kept. */
  static final int OUTPUT_MAX = 4096;

  static final String RUNNER = """
      d=$(mktemp -d) || exit 70
      printf '%s' "$1" > "$d/step"
      { timeout $T sh "$d/step" </dev/null 2>&1; echo $? > "$d/code"; } \
        | { head -c $O; cat > /dev/null; }
      code=$(cat "$d/code" 2>/dev/null); rm -rf "$d"
      exit ${code:-70}
      """;

  private AdversaryRun() {}

  /** The command that runs a step's script (its text) in the adversary host. */
  static List<String> command(String script) {
    return List.of("sh", "-c", "T=" + STEP_TIMEOUT_SECONDS + "; O=" + OUTPUT_MAX + "\n" + RUNNER,
        "b2c-adversary", script);
  }

  /** The outcome of a step from the command's exit status. */
  static AdversaryOutcome outcome(int exit) {
    return exit == 0 ? AdversaryOutcome.SUCCEEDED : AdversaryOutcome.STOPPED;
  }

  /** The output kept: bounded, NUL bytes removed (the database refuses them). */
  static String output(String output) {
    String clean = output == null ? "" : output.replace("\0", "");
    return clean.length() > OUTPUT_MAX ? clean.substring(0, OUTPUT_MAX) : clean;
  }
}
