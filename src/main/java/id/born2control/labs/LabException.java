package id.born2control.labs;

import id.born2control.problem.RangeException;
import java.util.Map;

/** The labs feature's answers to requests that cannot be served, as problem details. */
public class LabException extends RangeException {

  private final Map<String, String> headers;

  private LabException(int status, String problem, String title, String detail,
      Map<String, String> headers) {
    super(status, problem, title, detail);
    this.headers = headers;
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }

  static LabException notFound(String instanceId) {
    return new LabException(404, "lab-not-found", "Lab not found",
        "There is no lab '" + instanceId + "' of yours.", Map.of());
  }

  /** No trainee host of that name: hidden hosts get the same answer as unknown ones. */
  static LabException noSuchHost(String instanceId, String host) {
    return new LabException(404, "lab-host-not-found", "Lab host not found",
        "The lab '" + instanceId + "' has no host '" + host + "' you can enter.", Map.of());
  }

  static LabException noRecording(String instanceId, long recordingId) {
    return new LabException(404, "recording-not-found", "Recording not found",
        "The lab '" + instanceId + "' has no terminal recording " + recordingId + ".", Map.of());
  }

  static LabException noScenario(String instanceId) {
    return new LabException(404, "no-scenario", "Lab has no scenario",
        "The lab '" + instanceId + "' runs no live-fire scenario.", Map.of());
  }

  static LabException noLab(String slug) {
    return new LabException(409, "no-lab", "Challenge has no lab",
        "The challenge '" + slug + "' has no lab to start.", Map.of());
  }

  static LabException perTraineeLimit(int limit) {
    return new LabException(429, "lab-limit", "Too many labs",
        "You already have " + limit + " labs running or starting, the most one trainee may have."
            + " Stop one of them first.", Map.of());
  }

  static LabException startRate(int count, int windowSeconds, long retryAfter) {
    return new LabException(429, "start-rate-limited", "Starting labs too quickly",
        "At most " + count + " lab starts per " + windowSeconds + " seconds; try again in "
            + retryAfter + " seconds.", Map.of("Retry-After", Long.toString(retryAfter)));
  }

  static LabException checkRunning(String instanceId) {
    return new LabException(409, "check-running", "Check already running",
        "The defense checks of lab '" + instanceId + "' are already running; their result comes"
            + " with that run.", Map.of("Retry-After", "5"));
  }

  static LabException checkRate(int count, int windowSeconds, long retryAfter) {
    return new LabException(429, "check-rate-limited", "Checking too often",
        "At most " + count + " check runs per lab per " + windowSeconds + " seconds; try again"
            + " in " + retryAfter + " seconds.", Map.of("Retry-After", Long.toString(retryAfter)));
  }

  static LabException checksBusy() {
    return new LabException(503, "checks-busy", "Too many checks running",
        "The range is running many defense checks right now; try again in a few seconds.",
        Map.of("Retry-After", "10"));
  }

  static LabException capacity(int limit) {
    return new LabException(503, "lab-capacity", "The range is full",
        "All " + limit + " lab slots of this host are in use; try again in a few minutes.",
        Map.of("Retry-After", "60"));
  }

  static LabException queueFull() {
    return new LabException(503, "start-queue-full", "Too many labs starting",
        "Too many labs are being started right now; try again in a few seconds.",
        Map.of("Retry-After", "10"));
  }

  static LabException imageUnavailable(String slug, String why) {
    return new LabException(409, "image-unavailable", "Lab image unavailable",
        "The lab of '" + slug + "' cannot start because its image is not available: " + why,
        Map.of());
  }

  static LabException notRunning(String instanceId, LabState state) {
    return new LabException(409, "lab-not-running", "Lab is not running",
        "The lab '" + instanceId + "' is " + state.name().toLowerCase(java.util.Locale.ROOT)
            + ", not running.", Map.of());
  }

  static LabException lifetime(long maxSeconds) {
    return new LabException(409, "lab-lifetime", "Lab cannot be extended",
        "A lab lives at most " + maxSeconds / 60 + " minutes in total.", Map.of());
  }

  static LabException terminalTicket() {
    return new LabException(401, "terminal-ticket", "Terminal ticket needed",
        "A terminal opens with a one-time ticket from POST /api/labs/{id}/terminal/ticket, used"
            + " within seconds, once, for that lab.", Map.of());
  }

  static LabException terminalsPerLab(int limit) {
    return new LabException(429, "terminal-limit", "Too many terminals on this lab",
        "At most " + limit + " terminals may be open on one lab; close one first.", Map.of());
  }

  static LabException terminalsPerTrainee(int limit) {
    return new LabException(429, "terminal-limit", "Too many terminals",
        "You already have " + limit + " terminals open, the most one person may have; close one"
            + " first.", Map.of());
  }

  static LabException engine(String detail) {
    return new LabException(502, "lab-engine", "Lab engine error", detail, Map.of());
  }
}
