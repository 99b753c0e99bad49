package id.born2control.labs;

import id.born2control.problem.RangeException;

/** Why a lab web link cannot be handed out, as problem details. */
class LabWebException extends RangeException {

  private LabWebException(int status, String problem, String title, String detail) {
    super(status, problem, title, detail);
  }

  static LabWebException noHttpPort(String instanceId, int port) {
    return new LabWebException(404, "lab-web-port-not-found", "No such web port",
        "The lab '" + instanceId + "' has no http port " + port + ".");
  }

  static LabWebException badPath(String path) {
    return new LabWebException(400, "lab-web-bad-path", "Bad lab path",
        "The path '" + path + "' must start with a single '/' (a path on the lab's own site).");
  }
}
