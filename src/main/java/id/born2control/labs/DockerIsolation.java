package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The isolation every lab host gets on a Docker engine, whether the lab has one container or
 * several hosts: its own bridge network per lab network (internal unless the lab asks for
 * egress), and per container CPU, memory (no swap) and process limits, every capability dropped
 * but the allowed ones, no-new-privileges, no published ports, bounded logs.
 */
final class DockerIsolation {

  private static final SecureRandom RANDOM = new SecureRandom();

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

  /** Bridge names of networks on a shared fixed subnet start so (the host firewall knows). */
  static final String SHARED_FIXED_BRIDGE = "br-fx";

  /**
   * Creates an internal lab network on {@code shadow} through the {@code ipam} driver, whose map
   * hands out the fixed addresses of {@code plan}; its bridge ({@link #SHARED_FIXED_BRIDGE}...)
   * gets no address, so the host has no route into it. The IPAM options are set through the
   * Engine API's JSON: docker-java's model has no setter for them.
   */
  static String createSharedFixedNetwork(DockerClient docker, String name,
      Map<String, String> labels, String ipam, String shadow, FixedAddresses.Plan plan) {
    Network.Ipam config = new ObjectMapper().convertValue(Map.of(
        "Driver", ipam,
        "Options", Map.of("b2c.map", plan.map()),
        "Config", List.of(Map.of("Subnet", shadow, "Gateway", plan.gatewayShadow()))),
        Network.Ipam.class);
    return docker.createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withInternal(true)
        .withCheckDuplicate(true)
        .withLabels(labels)
        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "true",
            "com.docker.network.bridge.inhibit_ipv4", "true",
            "com.docker.network.bridge.name", SHARED_FIXED_BRIDGE + bridgeSuffix()))
        .withIpam(config)
        .exec().getId();
  }

  /** Ten random hex digits: a bridge name is at most 15 characters. */
  private static String bridgeSuffix() {
    byte[] bytes = new byte[5];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The host configuration of a spare network's holder ({@link DockerSpareNetworks}): it only
   * sleeps, so it gets no capability, a read-only root and the smallest memory and process
   * limits. No CPU quota: the engine starts the holder inside its cgroup, and at 0.01 CPU its
   * start took 1.6-2 s, so spares came too slowly to keep the pool full; a sleeping range
   * process uses no CPU, and nobody else runs anything in it.
   */
  static HostConfig holderConfig(String network) {
    return HostConfig.newHostConfig()
        .withNetworkMode(network)
        .withMemory(8L << 20)
        .withMemorySwap(8L << 20)
        .withPidsLimit(4L)
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withReadonlyRootfs(true)
        .withPrivileged(false)
        .withRestartPolicy(RestartPolicy.noRestart())
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
            Map.of("max-size", "64k", "max-file", "1")));
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
        // The engine's init is the host's first process and reaps what the range's commands
        // leave behind (busybox timeout's watcher of every check and step is re-parented to the
        // first process when the command ends): an image whose first process does not reap (an
        // idle shell) kept one zombie per check until the pids limit refused every later tick.
        .withInit(true)
        .withPrivileged(false)
        .withPublishAllPorts(false)
        .withRestartPolicy(maxRestarts > 0
            ? RestartPolicy.onFailureRestart(maxRestarts) : RestartPolicy.noRestart())
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
            Map.of("max-size", "1m", "max-file", "1")));
  }
}
