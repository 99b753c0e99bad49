package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import id.born2control.labs.LabBackend.ManagedLab;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labs on the swarm as the range's sweeps see them: one entry per instance from its
 * services (or only its network, after a partial removal), the target's state read from its
 * newest task and from the node it is pinned to. A lab whose node is lost or drained is reported
 * with the reason, since pinned it cannot move.
 */
final class SwarmInventory {

  private final DockerEngine manager;
  private final SwarmNodes nodes;
  private final SwarmHosts hosts;
  private final String installation;

  SwarmInventory(DockerEngine manager, SwarmNodes nodes, SwarmHosts hosts, String installation) {
    this.manager = manager;
    this.nodes = nodes;
    this.hosts = hosts;
    this.installation = installation;
  }

  /** The labs the swarm holds (by the managed label), whatever their state. */
  List<ManagedLab> list() {
    Map<String, String> filter = Map.of(DockerEngine.MANAGED, "true",
        DockerEngine.INSTALLATION, installation);
    Map<String, SwarmNode> byId = new HashMap<>();
    for (SwarmNode n : manager.client().listSwarmNodesCmd().exec()) {
      byId.put(n.getId(), n);
      nodes.remember(n);
    }
    Map<String, List<Task>> tasksByService = new HashMap<>();
    for (Task t : manager.client().listTasksCmd().exec()) {
      tasksByService.computeIfAbsent(t.getServiceId(), k -> new ArrayList<>()).add(t);
    }
    Map<String, List<Service>> byInstance = new LinkedHashMap<>();
    for (Service s : manager.client().listServicesCmd().withLabelFilter(filter).exec()) {
      String id = s.getSpec().getLabels().get(DockerEngine.INSTANCE);
      if (id != null) {
        byInstance.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
      }
    }
    Map<String, Map<String, String>> networkLabels = new HashMap<>();
    for (Network n : manager.client().listNetworksCmd().withFilter("label", List.of(
        DockerEngine.MANAGED + "=true", DockerEngine.INSTALLATION + "=" + installation))
        .exec()) {
      String id = n.getLabels() == null ? null : n.getLabels().get(DockerEngine.INSTANCE);
      if (id != null) {
        byInstance.computeIfAbsent(id, k -> new ArrayList<>());
        networkLabels.put(id, n.getLabels());
      }
    }
    List<ManagedLab> labs = new ArrayList<>();
    Map<String, List<ManagedLab>> perNode = new HashMap<>();
    byInstance.forEach((id, services) -> {
      Service anchor = services.stream()
          .filter(s -> SwarmHosts.ANCHOR.equals(s.getSpec().getLabels().get(DockerEngine.ROLE)))
          .findFirst().orElse(null);
      if (anchor != null) {
        labs.add(describeHosts(id, anchor, services, byId, perNode));
        return;
      }
      Service target = services.stream()
          .filter(s -> "target".equals(s.getSpec().getLabels().get(DockerEngine.ROLE)))
          .findFirst().orElse(null);
      Map<String, String> labels = target != null ? target.getSpec().getLabels()
          : !services.isEmpty() ? services.get(0).getSpec().getLabels()
          : networkLabels.getOrDefault(id, Map.of());
      List<String> names = services.stream().map(s -> s.getSpec().getName()).toList();
      if (target == null) {
        labs.add(new ManagedLab(id, labels, names, null, "missing", 0, false, null, null, null));
        return;
      }
      labs.add(describe(id, labels, names, target,
          tasksByService.getOrDefault(target.getId(), List.of()), byId));
    });
    return labs;
  }

  /**
   * A lab of several hosts: lost with its node, else as its node's engine shows it (its
   * containers do not stop when the node is drained).
   */
  private ManagedLab describeHosts(String id, Service anchor, List<Service> services,
      Map<String, SwarmNode> nodesById, Map<String, List<ManagedLab>> perNode) {
    Map<String, String> labels = anchor.getSpec().getLabels();
    List<String> names = services.stream().map(s -> s.getSpec().getName()).toList();
    String pinned = labels.get(SwarmSpecs.NODE);
    Instant created = anchor.getCreatedAt() == null ? null : anchor.getCreatedAt().toInstant();
    SwarmNode node = nodesById.values().stream()
        .filter(n -> n.getDescription().getHostname().equals(pinned)).findFirst().orElse(null);
    if (node == null || node.getStatus().getState() != SwarmNodeState.READY
        || nodes.engine(pinned) == null) {
      return new ManagedLab(id, labels, names, null, "lost", 0, false, null, created,
          lostMessage(pinned));
    }
    return hosts.describe(id, labels, names, pinned, perNode);
  }

