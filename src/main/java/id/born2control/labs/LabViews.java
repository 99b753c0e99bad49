package id.born2control.labs;

import java.time.Instant;
import java.util.List;

/** What the labs API answers with. */
public final class LabViews {

  private LabViews() {}

  /**
   * One lab of a trainee, with how to reach it; {@code traineeId} started it, {@code teamId} is
   * the team whose lab it is in a team exercise (null: the trainee's own).
   */
  public record LabView(
      String id,
      String challenge,
      long traineeId,
      Long teamId,
      String state,
      String reason,
      Instant createdAt,
      Instant startedAt,
      Instant expiresAt,
      Instant endedAt,
      List<PortView> ports,
      String terminal) {}

  /**
   * A lab port while the lab runs: {@code url} leads an http port's one-time link into the lab's
   * own origin; {@code tunnel} is the WebSocket path of a tcp port's authenticated tunnel (POST
   * {@code tunnel + "/ticket"} hands out a one-time ticket for the shipped client). No lab port
   * is published on any host port.
   */
  public record PortView(int port, String protocol, String url, String tunnel) {}

  /**
   * A one-time ticket opening (or renewing) a terminal: connect {@code socket} (the terminal
   * WebSocket with the ticket) within the ticket's few seconds, and send
   * {@code {"type":"renew","ticket":..}} with a fresh ticket every {@code renewSeconds}.
   */
  public record TerminalTicket(String ticket, String socket, long renewSeconds) {}

  /** Result of one defense check run. */
  public record CheckView(String name, String description, boolean passed, int points,
      int exitCode, String output) {}

  /** Result of running every defense check of a lab. */
  public record CheckReport(String id, String challenge, int passed, int total,
      List<CheckView> checks, Instant checkedAt) {}

  /** An active lab as instructors see it in the fleet, with its resource use when known. */
  public record FleetLab(String id, String challenge, long traineeId, String state,
      Instant createdAt, Instant startedAt, Instant expiresAt, UsageView usage) {}

  /**
   * Resource use of a lab's target: CPU in percent of one core, memory in bytes (limit 0: none).
   */
  public record UsageView(double cpuPercent, long memoryBytes, long memoryLimitBytes, long pids) {}

  /** A page of the fleet, oldest first; {@code total} active labs in all. */
  public record FleetPage(long total, int offset, int limit, List<FleetLab> labs) {}
}
