package id.born2control.labs;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Hands out one-time links into a lab's web port, on the lab's own origin. */
@ApplicationScoped
class LabWebLinks {

  private final LabService labs;
  private final LabWebTickets tickets;
  private final LabsConfig config;

  LabWebLinks(LabService labs, LabWebTickets tickets, LabsConfig config) {
    this.labs = labs;
    this.tickets = tickets;
    this.config = config;
  }

  /** A one-time link and until when it opens. */
  public record LabWebLink(String url, Instant expiresAt) {}

  /**
   * A link for the caller into web port {@code port} of lab {@code instanceId}, leading to
   * {@code path} on the lab's site; the lab must be the caller's (or the caller an instructor)
   * and running. {@code scheme} and {@code authority} are how the caller reached the range: the
   * lab origin is served on the same listener.
   */
  LabWebLink link(String instanceId, long traineeId, boolean instructor, int port, String path,
      String scheme, String authority) {
    String target = path == null || path.isEmpty() ? "/" : path;
    if (!target.startsWith("/") || target.startsWith("//") || target.contains("\\")
        || target.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw LabWebException.badPath(target);
    }
    labs.webEndpoint(instanceId, traineeId, instructor, port)
        .orElseThrow(() -> LabWebException.noHttpPort(instanceId, port));
    String ticket = tickets.issue(
        new LabWebTickets.Grant(instanceId, port, traineeId, instructor, target));
    String label = LabWebPass.label(tickets.key(), instanceId, port);
    int colon = authority.lastIndexOf(':');
    String rangePort = colon > 0 && authority.indexOf(']') < colon
        ? authority.substring(colon + 1) : "";
    String publicPort = config.webPort().map(String::valueOf).orElse(rangePort);
    return new LabWebLink(scheme + "://" + label + "." + config.webDomain()
        + (publicPort.isEmpty() ? "" : ":" + publicPort) + LabWebOrigin.ENTER + "?ticket="
        + ticket, Instant.now().plus(config.webTicketTtl()));
  }
}
