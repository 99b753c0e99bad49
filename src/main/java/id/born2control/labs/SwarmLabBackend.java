package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import id.born2control.labs.SpareNetworkPool.Spare;
import id.born2control.labs.SwarmNodes.Located;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *       once its own tasks run (unless the keeper became its port relay, below). Spares are
 *       topped up in the background; claimed keepers and spare networks left by an instance that
 *       died mid-start are swept. Labs that may reach outside ({@code egress}) get a network of
 *       their own as before.</li>
 *   <li><b>Ports</b>: the nodes have no IP_VS (no ingress mesh), and host-mode publishing needs
 *       a non-internal network, which would give the lab a way out. So a lab with ports gets a
 *       relay: a small service on the lab's network and on the installation's one non-internal
 *       edge overlay, pinned to the lab's node, publishing one host-mode port per lab port (the
 *       node picks it) and forwarding each connection to the target by its service name with
 *       busybox {@code nc}. The target stays on its internal network only; the range relays
 *       {@code 127.0.0.1} to the relay's node address and port ({@link #endpoints}), so the web
 *       proxy and published ports work as on one engine. Node addresses must be on the cluster's
 *       private network: a host-mode port listens on every address of its node. A lab on a warm
 *       network uses its keeper as that relay when the keeper publishes enough ports
 *       ({@code b2c.labs.swarm.spare-relay-ports}): armed by one exec when claimed, it saves the
 *       start a second task ({@link SwarmRelays}).</li>
 *   <li><b>Not available through Swarm 20.10</b>: {@code no-new-privileges} and memory+swap
 *       equal to memory (for services; the hosts of a lab of several hosts have both).</li>
 *
 *   <li><b>Labs of several hosts</b> ({@code lab.hosts}): all hosts on one node, as plain
 *       containers on that node's engine with the single-engine isolation; see
 *       {@link SwarmHosts}.</li>
 * </ul>
 *
 * <p>This class runs a lab's start and removal; the jobs are its parts: {@link SwarmNodes} (node
 * registry and tasks), {@link SwarmPlacement}, {@link SwarmImages}, {@link SwarmSpecs} (service,
 * relay and network specs), {@link SpareNetworkPool}, {@link SwarmRelays} (port relays),
 * {@link SwarmHosts} (labs of several hosts),
 * {@link SwarmInventory} (listing) and {@link SwarmRemoval}.
 */
class SwarmLabBackend implements LabBackend {

  private final DockerEngine manager;
  private final LabsConfig.Swarm swarm;
  private final SwarmNodes nodes;
  private final SwarmPlacement placement = new SwarmPlacement();
  private final SwarmImages images;
  private final SwarmSpecs specs;
  private final SpareNetworkPool spares;
  private final SwarmRelays relays;
  private final SwarmInventory inventory;
  private final SwarmHosts hosts;
  private final SwarmRemoval removal;
  private final String installation;
  private final String probeImage;

  SwarmLabBackend(LabsConfig config) {
    this.manager = DockerEngine.connect(config.dockerHost(), config);
    this.swarm = config.swarm();
    this.nodes = new SwarmNodes(manager, config);
    SubnetPool subnets = new SubnetPool(config.subnetPool(), config.subnetPrefix());
    this.installation = config.installation();
    this.probeImage = config.checkProbeImage();
    this.images = new SwarmImages(manager, nodes);
    this.specs = new SwarmSpecs(manager, nodes, subnets, installation, swarm);
    this.spares = new SpareNetworkPool(manager, nodes, images, specs, subnets, installation,
        swarm);
    this.relays = new SwarmRelays(nodes, images, specs, spares, swarm);
    this.hosts = new SwarmHosts(manager, nodes, images, subnets, installation, swarm);
    this.inventory = new SwarmInventory(manager, nodes, hosts, installation);
    this.removal = new SwarmRemoval(manager, nodes, spares, hosts, subnets, swarm);
  }

  /** The warm spare networks, kept up by the Quarkus scheduler. */
  SpareNetworkPool spares() {
    return spares;
  }

  /** Whether the manager, where images are built and copied from, has the image. */
  @Override
  public boolean imageExists(String tag) {
    return images.exists(tag);
  }

  /** Builds on the manager, then copies the image to every Ready lab node that lacks it. */
  @Override
  public void buildImage(Path context, String dockerfile, String tag) throws LabBackendException {
    images.build(context, dockerfile, tag);
  }

  @Override
  public LabHandle start(LabLaunch launch) throws LabBackendException {
    String name = "b2c-" + launch.instanceId();
    long memory = launch.memoryBytes() * (launch.workstationImage() == null ? 1 : 2);
    String node = placement.reserve(nodes.facts(), memory);
    try {
      DockerEngine engine = nodes.engine(node);
      images.ensure(engine, launch.image());
      if (launch.workstationImage() != null) {
        images.ensure(engine, launch.workstationImage());
      }
      Spare spare = launch.egress() ? null : spares.claim(node, launch);
      String network = spare != null ? spare.network()
          : specs.createNetwork(name, !launch.egress(), specs.labels(launch, null));
      String flagConfig = launch.flagFile() == null ? null : specs.createFlagConfig(name, launch);
      specs.createService(launch, launch.image(), name + "-target", network, "target", node,
          flagConfig);
      String workstation = null;
      if (launch.workstationImage() != null) {
        workstation = name + "-workstation";
        specs.createService(launch, launch.workstationImage(), workstation, network, "workstation",
            node, null);
      }
      String relay = relays.open(launch, name, network, node, spare);
      nodes.awaitRunning(name + "-target", node);
      if (workstation != null) {
        nodes.awaitRunning(workstation, node);
      }
      if (relay != null) {
        nodes.awaitRunning(relay, node);
      }
      if (spare != null && !spare.relay()) {
        // the lab's own tasks hold the network set up now
        spares.release(spare);
      }
      return new LabHandle(network, name + "-target", null, workstation);
    } catch (RuntimeException | LabBackendException e) {
      throw failed(launch.instanceId(), node, e);
    } finally {
      placement.release(node, memory);
    }
  }

