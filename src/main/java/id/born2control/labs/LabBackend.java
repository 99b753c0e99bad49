package id.born2control.labs;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the range needs from a container platform, kept narrow so another backend (Kubernetes)
 * can be added without touching callers. Every resource a backend creates carries the labels of
 * {@link LabLaunch#labels()} so it can be listed and removed by instance.
 */
interface LabBackend {

  /** Whether an image with this tag exists locally. */
  boolean imageExists(String tag);

  /** Builds {@code dockerfile} in {@code context} as {@code tag}; throws with the build log tail. */
  void buildImage(Path context, String dockerfile, String tag) throws LabBackendException;

  /**
   * Creates the instance network and containers, writes the flag, starts them. On any failure
   * everything created so far is removed before the exception is thrown.
   */
  LabHandle start(LabLaunch launch) throws LabBackendException;

  /**
   * Creates a lab of several hosts ({@code lab.hosts}) on its own networks, like
   * {@link #start(LabLaunch)}: the launch's limits, flag and environment are the primary host's.
   * A backend that cannot keep all hosts of a lab together refuses.
   */
  default LabHandle start(LabLaunch launch, LabTopology topology) throws LabBackendException {
    throw new LabBackendException("labs of several hosts (lab.hosts) run on the Docker backend"
        + " only, not on this one");
  }

  /** Stops and removes every container and network of the instance; missing ones are fine. */
  void remove(String instanceId);

  /**
   * Where the range connects to reach each of {@code ports} (tcp) of a running lab: the target's
   * address on its own network ({@code targetIp}, on one engine), or the port that the lab's relay
   * publishes on its node (Swarm). Empty when the lab has no reachable address.
   */
  Map<Integer, InetSocketAddress> endpoints(String instanceId, String targetIp,
      List<Integer> ports) throws LabBackendException;

  /** The labs the engine holds (by the managed label), whatever their state. */
  List<ManagedLab> listManaged();

  /**
   * One reading of a container's resource use (CPU over the engine's sampling interval, memory,
   * processes), waiting at most {@code timeout}; empty when the container is gone or the engine
   * does not answer in time.
   */
  java.util.Optional<LabUsage> usage(String container, Duration timeout);

  /**
   * Starts a lab's hidden host again when it is not running (it died or was killed): true when
   * it was stopped and has been started, false when it runs (or restarts) already. A backend
   * whose orchestrator restarts dead hosts itself (Swarm services) has nothing to do here.
   */
  default boolean revive(String container) throws LabBackendException {
    return false;
  }

  /** Runs a command to completion in a container, as {@code user}, within {@code timeout}. */
  ExecResult exec(String container, String user, List<String> command, Duration timeout)
      throws LabBackendException;

  /**
   * Runs a defense check's range-owned {@code program} as root inside {@code container} (its
   * busybox and script are copied into a fresh directory first, never taken from the lab).
   */
  ExecResult checkInside(String container, CheckProgram program, Duration timeout)
      throws LabBackendException;

  /**
   * Runs a defense check's range-owned {@code program} in a probe container of the range on the
   * lab's network, which the trainee cannot enter; it reaches the target at {@code site}.
   */
  ExecResult checkFromProbe(ProbeSite site, CheckProgram program, Duration timeout)
      throws LabBackendException;

  /** Opens an interactive TTY in a container; output goes to {@code sink}. */
  TerminalSession openTerminal(String container, String user, List<String> command,
      TerminalSink sink) throws LabBackendException;

  /**
   * Opens a long-lived {@code command} as {@code user} in a container, stdin attached and no
   * TTY: what it prints (stdout only) goes to {@code sink}, on the thread reading the stream.
   */
  RunnerSession openRunner(String container, String user, List<String> command,
      RunnerSink sink) throws LabBackendException;

  /** What to create for one instance; {@code ports} are the tcp ports the range tunnels to. */
  record LabLaunch(
      String instanceId,
      String image,
      String workstationImage,
      int cpusMillis,
      long memoryBytes,
      long pids,
      List<String> capabilities,
      boolean egress,
      Map<String, String> environment,
      List<Integer> ports,
      FlagFile flagFile,
      int maxRestarts,
      Map<String, String> labels) {}

  /** A file written into the target before it starts. */
  record FlagFile(String path, String content, int mode, String owner) {}

  /** What was created. */
  record LabHandle(String networkId, String targetContainer, String targetIp,
      String workstationContainer) {}

  /**
   * One instance as the engine sees it: its containers and whether the target runs;
   * {@code failure} is the backend's own account of why the target is not running when the exit
   * code does not tell (its node was lost), else null.
   */
  record ManagedLab(String instanceId, Map<String, String> labels, List<String> containers,
      String targetContainer, String targetState, int targetExitCode, boolean oomKilled,
      String targetIp, Instant created, String failure) {

    boolean running() {
      return "running".equals(targetState);
    }

    boolean restarting() {
      return "restarting".equals(targetState);
    }
  }

  /**
   * Resource use of a container: CPU in percent of one core, memory in use and its limit in
   * bytes (limit 0: none), processes.
   */
  record LabUsage(double cpuPercent, long memoryBytes, long memoryLimitBytes, long pids) {}

  /**
   * What a check runs: the range's static {@code busybox} interpreting {@code script} with
   * {@code args}, or the {@code inline} command line when there is no script.
   */
  record CheckProgram(byte[] busybox, String script, List<String> args, String inline) {}

  /** Where a probe goes: the lab's instance, network and target (container and address). */
  record ProbeSite(String instanceId, String networkId, String targetContainer, String targetIp) {}

  /** Exit code and combined output (truncated) of a finished command. */
  record ExecResult(int exitCode, String output, boolean timedOut) {}

  /** Receives a terminal's output. */
  interface TerminalSink {
    /**
     * Output of the terminal, on the thread reading the exec stream. It may block while the
     * receiver cannot take more: the stream is not read meanwhile, so the engine and the
     * program in the lab wait too, and nothing piles up in the range.
     */
    void output(byte[] data);

    /** The input queue has room again after {@link TerminalSession#input} answered false. */
    void inputRoom();

    void closed();
  }

  /** An open interactive terminal. */
  interface TerminalSession extends AutoCloseable {
    /**
     * Queues keystrokes; false when the (bounded) queue is full now: the caller sends nothing
     * more until {@link TerminalSink#inputRoom()}.
     */
    boolean input(byte[] data);

    void resize(int cols, int rows);

    @Override
    void close();
  }

  /** Receives a runner's output. */
  interface RunnerSink {
    void output(byte[] data);

    /** The stream ended (the command exited, the host died, or the session was closed). */
    void closed();
  }

  /** An open runner: its stdin. */
  interface RunnerSession extends AutoCloseable {
    /** Queues {@code data} for the command's stdin. */
    void send(byte[] data);

    /** Ends the command's stdin and the stream. */
    @Override
    void close();
  }
}