  private static String lostMessage(String node) {
    return "the cluster node running the lab (" + node + ") left or stopped answering;"
        + " start the lab again to get it on another node";
  }

  /** The target's state from its newest task and the state of the node it is pinned to. */
  private ManagedLab describe(String id, Map<String, String> labels, List<String> names,
      Service target, List<Task> tasks, Map<String, SwarmNode> nodesById) {
    String name = target.getSpec().getName();
    Instant created = target.getCreatedAt() == null ? null : target.getCreatedAt().toInstant();
    String pinned = labels.get(SwarmSpecs.NODE);
    SwarmNode node = nodesById.values().stream()
        .filter(n -> n.getDescription().getHostname().equals(pinned)).findFirst().orElse(null);
    if (node == null || node.getStatus().getState() != SwarmNodeState.READY) {
      return new ManagedLab(id, labels, names, name, "lost", 0, false, null, created,
          lostMessage(pinned));
    }
    if (node.getSpec().getAvailability() == SwarmNodeAvailability.DRAIN) {
      // Swarm stops a drained node's tasks; pinned, the lab cannot move with them.
      return new ManagedLab(id, labels, names, name, "drained", 0, false, null, created,
          "the cluster node running the lab (" + pinned + ") was drained for maintenance;"
              + " start the lab again to get it on another node");
    }
    Task newest = tasks.stream()
        .max(Comparator.comparing(t -> t.getCreatedAt() == null ? "" : t.getCreatedAt()))
        .orElse(null);
    if (newest == null) {
      return new ManagedLab(id, labels, names, name, "restarting", 0, false, null, created, null);
    }
    TaskState state = newest.getStatus() == null ? null : newest.getStatus().getState();
    if (state == TaskState.RUNNING) {
      return new ManagedLab(id, labels, names, name, "running", 0, false, null, created, null);
    }
    if (newest.getDesiredState() == TaskState.RUNNING && state != TaskState.FAILED
        && state != TaskState.REJECTED && state != TaskState.COMPLETE) {
      // created, or re-created by the restart policy after a crash, and not running yet
      return new ManagedLab(id, labels, names, name, "restarting", 0, false, null, created, null);
    }
    DockerEngine engine = nodes.engine(pinned);
    if (engine != null && !answers(pinned, engine)) {
      // The swarm counts a dead node Ready until its heartbeats time out, and may end its tasks
      // meanwhile without an exit code: the lab did not exit, its node is gone.
      return new ManagedLab(id, labels, names, name, "lost", 0, false, null, created,
          lostMessage(pinned));
    }
    var container = newest.getStatus() == null ? null : newest.getStatus().getContainerStatus();
    int exit = container == null || container.getExitCodeLong() == null ? 0
        : container.getExitCodeLong().intValue();
    boolean oom = false;
    if (engine != null && container != null && container.getContainerID() != null) {
      try {
        oom = Boolean.TRUE.equals(engine.client()
            .inspectContainerCmd(container.getContainerID()).exec().getState().getOOMKilled());
      } catch (DockerException | DockerClientException e) {
        // the container is gone with its task history
      }
    }
    return new ManagedLab(id, labels, names, name, "exited", exit, oom, null, created, null);
  }

  /**
   * Whether the node's engine answers at all (an error it answers with counts); one that does
   * not is noted, so placement leaves the node alone for a while.
   */
  private boolean answers(String host, DockerEngine engine) {
    try {
      engine.client().pingCmd().exec();
      return true;
    } catch (DockerException | DockerClientException e) {
      return true;
    } catch (RuntimeException e) {
      nodes.noteUnanswered(host, e);
      return false;
    }
  }
}