  /**
   * A lab of several hosts: placed like any lab (the memory of all its hosts), then created on
   * that node's engine by {@link SwarmHosts}, all hosts together.
   */
  @Override
  public LabHandle start(LabLaunch launch, LabTopology topology) throws LabBackendException {
    long memory = SwarmHosts.memory(topology);
    String node = placement.reserve(nodes.facts(), memory);
    try {
      return hosts.start(launch, topology, node);
    } catch (RuntimeException | LabBackendException e) {
      throw failed(launch.instanceId(), node, e);
    } finally {
      placement.release(node, memory);
    }
  }

  /** A failed start on {@code node}: whatever it created goes; the reason to tell. */
  private LabBackendException failed(String instanceId, String node, Exception e) {
    nodes.noteUnanswered(node, e);
    remove(instanceId);
    if (e instanceof LabBackendException known) {
      return known;
    }
    if (e instanceof DockerException || e instanceof DockerClientException) {
      return new LabBackendException("the lab could not be created: "
          + DockerEngine.clean(e.getMessage()), e);
    }
    // typically the node's engine stopped answering (a node lost during the start)
    return new LabBackendException("the lab could not be created on cluster node " + node + " ("
        + DockerEngine.clean(e.getMessage()) + "); start it again", e);
  }

  /** See {@link SwarmRemoval}: what cannot be removed yet stays listed for the next reconcile. */
  @Override
  public void remove(String instanceId) {
    removal.remove(instanceId);
  }

  /** The node address and host port that the lab's relay publishes for each lab port. */
  @Override
  public Map<Integer, InetSocketAddress> endpoints(String instanceId, String targetIp,
      List<Integer> ports) throws LabBackendException {
    if (ports.isEmpty()) {
      return Map.of();
    }
    Located relay = locate(relays.serviceOf(instanceId));
    try {
      return relays.endpoints(relay, ports);
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the lab's relay could not be found: "
          + DockerEngine.clean(e.getMessage()), e);
    } catch (RuntimeException e) {
      // The relay's node stopped answering after the lab started there (the client throws an
      // unchecked I/O error): a start elsewhere can work.
      nodes.noteUnanswered(relay.host(), e);
      throw new LabBackendException("the lab's port relay on the cluster node " + relay.host()
          + " could not be reached (" + DockerEngine.clean(e.getMessage()) + "); start it again",
          e);
    }
  }

  @Override
  public List<ManagedLab> listManaged() {
    return inventory.list();
  }

  /**
   * Where a lab container runs: a host of a lab of several hosts on its node's engine, or the
   * running task of a lab service.
   */
  private Located locate(String container) throws LabBackendException {
    Located known = hosts.known(container);
    if (known != null) {
      return known;
    }
    try {
      return nodes.locate(container);
    } catch (LabBackendException e) {
      Located found = hosts.find(container);
      if (found == null) {
        throw e;
      }
      return found;
    }
  }

  @Override
  public ExecResult exec(String container, String user, List<String> command, Duration timeout)
      throws LabBackendException {
    Located at = locate(container);
    return at.engine().exec(at.container(), user, command, timeout);
  }

  @Override
  public ExecResult checkInside(String container, CheckProgram program, Duration timeout)
      throws LabBackendException {
    Located at = locate(container);
    return DockerCheckRun.inContainer(at.engine().client(), at.container(), program, timeout);
  }

  /** The probe runs on the target's node, attached to the lab's attachable overlay. */
  @Override
  public ExecResult checkFromProbe(ProbeSite site, CheckProgram program, Duration timeout)
      throws LabBackendException {
    Located at = locate(site.targetContainer());
    images.ensure(at.engine(), probeImage);
    return DockerCheckRun.inProbe(at.engine().client(), probeImage, site.networkId(),
        DockerEngine.probeLabels(installation, site.instanceId()),
        site.targetIp() == null ? "target" : site.targetIp(), program, timeout);
  }

  /** A host of a lab of several hosts is a container on its node's engine: started there. */
  @Override
  public boolean revive(String container) throws LabBackendException {
    Located at = locate(container);
    return at.engine().revive(at.container());
  }

  @Override
  public RunnerSession openRunner(String container, String user, List<String> command,
      RunnerSink sink) throws LabBackendException {
    Located at = locate(container);
    return at.engine().openRunner(at.container(), user, command, sink);
  }

  @Override
  public TerminalSession openTerminal(String container, String user, List<String> command,
      TerminalSink sink) throws LabBackendException {
    Located at = locate(container);
    return at.engine().openTerminal(at.container(), user, command, sink);
  }

  @Override
  public Optional<LabUsage> usage(String container, Duration timeout) {
    try {
      Located at = locate(container);
      return at.engine().usage(at.container(), timeout);
    } catch (LabBackendException e) {
      return Optional.empty();
    }
  }
}
