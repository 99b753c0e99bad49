package id.born2control.labs;

import static id.born2control.labs.DockerEngine.clean;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The lab backend on a Docker engine through docker-java. Each instance gets its own bridge
 * network (internal, so no route out, unless the challenge asks for egress) carved from the
 * configured subnet pool, a target container and optionally a workstation on it.
 */
class DockerLabBackend implements LabBackend {

  private static final Logger LOG = Logger.getLogger(DockerLabBackend.class);

  private final DockerEngine engine;
  private final DockerClient docker;
  private final SubnetPool subnets;
  private final String installation;
  private final DockerHosts hosts;
  private final String probeImage;
  private final DockerSpareNetworks spares;
  private final DockerFlagFiles flags;

  DockerLabBackend(LabsConfig config) {
    this.engine = DockerEngine.connect(config.dockerHost(), config);
    this.docker = engine.client();
    this.subnets = new SubnetPool(config.subnetPool(), config.subnetPrefix());
    this.installation = config.installation();
    this.hosts = new DockerHosts(engine, subnets, installation, config.fixedSubnetIpam(),
        true);
    this.probeImage = config.checkProbeImage();
    this.flags = new DockerFlagFiles(engine);
    this.spares = new DockerSpareNetworks(engine, subnets, installation, probeImage,
        config.spareNetworks());
  }

  /** The warm lab networks, kept up by the Quarkus scheduler. */
  DockerSpareNetworks spares() {
    return spares;
  }

  @Override
  public boolean imageExists(String tag) {
    return engine.hasImage(tag);
  }

  @Override
  public void buildImage(Path context, String dockerfile, String tag) throws LabBackendException {
    engine.build(context, dockerfile, tag);
  }

  @Override
  public LabHandle start(LabLaunch launch) throws LabBackendException {
    String name = "b2c-" + launch.instanceId();
    // a warm spare when one is ready (internal labs only), else a network of the lab's own
    DockerSpareNetworks.Spare spare = launch.egress() ? null : spares.claim();
    String networkName = spare != null ? spare.name() : name;
    try {
      String network = spare != null ? spare.name() : createNetwork(name, launch);
      String target = createContainer(launch, launch.image(), name + "-target", networkName,
          "target", spare);
      if (launch.flagFile() != null) {
        flags.write(target, launch.image(), launch.flagFile());
      }
      docker.startContainerCmd(target).exec();
      String workstation = null;
      if (launch.workstationImage() != null) {
        workstation = createContainer(launch, launch.workstationImage(), name + "-workstation",
            networkName, "workstation", null);
        docker.startContainerCmd(workstation).exec();
      }
      // in a spare's holder namespace the target has no network of its own: the holder's address
      InspectContainerResponse inspected = docker.inspectContainerCmd(
          spare != null ? spare.holder() : target).exec();
      ContainerNetwork net = inspected.getNetworkSettings().getNetworks().get(networkName);
      String ip = net == null ? null : net.getIpAddress();
      return new LabHandle(network, target, ip, workstation);
    } catch (DockerException | DockerClientException | LabBackendException e) {
      failed(launch.instanceId(), spare);
      throw e instanceof LabBackendException lbe ? lbe
          : new LabBackendException("the lab could not be created: " + clean(e.getMessage()), e);
    } catch (RuntimeException e) {
      failed(launch.instanceId(), spare);
      throw new LabBackendException("the lab could not be created: " + clean(e.getMessage()), e);
    }
  }

  /** A failed start: whatever it created goes, and a claimed spare with it (never reused). */
  private void failed(String instanceId, DockerSpareNetworks.Spare spare) {
    remove(instanceId);
    if (spare != null) {
      spares.remove(spare.name());
    }
  }

  @Override
  public LabHandle start(LabLaunch launch, LabTopology topology) throws LabBackendException {
    try {
      return hosts.start(launch, topology, flags::write);
    } catch (DockerException | DockerClientException | LabBackendException e) {
      remove(launch.instanceId());
      throw e instanceof LabBackendException lbe ? lbe
          : new LabBackendException("the lab could not be created: " + clean(e.getMessage()), e);
    }
  }

