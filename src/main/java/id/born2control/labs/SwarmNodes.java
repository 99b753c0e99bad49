package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.api.model.TaskStatus;
import id.born2control.labs.SwarmPlacement.NodeFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab nodes of the swarm as the range knows them: the engine of each node
 * ({@code b2c.labs.swarm.nodes}), which nodes are Ready, their addresses, the facts placement
 * decides on, and the tasks of a lab's services (where one runs, waiting for it to run).
 */
final class SwarmNodes {

  private final DockerEngine manager;
  private final LabsConfig.Swarm swarm;
  private final Map<String, DockerEngine> engines = new LinkedHashMap<>();
  private final Map<String, String> hostnames = new ConcurrentHashMap<>();
  /** Node address (as the swarm sees it) by hostname. */
  private final Map<String, String> addresses = new ConcurrentHashMap<>();
  /** The swarm's version of each node's record when last listed, by hostname. */
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  /** Nodes whose engine failed to answer a start, by hostname: see {@link #noteUnanswered}. */
  private final Map<String, Hold> unanswered = new ConcurrentHashMap<>();

  /** When (nanoTime) a node's engine failed to answer, and the swarm's version of it then. */
  private record Hold(long since, Long version) {}

  SwarmNodes(DockerEngine manager, LabsConfig config) {
    this.manager = manager;
    this.swarm = config.swarm();
    for (String pair : swarm.nodes().orElseThrow(() -> new IllegalStateException(
        "b2c.labs.swarm.nodes must name the engine of every lab node (hostname=address,...)"))
        .split(",")) {
      String[] kv = pair.strip().split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new IllegalStateException("b2c.labs.swarm.nodes: '" + pair
            + "' is not hostname=address");
      }
      engines.put(kv[0].strip(), DockerEngine.connect(kv[1].strip(), config));
    }
  }

  /** The engine of the node with this hostname, or null when it is not configured. */
  DockerEngine engine(String host) {
    return engines.get(host);
  }

  /** Ready, active nodes that have an engine address configured. */
  List<SwarmNode> ready() {
    List<SwarmNode> ready = new ArrayList<>();
    for (SwarmNode node : manager.client().listSwarmNodesCmd().exec()) {
      remember(node);
      if (node.getStatus().getState() == SwarmNodeState.READY
          && node.getSpec().getAvailability() == SwarmNodeAvailability.ACTIVE
          && engines.containsKey(node.getDescription().getHostname())) {
        ready.add(node);
      }
    }
    return ready;
  }

  /** Whether the node with this hostname is among the {@link #ready} ones. */
  boolean isReady(String host) {
    return ready().stream().anyMatch(n -> n.getDescription().getHostname().equals(host));
  }

  /** Keeps a node's hostname by id and its address by hostname. */
  void remember(SwarmNode node) {
    String host = node.getDescription().getHostname();
    hostnames.put(node.getId(), host);
    Long version = version(node);
    if (version != null) {
      versions.put(host, version);
    }
    String address = node.getStatus().getAddress();
    if ((address == null || address.equals("0.0.0.0")) && node.getManagerStatus() != null
        && node.getManagerStatus().getAddr() != null) {
      // a manager may report 0.0.0.0; its manager address (host:port) names the interface
      String addr = node.getManagerStatus().getAddr();
      address = addr.substring(0, addr.lastIndexOf(':'));
    }
    if (address != null) {
      addresses.put(host, address);
    }
  }

  /** The address of the node with this hostname, as the swarm reports it. */
  String address(String host) throws LabBackendException {
    String address = addresses.get(host);
    if (address == null) {
      ready();
      address = addresses.get(host);
    }
    if (address == null) {
      throw new LabBackendException("the address of cluster node " + host + " is unknown");
    }
    return address;
  }

  /**
   * What placement decides on: each Ready node not {@linkplain #noteUnanswered held}, its memory (its own, or
   * {@code b2c.labs.swarm.node-memory}) and the memory reserved by the labs' services pinned to
   * it (counted by label, so a removed lab frees its share at once).
   */
  List<NodeFacts> facts() {
    List<SwarmNode> ready = ready().stream()
        .filter(n -> !held(n.getDescription().getHostname(), version(n))).toList();
    Map<String, Long> reserved = new HashMap<>();
    for (Service service : manager.client().listServicesCmd()
        .withLabelFilter(Map.of(DockerEngine.MANAGED, "true")).exec()) {
      String host = service.getSpec().getLabels().get(SwarmSpecs.NODE);
      Long bytes = Optional.ofNullable(service.getSpec().getTaskTemplate())
          .map(TaskSpec::getResources).map(ResourceRequirements::getReservations)
          .map(ResourceSpecs::getMemoryBytes).orElse(null);
      if (host != null && bytes != null) {
        reserved.merge(host, bytes, Long::sum);
      }
    }
    return ready.stream().map(node -> {
      String host = node.getDescription().getHostname();
      long offered = swarm.nodeMemory().map(m -> m.asLongValue())
          .orElse(node.getDescription().getResources().getMemoryBytes());
      return new NodeFacts(host, offered, reserved.getOrDefault(host, 0L));
    }).toList();
  }

  /**
   * Notes a node whose engine did not answer, when {@code failure} says so (an I/O error among its
   * causes, not the engine refusing). The swarm counts a dead node Ready until its heartbeats
   * time out; until the swarm's record of the node changes (it saw the node Down, or back), or
   * for {@code b2c.labs.swarm.unreachable-hold} at most, the node gets no new lab, so a trainee
   * told to start again lands on a live node.
   */
  void noteUnanswered(String host, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        unanswered.put(host, new Hold(System.nanoTime(), versions.get(host)));
        return;
      }
    }
  }

  /** Whether the node is held by {@link #noteUnanswered}, its record now at {@code version}. */
  private boolean held(String host, Long version) {
    Hold hold = unanswered.get(host);
    if (hold == null) {
      return false;
    }
    if (Objects.equals(hold.version(), version)
        && System.nanoTime() - hold.since() < swarm.unreachableHold().toNanos()) {
      return true;
    }
    unanswered.remove(host, hold);
    return false;
  }

  private static Long version(SwarmNode node) {
    return node.getVersion() == null ? null : node.getVersion().getIndex();
  }

  /** Where a lab service's task runs: the engine of its node, the node, the container id. */
  record Located(DockerEngine engine, String host, String container) {}

  /** The running task of a lab service, resolved at each call so restarts are followed. */
  Located locate(String service) throws LabBackendException {
    try {
      for (Task t : manager.client().listTasksCmd().withServiceFilter(service)
          .withStateFilter(TaskState.RUNNING).exec()) {
        if (t.getStatus() == null || t.getStatus().getState() != TaskState.RUNNING
            || t.getStatus().getContainerStatus() == null) {
          continue;
        }
        if (!hostnames.containsKey(t.getNodeId())) {
          ready();
        }
        String host = hostnames.get(t.getNodeId());
        DockerEngine engine = engines.get(host);
        if (engine == null) {
          throw new LabBackendException("the lab runs on node " + host
              + ", whose engine is not in b2c.labs.swarm.nodes");
        }
        return new Located(engine, host, t.getStatus().getContainerStatus().getContainerID());
      }
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the lab could not be found on the cluster: "
          + DockerEngine.clean(e.getMessage()), e);
    }
    throw new LabBackendException("the lab is not running on any node right now");
  }

  /** Whether the service has a running task. */
  boolean hasRunningTask(String service) {
    return manager.client().listTasksCmd().withServiceFilter(service)
        .withStateFilter(TaskState.RUNNING).exec().stream()
        .anyMatch(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING);
  }

  /**
   * Waits until the service's task runs; a task that fails or is rejected, or the loss of the
   * node, fails the start (retryable: the next start is placed on a live node).
   */
  void awaitRunning(String service, String node) throws LabBackendException {
    long deadline = System.nanoTime() + swarm.startTimeout().toNanos();
    String last = "not scheduled";
    for (int round = 1; System.nanoTime() < deadline; round++) {
      if (round % 40 == 0 && !isReady(node)) {
        throw new LabBackendException("the cluster node " + node
            + " was lost while the lab started; start it again");
      }
      List<Task> tasks = manager.client().listTasksCmd().withServiceFilter(service).exec();
      for (Task t : tasks) {
        TaskState state = t.getStatus() == null ? null : t.getStatus().getState();
        if (state == TaskState.RUNNING) {
          return;
        }
        if (state == TaskState.FAILED || state == TaskState.REJECTED) {
          throw new LabBackendException("the lab failed on its node: " + message(t.getStatus()));
        }
        if (state != null) {
          last = state.getValue() + (t.getStatus().getErr() == null ? ""
              : " (" + t.getStatus().getErr() + ")");
        }
      }
      try {
        // a task runs 1 to 2 s after its service is created: a coarser read would add up to
        // its whole period to every start; one task list of one service is cheap for the manager
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabBackendException("interrupted while the lab started", e);
      }
    }
    throw new LabBackendException("the lab did not run within "
        + swarm.startTimeout().toSeconds() + " s (last state: " + last + "); try again");
  }

  private static String message(TaskStatus status) {
    return status.getErr() != null ? status.getErr() : String.valueOf(status.getMessage());
  }
}
