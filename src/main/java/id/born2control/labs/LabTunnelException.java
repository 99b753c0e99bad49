package id.born2control.labs;

import id.born2control.problem.RangeException;

/** Why a lab tunnel is not opened, as problem details. */
class LabTunnelException extends RangeException {

  private LabTunnelException(int status, String problem, String title, String detail) {
    super(status, problem, title, detail);
  }

  static LabTunnelException noTcpPort(String instanceId, int port) {
    return new LabTunnelException(404, "lab-tunnel-port-not-found", "No such tcp port",
        "The lab '" + instanceId + "' has no tcp port " + port + " to tunnel to.");
  }

  static LabTunnelException badTicket() {
    return new LabTunnelException(401, "lab-tunnel-ticket-refused", "Tunnel ticket refused",
        "This tunnel ticket or pass is unknown, used already, expired, or for another lab or"
            + " port. Get a fresh one from the lab panel.");
  }

  static LabTunnelException banned() {
    return new LabTunnelException(403, "banned", "Banned",
        "You were banned from this range; ask an instructor.");
  }

  static LabTunnelException forbidden() {
    return new LabTunnelException(403, "forbidden", "Not allowed",
        "Only trainees (their own labs) and instructors open lab tunnels.");
  }

  static LabTunnelException notWebSocket() {
    return new LabTunnelException(426, "lab-tunnel-websocket-required", "WebSocket required",
        "A lab tunnel is a WebSocket: open it with the range's tunnel client (/tunnel/B2cTunnel"
            + ".java) or `websocat --binary`.");
  }

  static LabTunnelException unreachable(String instanceId, int port) {
    return new LabTunnelException(502, "lab-tunnel-unreachable", "The lab does not answer",
        "Port " + port + " of lab '" + instanceId + "' does not accept connections (yet).");
  }
}
