package id.born2control.labs;

/**
 * One adversary step in its host, as one request to the host's runner ({@link RunnerProtocol}):
 * the script travels in the request (copied in at run time, nothing is left in the host
 * afterwards), runs with a timeout, and at most {@link #OUTPUT_MAX} bytes of its output are kept
 * (the rest is read and dropped, so a chatty script is not killed by a closed pipe). Its exit
 * status is the outcome: 0 the attack succeeded, anything else it was stopped.
 */
final class AdversaryRun {

  /** Seconds one step's script may take. */
  static final int STEP_TIMEOUT_SECONDS = 20;
  /** Bytes of a step's output kept. */
  static final int OUTPUT_MAX = 4096;

  private AdversaryRun() {}

  /** The runner's work for a step's script (its text). */
  static RunnerProtocol.Item item(String script) {
    return new RunnerProtocol.Item(script, null, STEP_TIMEOUT_SECONDS, OUTPUT_MAX, true);
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
