package id.born2control.labs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import id.born2control.labs.LabBackend.LabLaunch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Swarm backend creates through the manager for a lab: its overlay network, the flag
 * config, one single-replica service per container (limits, capabilities, pinned to the lab's
 * node, the PIDs limit in {@code B2C_PIDS_LIMIT} for the nodes' runtime wrapper), the port relay
 * and the keeper of a spare network, plus the installation's edge network that relays join.
 */
final class SwarmSpecs {

  /** Label of a lab service: the node it is pinned to. */
  static final String NODE = "b2c.node";
  static final String PIDS_ENV = "B2C_PIDS_LIMIT";
  /** Label of the installation's edge network (not a lab's: lab sweeps leave it alone). */
  static final String EDGE = "b2c.edge";
  /** A relay listens on RELAY_BASE + i for the lab's i-th port. */
  static final int RELAY_BASE = 20000;
  static final long RELAY_MEMORY = 16L * 1024 * 1024;
  static final long RELAY_PIDS = 128;
  /** The user relays run as (nobody). */
  static final String RELAY_USER = "65534:65534";
  /** A keeper's CPU limit: idle while a spare, a relay's share once claimed (not reserved). */
  private static final long KEEPER_CPUS = 500_000_000L;

  private final DockerEngine manager;
  private final SwarmNodes nodes;
  private final SubnetPool subnets;
  private final String installation;
  private final LabsConfig.Swarm swarm;
  private volatile String edge;
  SwarmSpecs(DockerEngine manager, SwarmNodes nodes, SubnetPool subnets, String installation,
      LabsConfig.Swarm swarm) {
    this.manager = manager;
    this.nodes = nodes;
    this.subnets = subnets;
    this.installation = installation;
    this.swarm = swarm;
  }

  /** The labels of a lab's resource with this role (none: its network or config). */
  Map<String, String> labels(LabLaunch launch, String role) {
    return DockerEngine.labels(launch, installation, role);
  }

  /** An attachable overlay for one lab, on a free subnet of the lab pool. */
  String createNetwork(String name, boolean internal, Map<String, String> labels)
      throws LabBackendException {
    return manager.createOnFreeSubnet(subnets, name,
        subnet -> manager.client().createNetworkCmd()
            .withName(name)
            .withDriver("overlay")
            .withAttachable(true)
            .withInternal(internal)
            .withCheckDuplicate(true)
            .withLabels(labels)
            .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)))
            .exec().getId());
  }

  /** The flag as a Swarm config, mounted into the target by {@link #createService}. */
  String createFlagConfig(String name, LabLaunch launch) {
    return manager.client().createConfigCmd()
        .withName(name + "-flag")
        .withData(launch.flagFile().content().getBytes(StandardCharsets.UTF_8))
        .withLabels(labels(launch, "flag"))
        .exec().getId();
  }

  /** uid and gid of the flag's owner; a user name is looked up in the image on the lab's node. */
  private int[] flagOwner(LabLaunch launch, DockerEngine engine) throws LabBackendException {
    String owner = launch.flagFile().owner();
    if (owner == null || owner.isBlank() || owner.equals("root") || owner.matches("\\d+(:\\d+)?")) {
      return engine.resolveOwner(null, owner);
    }
    Optional<int[]> known = engine.knownOwner(launch.image(), owner);
    if (known.isPresent()) {
      return known.get();
    }
    String probe = engine.client().createContainerCmd(launch.image()).withEntrypoint("true")
        .exec().getId();
    try {
      return engine.resolveOwner(launch.image(), probe, owner);
    } finally {
      engine.client().removeContainerCmd(probe).withForce(true).exec();
    }
  }

  void createService(LabLaunch launch, String image, String name, String network,
      String role, String node, String flagConfig) throws LabBackendException {
    List<String> env = new ArrayList<>();
    launch.environment().forEach((k, v) -> env.add(k + "=" + v));
    env.add(PIDS_ENV + "=" + launch.pids());
    Map<String, String> labels = labels(launch, role);
    labels.put(NODE, node);
    LabContainerSpec container = new LabContainerSpec();
    container.withImage(image)
        .withLabels(labels)
        .withEnv(env)
        .withHostname(role)
        // Reaps what the range's checks leave behind, as on one engine (DockerIsolation).
        .withInit(true)
        .withStopGracePeriod(swarm.stopGrace().toNanos());
    container.capabilityDrop = List.of("ALL");
    container.capabilityAdd = launch.capabilities().stream().map(c -> "CAP_" + c).toList();
    if ("workstation".equals(role)) {
      // an attack box's command is usually a shell: a TTY and open stdin keep it alive
      container.withTty(true).withOpenStdin(true);
    }
    if (flagConfig != null) {
      int[] owner = flagOwner(launch, nodes.engine(node));
      container.withConfigs(List.of(new ContainerSpecConfig()
          .withConfigID(flagConfig)
          .withConfigName(name.replace("-target", "-flag"))
          .withFile(new ContainerSpecFile()
              .withName(launch.flagFile().path())
              .withUid(Integer.toString(owner[0]))
              .withGid(Integer.toString(owner[1]))
              .withMode((long) launch.flagFile().mode()))));
    }
    boolean restarts = launch.maxRestarts() > 0 && "target".equals(role);
    TaskSpec task = new TaskSpec()
        .withContainerSpec(container)
        .withResources(new ResourceRequirements()
            .withLimits(new ResourceSpecs()
                .withNanoCPUs(launch.cpusMillis() * 1_000_000L)
                .withMemoryBytes(launch.memoryBytes()))
            .withReservations(new ResourceSpecs().withMemoryBytes(launch.memoryBytes())))
        .withRestartPolicy(new ServiceRestartPolicy()
            .withCondition(restarts ? ServiceRestartCondition.ON_FAILURE
                : ServiceRestartCondition.NONE)
            .withMaxAttempts((long) launch.maxRestarts())
            .withDelay(Duration.ofSeconds(1).toNanos()))
        .withPlacement(new ServicePlacement().withConstraints(List.of("node.hostname==" + node)))
        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network)
            .withAliases(List.of(role))))
        .withLogDriver(new Driver().withName("json-file")
            .withOptions(Map.of("max-size", "1m", "max-file", "1")));
    createSingleReplica(name, labels, task, List.of());
  }

  /**
   * The lab's port relay (see the class comment): {@code nc -ll} keeps listening and runs
   * {@code nc <target> <port>} for each connection, so the target is looked up by name every time
   * and a restarted target is followed.
   */
  void createRelay(LabLaunch launch, String name, String network, String node)
      throws LabBackendException {
    List<PortConfig> published = new ArrayList<>();
    for (int i = 0; i < launch.ports().size(); i++) {
      published.add(new PortConfig().withProtocol(PortConfigProtocol.TCP)
          .withTargetPort(RELAY_BASE + i).withPublishMode(PortConfig.PublishMode.host));
    }
    Map<String, String> labels = labels(launch, "ports");
    labels.put(NODE, node);
    LabContainerSpec container = new LabContainerSpec();
    container.withImage(swarm.relayImage())
        .withLabels(labels)
        .withCommand(List.of("sh", "-c", relayScript(launch.ports(), name + "-target")))
        .withUser(RELAY_USER)
        .withEnv(List.of(PIDS_ENV + "=" + RELAY_PIDS))
        .withStopGracePeriod(swarm.stopGrace().toNanos());
    container.capabilityDrop = List.of("ALL");
    TaskSpec task = new TaskSpec()
        .withContainerSpec(container)
        .withResources(new ResourceRequirements().withLimits(new ResourceSpecs()
            .withNanoCPUs(launch.cpusMillis() * 1_000_000L).withMemoryBytes(RELAY_MEMORY)))
        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE))
        .withPlacement(new ServicePlacement().withConstraints(List.of("node.hostname==" + node)))
        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network),
            new NetworkAttachmentConfig().withTarget(edgeNetwork())))
        .withLogDriver(new Driver().withName("json-file")
            .withOptions(Map.of("max-size", "1m", "max-file", "1")));
    createSingleReplica(name + "-ports", labels, task, published);
  }

  /**
   * The relay's program: for the i-th lab port, listen on {@link #RELAY_BASE} + i and connect
   * each connection to {@code target} (a name the lab network resolves) on that port.
   */
  static String relayScript(List<Integer> ports, String target) {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < ports.size(); i++) {
      script.append(listener(i, ports.get(i), target)).append(" & ");
    }
    return script.append("wait").toString();
  }

  /** Listens on {@link #RELAY_BASE} + i and connects each connection to the target's port. */
  private static String listener(int i, int port, String target) {
    return "nc -ll -p " + (RELAY_BASE + i) + " -e nc " + target + " " + port;
  }

  /**
   * The installation's one non-internal overlay that relays join so that host-mode publishing
   * works; created on first use and kept (labs never join it).
   */
  synchronized String edgeNetwork() throws LabBackendException {
    if (edge != null) {
      return edge;
    }
    String name = "b2c-" + installation + "-edge";
    try {
      for (Network n : manager.client().listNetworksCmd().withNameFilter(name).exec()) {
        if (n.getName().equals(name)) {
          edge = n.getId();
          return edge;
        }
      }
      edge = manager.client().createNetworkCmd()
          .withName(name)
          .withDriver("overlay")
          .withAttachable(true)
          .withCheckDuplicate(true)
          .withLabels(Map.of(EDGE, installation))
          .exec().getId();
      return edge;
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the cluster's edge network for lab ports could not be"
          + " created: " + DockerEngine.clean(e.getMessage()), e);
    }
  }

  /**
   * The keeper of a spare network on {@code node}: a sleeping task that holds the network set
   * up there, on the edge network too so that relays start warm. It publishes
   * {@code spare-relay-ports} host-mode ports with nothing listening on them, so that the lab
   * that claims it can use it as its port relay ({@link #armingScript}); hence a relay's limits
   * and identity (user 65534, no capabilities, an init that reaps the relay's children).
   */
  void createKeeper(String name, String network, String node, Map<String, String> labels)
      throws LabBackendException {
    List<PortConfig> published = new ArrayList<>();
    for (int i = 0; i < swarm.spareRelayPorts(); i++) {
      published.add(new PortConfig().withProtocol(PortConfigProtocol.TCP)
          .withTargetPort(RELAY_BASE + i).withPublishMode(PortConfig.PublishMode.host));
    }
    LabContainerSpec container = new LabContainerSpec();
    container.withImage(swarm.relayImage())
        .withLabels(labels)
        .withCommand(List.of("sleep", "2147483647"))
        .withUser(RELAY_USER)
        .withInit(true)
        .withEnv(List.of(PIDS_ENV + "=" + RELAY_PIDS))
        .withStopGracePeriod(0L);
    container.capabilityDrop = List.of("ALL");
    TaskSpec task = new TaskSpec()
        .withContainerSpec(container)
        .withResources(new ResourceRequirements().withLimits(new ResourceSpecs()
            .withNanoCPUs(KEEPER_CPUS).withMemoryBytes(RELAY_MEMORY)))
        .withPlacement(new ServicePlacement().withConstraints(List.of("node.hostname==" + node)))
        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network),
            new NetworkAttachmentConfig().withTarget(edgeNetwork())))
        .withLogDriver(new Driver().withName("json-file")
            .withOptions(Map.of("max-size", "1m", "max-file", "1")));
    createSingleReplica(name, labels, task, published);
  }

  /**
   * What a claimed keeper runs (by one exec, as {@link #RELAY_USER}) to become the lab's relay:
   * {@link #relayScript}'s listeners, left running in the background (their output goes nowhere,
   * so the exec ends at once).
   */
  static String armingScript(List<Integer> ports, String target) {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < ports.size(); i++) {
      script.append(listener(i, ports.get(i), target)).append(" </dev/null >/dev/null 2>&1 & ");
    }
    return script.append("true").toString();
  }

  /**
   * A one-replica service; no IP_VS on the nodes, so no virtual IP: its peers find it by DNS,
   * and {@code published} ports (host mode) are the only way in from outside the swarm.
   */
  private void createSingleReplica(String name, Map<String, String> labels, TaskSpec task,
      List<PortConfig> published) {
    EndpointSpec endpoint = new EndpointSpec().withMode(EndpointResolutionMode.DNSRR);
    if (!published.isEmpty()) {
      endpoint.withPorts(published);
    }
    manager.client().createServiceCmd(new ServiceSpec()
        .withName(name)
        .withLabels(labels)
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withReplicated(
            new ServiceReplicatedModeOptions().withReplicas(1)))
        .withEndpointSpec(endpoint))
        .exec();
  }

  /**
   * A service's container spec with the capability fields of the Engine API (1.41) that
   * docker-java's model lacks; Jackson writes the subclass's fields along with the others.
   */
  static final class LabContainerSpec extends ContainerSpec {
    @JsonProperty("CapabilityAdd")
    List<String> capabilityAdd;

    @JsonProperty("CapabilityDrop")
    List<String> capabilityDrop;
  }
}
