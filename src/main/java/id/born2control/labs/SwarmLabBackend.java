package id.born2control.labs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Config;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.api.model.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The lab backend on a Docker Swarm cluster ({@code b2c.labs.backend=swarm}), through the
 * manager's Swarm API. A lab is one single-replica service per container (target, and the
 * workstation when the challenge has one) on the lab's own attachable overlay network (internal
 * unless the challenge asks for egress, subnet from the same pool as the single-engine backend),
 * with the same limits, labels and capabilities.
 *
 * <ul>
 *   <li><b>Placement</b>: the range picks the node itself, the one with the most memory left
 *       (what it offers minus the memory reserved by the range's labs pinned to it, starts in
 *       flight included), and pins both services there with {@code node.hostname==X}; every
 *       task reserves its memory limit, so Swarm's own scheduler agrees. Pinning means a lab
 *       whose node is lost is not silently re-created empty elsewhere: it is reported (its node
 *       is not Ready) and the range marks it FAILED; the next start places it on a live
 *       node.</li>
 *   <li><b>Images</b>: built on the manager and copied to a node by {@code docker save} from the
 *       manager and {@code docker load} into the node, right before a lab is placed there when the
 *       node lacks it (and to every node after a build). No registry is needed, image ids stay
 *       identical, and a node that joins later gets what it needs on its first lab. A registry on
 *       the manager would add a service to run, secure and garbage-collect for no gain at tens of
 *       nodes.</li>
 *   <li><b>Exec and terminal</b>: Swarm has no exec API, so they go to the engine of the node that
 *       runs the task ({@code b2c.labs.swarm.nodes}); the lab's container is named by its service,
 *       resolved to the running task's container at each call, so restarts are followed.</li>
 *   <li><b>Flag file</b>: a Swarm config mounted at the flag path with its mode and owner (the
 *       container cannot be written before its start, as the single-engine backend does).</li>
 *   <li><b>PIDs limit</b>: Docker 20.10 accepts but ignores a service's PIDs limit, so the limit
 *       travels in the task's environment ({@code B2C_PIDS_LIMIT}) and each node runs containers
 *       through the {@code infra/cluster/b2c-runc} runtime wrapper, which writes it into the OCI
 *       spec at every container create.</li>
 *   <li><b>Warm networks</b>: the first task of an overlay network on a node waits for the node to
 *       set the network up (measured here: 3.7 s against 1.6 s for a second task on the same
 *       network and node, 1.4 s without a network). So each node keeps a few spare internal lab
 *       networks ({@code b2c.labs.swarm.spare-networks}), each held set up by a keeper task (a
 *       sleeping busybox, also on the edge network so relays start warm too). A lab claims a spare
 *       on its node by creating a Swarm config named after it (names are unique in the swarm, so
 *       two instances of the range never take the same one), joins it, and removes the keeper
 *       once its own tasks run. Spares are topped up in the background; claimed keepers and
 *       spare networks left by an instance that died mid-start are swept. Labs that may reach
 *       outside ({@code egress}) get a network of their own as before.</li>
 *   <li><b>Ports</b>: the nodes have no IP_VS (no ingress mesh), and host-mode publishing needs
 *       a non-internal network, which would give the lab a way out. So a lab with ports gets a
 *       relay: a small service on the lab's network and on the installation's one non-internal
 *       edge overlay, pinned to the lab's node, publishing one host-mode port per lab port (the
 *       node picks it) and forwarding each connection to the target by its service name with
 *       busybox {@code nc}. The target stays on its internal network only; the range relays
 *       {@code 127.0.0.1} to the relay's node address and port ({@link #endpoints}), so the web
 *       proxy and published ports work as on one engine. Node addresses must be on the cluster's
 *       private network: a host-mode port listens on every address of its node.</li>
 *   <li><b>Not available through Swarm 20.10</b>: {@code no-new-privileges} and memory+swap
 *       equal to memory.</li>
 * </ul>
 */
class SwarmLabBackend implements LabBackend {