  private String createNetwork(String name, LabLaunch launch) throws LabBackendException {
    Map<String, String> labels = DockerEngine.labels(launch, installation, null);
    return engine.createOnFreeSubnet(subnets, name, subnet -> DockerIsolation.createNetwork(docker,
        name, labels, !launch.egress(), subnet));
  }

  /**
   * A lab container on {@code network}; the target on a claimed spare joins its holder's network
   * namespace instead, where host name and alias are the holder's ({@code target}).
   */
  private String createContainer(LabLaunch launch, String image, String name, String network,
      String role, DockerSpareNetworks.Spare spare) {
    Map<String, String> labels = DockerEngine.labels(launch, installation, role);
    if (spare != null) {
      labels.put(DockerSpareNetworks.CLAIMED_BY, spare.name());
    }
    HostConfig host = DockerIsolation.hostConfig(spare != null ? spare.networkMode() : network,
        launch.cpusMillis(), launch.memoryBytes(), launch.pids(), launch.capabilities(),
        "target".equals(role) ? launch.maxRestarts() : 0);
    List<String> env = new ArrayList<>();
    launch.environment().forEach((k, v) -> env.add(k + "=" + v));
    CreateContainerCmd create = docker.createContainerCmd(image)
        .withName(name)
        .withLabels(labels)
        .withEnv(env);
    if (spare == null) {
      create.withHostName(role).withAliases(role);
    }
    create.withHostConfig(host);
    if ("workstation".equals(role)) {
      // an attack box's command is usually a shell: a TTY and open stdin keep it alive
      create.withTty(true).withStdinOpen(true);
    }
    return create.exec().getId();
  }

  @Override
  public void remove(String instanceId) {
    try {
      // a lab on a spare network: that network carries no label of the lab, its containers tell
      DockerSpareNetworks.networksOf(hosts.remove(instanceId)).forEach(spares::remove);
    } catch (DockerException | DockerClientException e) {
      LOG.warnf("Labs: could not remove everything of %s: %s", instanceId, clean(e.getMessage()));
    }
  }

  /** The target's own address on the lab network: the host reaches it directly. */
  @Override
  public Map<Integer, InetSocketAddress> endpoints(String instanceId, String targetIp,
      List<Integer> ports) {
    Map<Integer, InetSocketAddress> endpoints = new LinkedHashMap<>();
    if (targetIp != null) {
      ports.forEach(p -> endpoints.put(p, InetSocketAddress.createUnresolved(targetIp, p)));
    }
    return endpoints;
  }

  @Override
  public List<ManagedLab> listManaged() {
    return DockerInventory.list(docker, installation);
  }

  @Override
  public Optional<LabUsage> usage(String container, Duration timeout) {
    return engine.usage(container, timeout);
  }

  @Override
  public ExecResult exec(String container, String user, List<String> command, Duration timeout)
      throws LabBackendException {
    return engine.exec(container, user, command, timeout);
  }

  @Override
  public boolean revive(String container) throws LabBackendException {
    return engine.revive(container);
  }

  @Override
  public ExecResult checkInside(String container, CheckProgram program, Duration timeout)
      throws LabBackendException {
    return DockerCheckRun.inContainer(docker, container, program, timeout);
  }

  @Override
  public ExecResult checkFromProbe(ProbeSite site, CheckProgram program, Duration timeout)
      throws LabBackendException {
    return DockerCheckRun.inProbe(docker, probeImage, site.networkId(),
        DockerEngine.probeLabels(installation, site.instanceId()),
        site.targetIp() == null ? "target" : site.targetIp(), program, timeout);
  }

  @Override
  public RunnerSession openRunner(String container, String user, List<String> command,
      RunnerSink sink) throws LabBackendException {
    return engine.openRunner(container, user, command, sink);
  }

  @Override
  public TerminalSession openTerminal(String container, String user, List<String> command,
      TerminalSink sink) throws LabBackendException {
    return engine.openTerminal(container, user, command, sink);
  }
}
