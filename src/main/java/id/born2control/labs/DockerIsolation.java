package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.List;
import java.util.Map;

/**
 * The isolation every lab host gets on a Docker engine, whether the lab has one container or
 * several hosts: its own bridge network per lab network (internal unless the lab asks for
 * egress), and per container CPU, memory (no swap) and process limits, every capability dropped
 * but the allowed ones, no-new-privileges, no published ports, bounded logs.
 */
final class DockerIsolation {

  private DockerIsolation() {}

  /** Creates a lab network on {@code subnet}; its id. */
  static String createNetwork(DockerClient docker, String name, Map<String, String> labels,
      boolean internal, String subnet) {
    return docker.createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withInternal(internal)
        .withCheckDuplicate(true)
        .withLabels(labels)
        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "true"))
        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)))
        .exec().getId();
  }

  /** The host configuration of a lab container first attached to {@code network}. */
  static HostConfig hostConfig(String network, int cpusMillis, long memoryBytes, long pids,
      List<String> capabilities, int maxRestarts) {
    List<Capability> add = capabilities.stream().map(Capability::valueOf).toList();
    return HostConfig.newHostConfig()
        .withNetworkMode(network)
        .withNanoCPUs(cpusMillis * 1_000_000L)
        .withMemory(memoryBytes)
        .withMemorySwap(memoryBytes)
        .withPidsLimit(pids)
        .withCapDrop(Capability.ALL)
        .withCapAdd(add.toArray(Capability[]::new))
        .withSecurityOpts(List.of("no-new-privileges"))
        .withPrivileged(false)
        .withPublishAllPorts(false)
        .withRestartPolicy(maxRestarts > 0
            ? RestartPolicy.onFailureRestart(maxRestarts) : RestartPolicy.noRestart())
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
            Map.of("max-size", "1m", "max-file", "1")));
  }
}