  private static final Logger LOG = Logger.getLogger(SwarmLabBackend.class);
  static final String NODE = "b2c.node";
  static final String PIDS_ENV = "B2C_PIDS_LIMIT";
  /** Label of the installation's edge network (not a lab's: lab sweeps leave it alone). */
  static final String EDGE = "b2c.edge";
  /** A relay listens on RELAY_BASE + i for the lab's i-th port. */
  static final int RELAY_BASE = 20000;
  private static final long RELAY_MEMORY = 16L * 1024 * 1024;
  private static final long RELAY_PIDS = 128;
  /** Label of a spare network and its keeper service: the installation. */
  static final String SPARE = "b2c.spare";
  private static final long KEEPER_MEMORY = 8L * 1024 * 1024;
  private static final String CLAIM = "-claim";

  private final DockerClient manager;
  private final Map<String, DockerClient> nodes;
  private final SubnetPool subnets;
  private final String installation;
  private final LabsConfig.Swarm swarm;
  private final Map<String, Long> inFlight = new HashMap<>();
  private final Map<String, String> hostnames = new ConcurrentHashMap<>();
  /** Node address (as the swarm sees it) by hostname. */
  private final Map<String, String> addresses = new ConcurrentHashMap<>();
  private volatile String edge;
  private final ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "b2c-swarm-spares");
        t.setDaemon(true);
        return t;
      });
  /** Spare networks no service used at the previous sweep (removed if still unused). */
  private Set<String> unusedBefore = Set.of();
  /** uid and gid of a flag owner name by image tag (built tags are content hashes). */
  private final Map<String, int[]> owners = new ConcurrentHashMap<>();

  SwarmLabBackend(LabsConfig config) {
    this.manager = DockerLabBackend.client(config.dockerHost(), config);
    this.swarm = config.swarm();
    this.nodes = new LinkedHashMap<>();
    for (String pair : swarm.nodes().orElseThrow(() -> new IllegalStateException(
        "b2c.labs.swarm.nodes must name the engine of every lab node (hostname=address,...)"))
        .split(",")) {
      String[] kv = pair.strip().split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new IllegalStateException("b2c.labs.swarm.nodes: '" + pair
            + "' is not hostname=address");
      }
      nodes.put(kv[0].strip(), DockerLabBackend.client(kv[1].strip(), config));
    }
    this.subnets = new SubnetPool(config.subnetPool(), config.subnetPrefix());
    this.installation = config.installation();
    if (swarm.spareNetworks() > 0) {
      upkeep.scheduleWithFixedDelay(this::refillSpares, 0, 10, TimeUnit.SECONDS);
    }
  }

  /** Stops the background upkeep of spare networks. */
  void close() {
    upkeep.shutdownNow();
  }

  // ---------------------------------------------------------------- images

  /** Whether the manager, where images are built and copied from, has the image. */
  @Override
  public boolean imageExists(String tag) {
    return hasImage(manager, tag);
  }

  /** Builds on the manager, then copies the image to every Ready lab node that lacks it. */
  @Override
  public void buildImage(Path context, String dockerfile, String tag) throws LabBackendException {
    DockerLabBackend.build(manager, context, dockerfile, tag);
    for (SwarmNode node : readyNodes()) {
      DockerClient engine = nodes.get(node.getDescription().getHostname());
      try {
        ensureImage(engine, tag);
      } catch (LabBackendException e) {
        LOG.warnf("Labs: %s not copied to %s yet (copied on its first lab): %s", tag,
            node.getDescription().getHostname(), e.getMessage());
      }
    }
  }

  private static boolean hasImage(DockerClient engine, String tag) {
    try {
      engine.inspectImageCmd(tag).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** docker save from the manager | docker load into the node, when the node lacks the image. */
  private void ensureImage(DockerClient engine, String tag) throws LabBackendException {
    if (engine == manager || hasImage(engine, tag)) {
      return;
    }
    long began = System.nanoTime();
    try (InputStream image = manager.saveImageCmd(tag).exec()) {
      engine.loadImageCmd(image).exec();
    } catch (IOException | DockerException | DockerClientException e) {
      throw new LabBackendException("the lab image could not be copied to its node: "
          + DockerLabBackend.clean(e.getMessage()), e);
    }
    LOG.infof("Labs: copied %s to a node in %d ms", tag, (System.nanoTime() - began) / 1_000_000);
  }

  // ---------------------------------------------------------------- start

  @Override
  public LabHandle start(LabLaunch launch) throws LabBackendException {
    String name = "b2c-" + launch.instanceId();
    long memory = launch.memoryBytes() * (launch.workstationImage() == null ? 1 : 2);
    String node = place(memory);
    try {
      DockerClient engine = nodes.get(node);
      ensureImage(engine, launch.image());
      if (launch.workstationImage() != null) {
        ensureImage(engine, launch.workstationImage());
      }
      Spare spare = launch.egress() ? null : claimSpare(node, launch);
      String network = spare != null ? spare.network()
          : createNetwork(name, !launch.egress(), labels(launch, null));
      String flagConfig = launch.flagFile() == null ? null : createFlagConfig(name, launch);
      createService(launch, launch.image(), name + "-target", network, "target", node,
          flagConfig);
      String workstation = null;
      if (launch.workstationImage() != null) {
        workstation = name + "-workstation";
        createService(launch, launch.workstationImage(), workstation, network, "workstation",
            node, null);
      }
      if (!launch.ports().isEmpty()) {
        ensureImage(engine, swarm.relayImage());
        createRelay(launch, name, network, node);
      }
      awaitRunning(name + "-target", node);
      if (workstation != null) {
        awaitRunning(workstation, node);
      }
      if (!launch.ports().isEmpty()) {
        awaitRunning(name + "-ports", node);
      }
      if (spare != null) {
        // the lab's own tasks hold the network set up now
        removeQuietly(() -> manager.removeServiceCmd(spare.keeper()).exec());
      }
      return new LabHandle(network, name + "-target", null, workstation);
    } catch (DockerException | DockerClientException | LabBackendException e) {
      remove(launch.instanceId());
      throw e instanceof LabBackendException lbe ? lbe : new LabBackendException(
          "the lab could not be created: " + DockerLabBackend.clean(e.getMessage()), e);
    } catch (RuntimeException e) {
      // typically the node's engine stopped answering (a node lost during the start)
      remove(launch.instanceId());
      throw new LabBackendException("the lab could not be created on cluster node " + node + " ("
          + e.getMessage() + "); start it again", e);
    } finally {
      synchronized (inFlight) {
        inFlight.merge(node, -memory, Long::sum);
      }
    }
  }

  /**
   * The Ready, active lab node with the most memory left after the reservations of its labs and
   * of the starts placed on it that have not created their services yet.
   */
  private String place(long memory) throws LabBackendException {
    List<SwarmNode> ready = readyNodes();
    if (ready.isEmpty()) {
      throw new LabBackendException("no lab node of the cluster is ready; try again shortly");
    }
    // Counted by the labs' services (pinned by label), which go the moment a lab is removed.
    Map<String, Long> reserved = new HashMap<>();
    for (Service service : manager.listServicesCmd()
        .withLabelFilter(Map.of(DockerLabBackend.MANAGED, "true")).exec()) {
      String host = service.getSpec().getLabels().get(NODE);
      Long bytes = Optional.ofNullable(service.getSpec().getTaskTemplate())
          .map(TaskSpec::getResources).map(ResourceRequirements::getReservations)
          .map(ResourceSpecs::getMemoryBytes).orElse(null);
      if (host != null && bytes != null) {
        reserved.merge(host, bytes, Long::sum);
      }
    }
    synchronized (inFlight) {
      String best = null;
      long bestFree = Long.MIN_VALUE;
      for (SwarmNode node : ready) {
        String host = node.getDescription().getHostname();
        long offered = swarm.nodeMemory().map(m -> m.asLongValue())
            .orElse(node.getDescription().getResources().getMemoryBytes());
        long free = offered - reserved.getOrDefault(host, 0L)
            - inFlight.getOrDefault(host, 0L);
        if (free > bestFree) {
          best = host;
          bestFree = free;
        }
      }
      if (bestFree < memory) {
        throw new LabBackendException("the cluster is full: no lab node has "
            + memory / (1024 * 1024) + " MiB free; try again later");
      }
      inFlight.merge(best, memory, Long::sum);
      return best;
    }
  }

  /** Ready, active nodes that have an engine address configured. */
  private List<SwarmNode> readyNodes() {
    List<SwarmNode> ready = new ArrayList<>();
    for (SwarmNode node : manager.listSwarmNodesCmd().exec()) {
      remember(node);
      if (node.getStatus().getState() == SwarmNodeState.READY
          && node.getSpec().getAvailability() == SwarmNodeAvailability.ACTIVE
          && nodes.containsKey(node.getDescription().getHostname())) {
        ready.add(node);
      }
    }
    return ready;
  }

  /** Keeps a node's hostname by id and its address by hostname. */
  private void remember(SwarmNode node) {
    String host = node.getDescription().getHostname();
    hostnames.put(node.getId(), host);
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

  private Map<String, String> labels(LabLaunch launch, String role) {
    Map<String, String> labels = new HashMap<>(launch.labels());
    labels.put(DockerLabBackend.MANAGED, "true");
    labels.put(DockerLabBackend.INSTALLATION, installation);
    labels.put(DockerLabBackend.INSTANCE, launch.instanceId());
    if (role != null) {
      labels.put(DockerLabBackend.ROLE, role);
    }
    return labels;
  }

  // ---------------------------------------------------------------- warm networks

  private record Spare(String keeper, String network) {}

  /** Takes a warm spare network on {@code node} for the lab, or null when none is ready. */
  private Spare claimSpare(String node, LabLaunch launch) {
    if (swarm.spareNetworks() == 0) {
      return null;
    }
    try {
      for (Service keeper : manager.listServicesCmd()
          .withLabelFilter(Map.of(SPARE, installation, NODE, node)).exec()) {
        String name = keeper.getSpec().getName();
        if (!hasRunningTask(name)) {
          continue;
        }
        try {
          manager.createConfigCmd().withName(name + CLAIM)
              .withData(launch.instanceId().getBytes(StandardCharsets.UTF_8))
              .withLabels(labels(launch, "claim")).exec();
        } catch (ConflictException taken) {
          continue;
        }
        if (!upkeep.isShutdown()) {
          upkeep.execute(this::refillSpares);
        }
        return new Spare(name, spareNetworkOf(keeper));
      }
    } catch (DockerException | DockerClientException | LabBackendException e) {
      LOG.warnf("Labs: no spare network taken on %s: %s", node, e.getMessage());
    }
    return null;
  }

  private boolean hasRunningTask(String service) {
    return manager.listTasksCmd().withServiceFilter(service).withStateFilter(TaskState.RUNNING)
        .exec().stream().anyMatch(t -> t.getStatus() != null
            && t.getStatus().getState() == TaskState.RUNNING);
  }

  /** The keeper's lab network (it is also on the edge network). */
  private String spareNetworkOf(Service keeper) throws LabBackendException {
    String edgeId = edgeNetwork();
    return keeper.getSpec().getTaskTemplate().getNetworks().stream()
        .map(NetworkAttachmentConfig::getTarget).filter(t -> !t.equals(edgeId)).findFirst()
        .orElseThrow(() -> new LabBackendException("spare " + keeper.getSpec().getName()
            + " has no network"));
  }

  /**
   * Tops up the unclaimed spares of every Ready node to {@code spare-networks}, removes keepers
   * claimed more than two minutes ago (their lab runs, or its start died with its instance), and
   * spare networks that no service used at this sweep nor at the previous one.
   */
  private void refillSpares() {
    try {
      Map<String, Instant> claimed = new HashMap<>();
      for (Config c : manager.listConfigsCmd().withFilters(Map.of("label", List.of(
          DockerLabBackend.INSTALLATION + "=" + installation,
          DockerLabBackend.ROLE + "=claim"))).exec()) {
        claimed.put(c.getSpec().getName().replaceFirst(CLAIM + "$", ""),
            c.getCreatedAt() == null ? Instant.now() : c.getCreatedAt().toInstant());
      }
      Instant stale = Instant.now().minus(Duration.ofMinutes(2));
      Map<String, Integer> unclaimed = new HashMap<>();
      Set<String> used = new HashSet<>();
      for (Service s : manager.listServicesCmd().exec()) {
        String name = s.getSpec().getName();
        Map<String, String> labels = s.getSpec().getLabels();
        if (labels != null && installation.equals(labels.get(SPARE))) {
          Instant claim = claimed.get(name);
          if (claim == null) {
            unclaimed.merge(labels.get(NODE), 1, Integer::sum);
          } else if (claim.isBefore(stale)) {
            // its lab runs without it, or the start died with its instance
            removeQuietly(() -> manager.removeServiceCmd(s.getId()).exec());
            continue;
          }
        }
        Optional.ofNullable(s.getSpec().getTaskTemplate()).map(TaskSpec::getNetworks)
            .ifPresent(list -> list.forEach(n -> used.add(n.getTarget())));
      }
      Set<String> unused = new HashSet<>();
      for (Network n : manager.listNetworksCmd()
          .withFilter("label", List.of(SPARE + "=" + installation)).exec()) {
        if (!used.contains(n.getId())) {
          if (unusedBefore.contains(n.getId())
              && removeQuietly(() -> manager.removeNetworkCmd(n.getId()).exec())) {
            subnets.releaseNetwork(n.getName());
          } else {
            unused.add(n.getId());
          }
        }
      }
      unusedBefore = unused;
      for (SwarmNode node : readyNodes()) {
        String host = node.getDescription().getHostname();
        for (int i = unclaimed.getOrDefault(host, 0); i < swarm.spareNetworks(); i++) {
          createSpare(host);
        }
      }
    } catch (DockerException | DockerClientException | LabBackendException e) {
      LOG.warnf("Labs: spare networks not topped up: %s", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf("Labs: spare networks not topped up: %s", e.getMessage());
    }
  }

  /** One spare: an internal lab network and its keeper task on {@code node}. */
  private void createSpare(String node) throws LabBackendException {
    ensureImage(nodes.get(node), swarm.relayImage());
    String name = "b2c-spare-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String network = createNetwork(name, true, Map.of(SPARE, installation));
    ContainerSpec container = new ContainerSpec()
        .withImage(swarm.relayImage())
        .withCommand(List.of("sleep", "2147483647"))
        .withUser("65534:65534")
        .withEnv(List.of(PIDS_ENV + "=4"))
        .withStopGracePeriod(0L);
    TaskSpec task = new TaskSpec()
        .withContainerSpec(container)
        .withResources(new ResourceRequirements().withLimits(new ResourceSpecs()
            .withNanoCPUs(10_000_000L).withMemoryBytes(KEEPER_MEMORY)))
        .withPlacement(new ServicePlacement().withConstraints(List.of("node.hostname==" + node)))
        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network),
            new NetworkAttachmentConfig().withTarget(edgeNetwork())));
    manager.createServiceCmd(new ServiceSpec()
        .withName(name)
        .withLabels(Map.of(SPARE, installation, NODE, node))
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withReplicated(
            new ServiceReplicatedModeOptions().withReplicas(1)))
        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)))
        .exec();
  }

  /** An attachable overlay for one lab, on a free subnet of the lab pool. */
  private String createNetwork(String name, boolean internal, Map<String, String> labels)
      throws LabBackendException {
    return DockerLabBackend.createOnFreeSubnet(subnets, manager, name,
        subnet -> manager.createNetworkCmd()
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
  private String createFlagConfig(String name, LabLaunch launch) {
    return manager.createConfigCmd()
        .withName(name + "-flag")
        .withData(launch.flagFile().content().getBytes(StandardCharsets.UTF_8))
        .withLabels(labels(launch, "flag"))
        .exec().getId();
  }

  /** uid and gid of the flag's owner; a user name is looked up in the image on the lab's node. */
  private int[] flagOwner(LabLaunch launch, DockerClient engine) throws LabBackendException {
    String owner = launch.flagFile().owner();
    if (owner == null || owner.isBlank() || owner.equals("root") || owner.matches("\\d+(:\\d+)?")) {
      return DockerLabBackend.resolveOwner(engine, null, owner);
    }
    String key = launch.image() + "|" + owner;
    int[] known = owners.get(key);
    if (known != null) {
      return known;
    }
    String probe = engine.createContainerCmd(launch.image()).withEntrypoint("true").exec().getId();
    try {
      int[] resolved = DockerLabBackend.resolveOwner(engine, probe, owner);
      owners.put(key, resolved);
      return resolved;
    } finally {
      engine.removeContainerCmd(probe).withForce(true).exec();
    }
  }

  private void createService(LabLaunch launch, String image, String name, String network,
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
        .withStopGracePeriod(swarm.stopGrace().toNanos());
    container.capabilityDrop = List.of("ALL");
    container.capabilityAdd = launch.capabilities().stream().map(c -> "CAP_" + c).toList();
    if ("workstation".equals(role)) {
      // an attack box's command is usually a shell: a TTY and open stdin keep it alive
      container.withTty(true).withOpenStdin(true);
    }
    if (flagConfig != null) {
      int[] owner = flagOwner(launch, nodes.get(node));
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
    manager.createServiceCmd(new ServiceSpec()
        .withName(name)
        .withLabels(labels)
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withReplicated(
            new ServiceReplicatedModeOptions().withReplicas(1)))
        // No IP_VS on the nodes: no virtual IP; the lab's peers find it by DNS.
        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)))
        .exec();
  }

  /**
   * The lab's port relay (see the class comment): {@code nc -ll} keeps listening and runs
   * {@code nc <target> <port>} for each connection, so the target is looked up by name every time
   * and a restarted target is followed.
   */
  private void createRelay(LabLaunch launch, String name, String network, String node)
      throws LabBackendException {
    StringBuilder script = new StringBuilder();
    List<PortConfig> published = new ArrayList<>();
    for (int i = 0; i < launch.ports().size(); i++) {
      script.append("nc -ll -p ").append(RELAY_BASE + i).append(" -e nc ").append(name)
          .append("-target ").append(launch.ports().get(i)).append(" & ");
      published.add(new PortConfig().withProtocol(PortConfigProtocol.TCP)
          .withTargetPort(RELAY_BASE + i).withPublishMode(PortConfig.PublishMode.host));
    }
    script.append("wait");
    Map<String, String> labels = labels(launch, "ports");
    labels.put(NODE, node);
    LabContainerSpec container = new LabContainerSpec();
    container.withImage(swarm.relayImage())
        .withLabels(labels)
        .withCommand(List.of("sh", "-c", script.toString()))
        .withUser("65534:65534")
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
    manager.createServiceCmd(new ServiceSpec()
        .withName(name + "-ports")
        .withLabels(labels)
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withReplicated(
            new ServiceReplicatedModeOptions().withReplicas(1)))
        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)
            .withPorts(published)))
        .exec();
  }

  /**
   * The installation's one non-internal overlay that relays join so that host-mode publishing
   * works; created on first use and kept (labs never join it).
   */
  private synchronized String edgeNetwork() throws LabBackendException {
    if (edge != null) {
      return edge;
    }
    String name = "b2c-" + installation + "-edge";
    try {
      for (Network n : manager.listNetworksCmd().withNameFilter(name).exec()) {
        if (n.getName().equals(name)) {
          edge = n.getId();
          return edge;
        }
      }
      edge = manager.createNetworkCmd()
          .withName(name)
          .withDriver("overlay")
          .withAttachable(true)
          .withCheckDuplicate(true)
          .withLabels(Map.of(EDGE, installation))
          .exec().getId();
      return edge;
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the cluster's edge network for lab ports could not be"
          + " created: " + DockerLabBackend.clean(e.getMessage()), e);
    }
  }

  /**
   * Waits until the service's task runs; a task that fails or is rejected, or the loss of the
   * node, fails the start (retryable: the next start is placed on a live node).
   */
  private void awaitRunning(String service, String node) throws LabBackendException {
    long deadline = System.nanoTime() + swarm.startTimeout().toNanos();
    String last = "not scheduled";
    for (int round = 1; System.nanoTime() < deadline; round++) {
      if (round % 10 == 0 && readyNodes().stream()
          .noneMatch(n -> n.getDescription().getHostname().equals(node))) {
        throw new LabBackendException("the cluster node " + node
            + " was lost while the lab started; start it again");
      }
      List<Task> tasks = manager.listTasksCmd().withServiceFilter(service).exec();
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
        Thread.sleep(100);
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

  // ---------------------------------------------------------------- remove, list

  /**
   * Removes the lab's services, then its config and network once the tasks have let go of them
   * (a grace period); what cannot be removed yet (a lost node still holds it) stays listed and
   * the next reconcile retries.
   */
  @Override
  public void remove(String instanceId) {
    String label = DockerLabBackend.INSTANCE + "=" + instanceId;
    try {
      // a start that failed after claiming a spare: its keeper goes first, freeing the network
      for (Config c : manager.listConfigsCmd().withFilters(Map.of("label", List.of(label,
          DockerLabBackend.ROLE + "=claim"))).exec()) {
        String keeper = c.getSpec().getName().replaceFirst(CLAIM + "$", "");
        removeQuietly(() -> manager.removeServiceCmd(keeper).exec());
      }
      Set<String> pinned = new HashSet<>();
      // a lab on a spare network: that network carries no label of the lab
      Set<String> joined = new HashSet<>();
      for (Service s : manager.listServicesCmd()
          .withLabelFilter(Map.of(DockerLabBackend.INSTANCE, instanceId)).exec()) {
        pinned.add(s.getSpec().getLabels().get(NODE));
        Optional.ofNullable(s.getSpec().getTaskTemplate()).map(TaskSpec::getNetworks)
            .ifPresent(list -> list.forEach(n -> joined.add(n.getTarget())));
        try {
          manager.removeServiceCmd(s.getId()).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
      }
      // A lost node holds the network until it returns: no use waiting for it (one try).
      boolean reachable = readyNodes().stream()
          .anyMatch(n -> pinned.contains(n.getDescription().getHostname()));
      long deadline = System.nanoTime() + (reachable || pinned.isEmpty()
          ? swarm.stopGrace().plusSeconds(5).toNanos() : 0);
      boolean left = true;
      for (boolean first = true; left && (first || System.nanoTime() < deadline); first = false) {
        left = false;
        for (Config c : manager.listConfigsCmd()
            .withFilters(Map.of("label", List.of(label))).exec()) {
          left |= !removeQuietly(() -> manager.removeConfigCmd(c.getId()).exec());
        }
        List<Network> networks = new ArrayList<>(
            manager.listNetworksCmd().withFilter("label", List.of(label)).exec());
        if (!joined.isEmpty()) {
          manager.listNetworksCmd().withIdFilter(joined.toArray(String[]::new)).exec().stream()
              .filter(n -> n.getLabels() != null && installation.equals(n.getLabels().get(SPARE)))
              .forEach(networks::add);
        }
        for (Network n : networks) {
          if (removeQuietly(() -> manager.removeNetworkCmd(n.getId()).exec())) {
            subnets.releaseNetwork(n.getName());
          } else {
            left = true;
          }
        }
        if (left && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (DockerException | DockerClientException e) {
      LOG.warnf("Labs: could not remove everything of %s: %s", instanceId,
          DockerLabBackend.clean(e.getMessage()));
    }
  }

  private static boolean removeQuietly(Runnable removal) {
    try {
      removal.run();
      return true;
    } catch (NotFoundException gone) {
      return true;
    } catch (DockerException e) {
      // still in use by a task that is shutting down
      return false;
    }
  }

  @Override
  public List<ManagedLab> listManaged() {
    Map<String, String> filter = Map.of(DockerLabBackend.MANAGED, "true",
        DockerLabBackend.INSTALLATION, installation);
    Map<String, SwarmNode> byId = new HashMap<>();
    for (SwarmNode n : manager.listSwarmNodesCmd().exec()) {
      byId.put(n.getId(), n);
      remember(n);
    }
    Map<String, List<Task>> tasksByService = new HashMap<>();
    for (Task t : manager.listTasksCmd().exec()) {
      tasksByService.computeIfAbsent(t.getServiceId(), k -> new ArrayList<>()).add(t);
    }
    Map<String, List<Service>> byInstance = new LinkedHashMap<>();
    for (Service s : manager.listServicesCmd().withLabelFilter(filter).exec()) {
      String id = s.getSpec().getLabels().get(DockerLabBackend.INSTANCE);
      if (id != null) {
        byInstance.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
      }
    }
    Map<String, Map<String, String>> networkLabels = new HashMap<>();
    for (Network n : manager.listNetworksCmd().withFilter("label", List.of(
        DockerLabBackend.MANAGED + "=true", DockerLabBackend.INSTALLATION + "=" + installation))
        .exec()) {
      String id = n.getLabels() == null ? null : n.getLabels().get(DockerLabBackend.INSTANCE);
      if (id != null) {
        byInstance.computeIfAbsent(id, k -> new ArrayList<>());
        networkLabels.put(id, n.getLabels());
      }
    }
    List<ManagedLab> labs = new ArrayList<>();
    byInstance.forEach((id, services) -> {
      Service target = services.stream()
          .filter(s -> "target".equals(s.getSpec().getLabels().get(DockerLabBackend.ROLE)))
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

  /** The target's state from its newest task and the state of the node it is pinned to. */
  private ManagedLab describe(String id, Map<String, String> labels, List<String> names,
      Service target, List<Task> tasks, Map<String, SwarmNode> nodesById) {
    String name = target.getSpec().getName();
    Instant created = target.getCreatedAt() == null ? null : target.getCreatedAt().toInstant();
    String pinned = labels.get(NODE);
    SwarmNode node = nodesById.values().stream()
        .filter(n -> n.getDescription().getHostname().equals(pinned)).findFirst().orElse(null);
    if (node == null || node.getStatus().getState() != SwarmNodeState.READY) {
      return new ManagedLab(id, labels, names, name, "lost", 0, false, null, created,
          "the cluster node running the lab (" + pinned + ") left or stopped answering;"
              + " start the lab again to get it on another node");
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
    var container = newest.getStatus() == null ? null : newest.getStatus().getContainerStatus();
    int exit = container == null || container.getExitCodeLong() == null ? 0
        : container.getExitCodeLong().intValue();
    boolean oom = false;
    DockerClient engine = nodes.get(pinned);
    if (engine != null && container != null && container.getContainerID() != null) {
      try {
        oom = Boolean.TRUE.equals(engine.inspectContainerCmd(container.getContainerID()).exec()
            .getState().getOOMKilled());
      } catch (DockerException | DockerClientException e) {
        // the container is gone with its task history
      }
    }
    return new ManagedLab(id, labels, names, name, "exited", exit, oom, null, created, null);
  }

  // ---------------------------------------------------------------- ports, exec, terminal

  /** The node address and host port that the lab's relay publishes for each lab port. */
  @Override
  public Map<Integer, InetSocketAddress> endpoints(String instanceId, String targetIp,
      List<Integer> ports) throws LabBackendException {
    if (ports.isEmpty()) {
      return Map.of();
    }
    Located at = locate("b2c-" + instanceId + "-ports");
    String address = addresses.get(at.host());
    if (address == null) {
      readyNodes();
      address = addresses.get(at.host());
    }
    if (address == null) {
      throw new LabBackendException("the address of cluster node " + at.host() + " is unknown");
    }
    Map<Integer, InetSocketAddress> endpoints = new LinkedHashMap<>();
    try {
      Map<ExposedPort, Ports.Binding[]> bindings = at.engine().inspectContainerCmd(at.container())
          .exec().getNetworkSettings().getPorts().getBindings();
      for (int i = 0; i < ports.size(); i++) {
        Ports.Binding[] bound = bindings.get(ExposedPort.tcp(RELAY_BASE + i));
        if (bound == null || bound.length == 0) {
          throw new LabBackendException("the relay of lab port " + ports.get(i)
              + " is not published on its node");
        }
        endpoints.put(ports.get(i), InetSocketAddress.createUnresolved(address,
            Integer.parseInt(bound[0].getHostPortSpec())));
      }
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the lab's relay could not be inspected: "
          + DockerLabBackend.clean(e.getMessage()), e);
    }
    return endpoints;
  }

  @Override
  public ExecResult exec(String container, String user, List<String> command, Duration timeout)
      throws LabBackendException {
    Located at = locate(container);
    return DockerLabBackend.exec(at.engine(), at.container(), user, command, timeout);
  }

  @Override
  public TerminalSession openTerminal(String container, String user, List<String> command,
      TerminalSink sink) throws LabBackendException {
    Located at = locate(container);
    return DockerLabBackend.openTerminal(at.engine(), at.container(), user, command, sink);
  }

  @Override
  public java.util.Optional<LabUsage> usage(String container, Duration timeout) {
    try {
      Located at = locate(container);
      return DockerLabBackend.usage(at.engine(), at.container(), timeout);
    } catch (LabBackendException e) {
      return java.util.Optional.empty();
    }
  }

  private record Located(DockerClient engine, String host, String container) {}

  /** The running task of a lab service: the engine of its node and its container id. */
  private Located locate(String service) throws LabBackendException {
    try {
      for (Task t : manager.listTasksCmd().withServiceFilter(service)
          .withStateFilter(TaskState.RUNNING).exec()) {
        if (t.getStatus() == null || t.getStatus().getState() != TaskState.RUNNING
            || t.getStatus().getContainerStatus() == null) {
          continue;
        }
        if (!hostnames.containsKey(t.getNodeId())) {
          readyNodes();
        }
        String host = hostnames.get(t.getNodeId());
        DockerClient engine = nodes.get(host);
        if (engine == null) {
          throw new LabBackendException("the lab runs on node " + host
              + ", whose engine is not in b2c.labs.swarm.nodes");
        }
        return new Located(engine, host, t.getStatus().getContainerStatus().getContainerID());
      }
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the lab could not be found on the cluster: "
          + DockerLabBackend.clean(e.getMessage()), e);
    }
    throw new LabBackendException("the lab is not running on any node right now");
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
