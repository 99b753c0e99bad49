package id.born2control.labs;

import static id.born2control.labs.DockerEngine.INSTALLATION;
import static id.born2control.labs.DockerEngine.INSTANCE;
import static id.born2control.labs.DockerEngine.MANAGED;
import static id.born2control.labs.DockerEngine.ROLE;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import id.born2control.labs.LabBackend.ManagedLab;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labs of one installation on one Docker engine, as its containers and networks show them
 * (by the managed label): the machine's engine for the Docker backend, a node's engine for the
 * Swarm backend's labs of several hosts.
 */
final class DockerInventory {

  private DockerInventory() {}

  /** One entry per instance with a container or network on {@code docker}. */
  static List<ManagedLab> list(DockerClient docker, String installation) {
    Map<String, List<Container>> byInstance = new LinkedHashMap<>();
    for (Container c : docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(MANAGED, "true", INSTALLATION, installation)).exec()) {
      String id = c.getLabels().get(INSTANCE);
      if (id != null) {
        byInstance.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
      }
    }
    Map<String, Map<String, String>> networkLabels = new HashMap<>();
    for (Network n : docker.listNetworksCmd()
        .withFilter("label", List.of(MANAGED + "=true", INSTALLATION + "=" + installation)).exec()) {
      String id = n.getLabels() == null ? null : n.getLabels().get(INSTANCE);
      if (id != null) {
        byInstance.computeIfAbsent(id, k -> new ArrayList<>());
        networkLabels.put(id, n.getLabels());
      }
    }
    List<ManagedLab> labs = new ArrayList<>();
    byInstance.forEach((id, containers) -> {
      Container target = containers.stream()
          .filter(c -> "target".equals(c.getLabels().get(ROLE))).findFirst().orElse(null);
      Map<String, String> labels = target != null ? target.getLabels()
          : !containers.isEmpty() ? containers.get(0).getLabels()
          : networkLabels.getOrDefault(id, Map.of());
      int exit = 0;
      boolean oom = false;
      String ip = null;
      if (target != null && !"running".equals(target.getState())
          && !"restarting".equals(target.getState())) {
        try {
          InspectContainerResponse.ContainerState state =
              docker.inspectContainerCmd(target.getId()).exec().getState();
          exit = state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue();
          oom = Boolean.TRUE.equals(state.getOOMKilled());
        } catch (NotFoundException gone) {
          // removed meanwhile
        }
      }
      if (target != null && target.getNetworkSettings() != null) {
        ip = target.getNetworkSettings().getNetworks().values().stream()
            .map(ContainerNetwork::getIpAddress).filter(a -> a != null && !a.isEmpty())
            .findFirst().orElse(null);
      }
      labs.add(new ManagedLab(id, labels, containers.stream().map(Container::getId).toList(),
          target == null ? null : target.getId(), target == null ? "missing" : target.getState(),
          exit, oom, ip, target == null ? null : Instant.ofEpochSecond(target.getCreated()),
          null));
    });
    return labs;
  }
}
