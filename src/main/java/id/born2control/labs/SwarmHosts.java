package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import id.born2control.labs.LabBackend.LabHandle;
import id.born2control.labs.LabBackend.LabLaunch;
import id.born2control.labs.LabBackend.ManagedLab;
import id.born2control.labs.LabTopology.Host;
import id.born2control.labs.SwarmNodes.Located;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Labs of several hosts ({@code lab.hosts}) on the Swarm backend. Swarm 20.10 gives a service
 * neither a fixed address on an overlay, nor no-new-privileges, nor memory+swap equal to memory,
 * so such a lab runs as plain containers on the engine of the one node placed for it, on that
 * node's own bridge networks, created by the same {@link DockerHosts} as on the Docker backend:
 * the same isolation, restart policy and labels; a fixed subnet is shared by the labs on a node
 * when every node runs the IPAM driver ({@code b2c.labs.swarm.fixed-subnet-ipam}), else held by
 * one lab per node. All hosts of a lab are on one node.
 *
 * <p>The swarm knows the lab by its <em>anchor</em>: a service of zero replicas,
 * {@code b2c-<id>-hosts}, pinned to the node and reserving the lab's memory (every host's), so
 * placement counts it like any lab, and the inventory, removal and {@link #find} learn the lab's
 * node from it. Ports go through a relay container on the node that joins the primary host's
 * network and the node's relay network (non-internal, no traffic between relays) and publishes a
 * node port per lab port, as the relay service of a one-host lab does; the range reaches it at
 * the node's address.
 */
final class SwarmHosts {

  private static final Logger LOG = Logger.getLogger(SwarmHosts.class);
  /** Role label of a lab's anchor service. */
  static final String ANCHOR = "hosts";

  private final DockerEngine manager;
  private final SwarmNodes nodes;
  private final SwarmImages images;
  private final SubnetPool subnets;
  private final String installation;
  private final LabsConfig.Swarm swarm;
  /** The node of each lab of several hosts this instance knows (started, or found). */
  private final Map<String, String> nodeOfLab = new ConcurrentHashMap<>();
  private final Map<String, DockerHosts> hostsOfNode = new ConcurrentHashMap<>();
  private final Map<String, String> relayNetworkOfNode = new ConcurrentHashMap<>();

  SwarmHosts(DockerEngine manager, SwarmNodes nodes, SwarmImages images, SubnetPool subnets,
      String installation, LabsConfig.Swarm swarm) {
    this.manager = manager;
    this.nodes = nodes;
    this.images = images;
    this.subnets = subnets;
    this.installation = installation;
    this.swarm = swarm;
  }

  /** The memory every host of the lab may use: what placement reserves for it. */
  static long memory(LabTopology topology) {
    return topology.hosts().stream().mapToLong(Host::memoryBytes).sum();
  }

  /**
   * Creates the lab on {@code node}: its anchor first (so a failed start is found and removed
   * like any lab), then its networks and hosts, then the relay of its ports. The primary host is
   * named by its container name, which {@link #find} resolves to the node.
   */
  LabHandle start(LabLaunch launch, LabTopology topology, String node)
      throws LabBackendException {
    DockerEngine engine = nodes.engine(node);
    for (String image : new LinkedHashSet<>(topology.hosts().stream().map(Host::image).toList())) {
      images.ensure(engine, image);
    }
    createAnchor(launch, node, memory(topology));
    nodeOfLab.put(launch.instanceId(), node);
    LabHandle created = hostsOf(node, engine).start(launch, topology,
        new DockerFlagFiles(engine)::write);
    String primary = LabTopology.containerName(launch.instanceId(), topology.hosts().stream()
        .filter(Host::primary).findFirst().orElseThrow().name());
    if (!launch.ports().isEmpty()) {
      images.ensure(engine, swarm.relayImage());
      createRelay(engine, node, launch, created.networkId(), primary);
    }
    return new LabHandle(created.networkId(), primary, created.targetIp(), null);
  }

  /** A container of a lab of several hosts this instance knows; null for any other name. */
  Located known(String container) {
    String instance = instanceOf(container);
    String node = instance == null ? null : nodeOfLab.get(instance);
    return node == null ? null : located(node, container);
  }

  /**
   * A container of a lab of several hosts, its node read from the lab's anchor (after a restart
   * of the range); null when the lab has no anchor.
   */
  Located find(String container) {
    String instance = instanceOf(container);
    if (instance == null) {
      return null;
    }
    try {
      String node = manager.client().inspectServiceCmd(anchorName(instance)).exec().getSpec()
          .getLabels().get(SwarmSpecs.NODE);
      if (node == null) {
        return null;
      }
      nodeOfLab.put(instance, node);
      return located(node, container);
    } catch (NotFoundException none) {
      return null;
    }
  }

  /**
   * Removes the lab's containers and networks from {@code node}; false when that cannot be done
   * now (the node is not Ready or its engine failed): its anchor must then stay, so the lab stays
   * listed and the next reconcile retries.
   */
  boolean removeFrom(String instanceId, String node) {
    DockerEngine engine = nodes.engine(node);
    if (engine == null || !nodes.isReady(node)) {
      return false;
    }
    try {
      hostsOf(node, engine).remove(instanceId);
      nodeOfLab.remove(instanceId);
      return true;
    } catch (DockerException | DockerClientException e) {
      LOG.warnf("Labs: the hosts of %s on %s could not be removed yet: %s", instanceId, node,
          DockerEngine.clean(e.getMessage()));
      return false;
    } catch (RuntimeException e) {
      // the node's engine stopped answering
      LOG.warnf("Labs: the hosts of %s on %s could not be removed yet: %s", instanceId, node,
          e.getMessage());
      return false;
    }
  }

  /**
   * The lab as its node's engine shows it, with the anchor's labels and names; {@code perNode}
   * holds each node's listing for one inventory pass (one engine call per node).
   */
  ManagedLab describe(String id, Map<String, String> labels, List<String> names, String node,
      Map<String, List<ManagedLab>> perNode) {
    List<ManagedLab> onNode;
    try {
      onNode = perNode.computeIfAbsent(node,
          n -> DockerInventory.list(nodes.engine(n).client(), installation));
    } catch (RuntimeException e) {
      nodes.noteUnanswered(node, e);
      return new ManagedLab(id, labels, names, null, "lost", 0, false, null, null,
          "the engine of cluster node " + node + " did not answer; start the lab again");
    }
    ManagedLab lab = onNode.stream().filter(m -> m.instanceId().equals(id)).findFirst()
        .orElse(null);
    if (lab == null) {
      return new ManagedLab(id, labels, names, null, "missing", 0, false, null, null, null);
    }
    List<String> all = new ArrayList<>(names);
    all.addAll(lab.containers());
    return new ManagedLab(id, labels, all, lab.targetContainer(), lab.targetState(),
        lab.targetExitCode(), lab.oomKilled(), lab.targetIp(), lab.created(), null);
  }

  /**
   * The anchor: zero replicas, so nothing runs, but the swarm holds the lab's labels, its node
   * and its memory reservation.
   */
  private void createAnchor(LabLaunch launch, String node, long memory) {
    Map<String, String> labels = DockerEngine.labels(launch, installation, ANCHOR);
    labels.put(SwarmSpecs.NODE, node);
    TaskSpec task = new TaskSpec()
        .withContainerSpec(new ContainerSpec().withImage(swarm.relayImage())
            .withCommand(List.of("true")))
        .withResources(new ResourceRequirements()
            .withReservations(new ResourceSpecs().withMemoryBytes(memory)))
        .withPlacement(new ServicePlacement().withConstraints(List.of("node.hostname==" + node)));
    manager.client().createServiceCmd(new ServiceSpec()
        .withName(anchorName(launch.instanceId()))
        .withLabels(labels)
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withReplicated(
            new ServiceReplicatedModeOptions().withReplicas(0)))
        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)))
        .exec();
  }

  /**
   * The relay of the lab's ports, with the isolation of a lab host (no capabilities, limits,
   * no-new-privileges) and an unprivileged user; it forwards each published node port to the
   * primary host by container name.
   */
  private void createRelay(DockerEngine engine, String node, LabLaunch launch, String network,
      String target) throws LabBackendException {
    Ports bindings = new Ports();
    List<ExposedPort> exposed = new ArrayList<>();
    for (int i = 0; i < launch.ports().size(); i++) {
      ExposedPort port = ExposedPort.tcp(SwarmSpecs.RELAY_BASE + i);
      exposed.add(port);
      // no host port given: the node picks a free one, which the range reads back
      bindings.bind(port, Ports.Binding.empty());
    }
    String id = engine.client().createContainerCmd(swarm.relayImage())
        .withName("b2c-" + launch.instanceId() + "-ports")
        .withLabels(DockerEngine.labels(launch, installation, "ports"))
        .withUser("65534:65534")
        .withCmd("sh", "-c", SwarmSpecs.relayScript(launch.ports(), target))
        .withExposedPorts(exposed)
        .withHostConfig(DockerIsolation.hostConfig(relayNetwork(node, engine),
                launch.cpusMillis(), SwarmSpecs.RELAY_MEMORY, SwarmSpecs.RELAY_PIDS, List.of(), 0)
            .withPortBindings(bindings))
        .exec().getId();
    engine.client().connectToNetworkCmd().withNetworkId(network).withContainerId(id).exec();
    engine.client().startContainerCmd(id).exec();
  }

  /**
   * The node's network for relays: not internal (a published port needs one), no traffic
   * between the relays on it, carrying no lab's labels (lab sweeps leave it); created on first
   * use and kept.
   */
  private String relayNetwork(String node, DockerEngine engine) throws LabBackendException {
    String known = relayNetworkOfNode.get(node);
    if (known != null) {
      return known;
    }
    synchronized (relayNetworkOfNode) {
      String name = "b2c-" + installation + "-relays";
      try {
        for (Network n : engine.client().listNetworksCmd().withNameFilter(name).exec()) {
          if (n.getName().equals(name)) {
            relayNetworkOfNode.put(node, n.getId());
            return n.getId();
          }
        }
        String id = engine.client().createNetworkCmd()
            .withName(name)
            .withDriver("bridge")
            .withCheckDuplicate(true)
            .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
            .withLabels(Map.of(SwarmSpecs.EDGE, installation))
            .exec().getId();
        relayNetworkOfNode.put(node, id);
        return id;
      } catch (DockerException | DockerClientException e) {
        throw new LabBackendException("the relay network of cluster node " + node
            + " could not be created: " + DockerEngine.clean(e.getMessage()), e);
      }
    }
  }

  private DockerHosts hostsOf(String node, DockerEngine engine) {
    // Shared fixed subnets only where the operator says every node runs the IPAM driver.
    return hostsOfNode.computeIfAbsent(node, n -> new DockerHosts(engine, subnets, installation,
        swarm.fixedSubnetIpam().orElse(null), false));
  }

  private Located located(String node, String container) {
    DockerEngine engine = nodes.engine(node);
    return engine == null ? null : new Located(engine, node, container);
  }

  /** The instance of a lab container name ({@code b2c-<instance>-<host>}), or null. */
  private static String instanceOf(String container) {
    String[] parts = container.split("-", 3);
    return parts.length == 3 && parts[0].equals("b2c") && parts[1].startsWith("lab")
        ? parts[1] : null;
  }

  static String anchorName(String instanceId) {
    return "b2c-" + instanceId + "-" + ANCHOR;
  }
}
