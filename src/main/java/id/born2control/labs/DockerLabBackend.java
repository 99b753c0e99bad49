package id.born2control.labs;

import static id.born2control.labs.DockerEngine.INSTALLATION;
import static id.born2control.labs.DockerEngine.INSTANCE;
import static id.born2control.labs.DockerEngine.MANAGED;
import static id.born2control.labs.DockerEngine.ROLE;
import static id.born2control.labs.DockerEngine.clean;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    this.hosts = new DockerHosts(engine, subnets, installation);
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
          "target");
      if (launch.flagFile() != null) {
        flags.write(target, launch.image(), launch.flagFile());
      }
      docker.startContainerCmd(target).exec();
      String workstation = null;
      if (launch.workstationImage() != null) {
        workstation = createContainer(launch, launch.workstationImage(), name + "-workstation",
            networkName, "workstation");
        docker.startContainerCmd(workstation).exec();
      }
      InspectContainerResponse inspected = docker.inspectContainerCmd(target).exec();
      ContainerNetwork net = inspected.getNetworkSettings().getNetworks().get(networkName);
      String ip = net == null ? null : net.getIpAddress();
      return new LabHandle(network, target, ip, workstation);
    } catch (DockerException | DockerClientException | LabBackendException e) {
      failed(launch.instanceId(), spare);
      throw e instanceof LabBackendException lbe ? lbe
          : new LabBackendException("the lab could not be created: " + clean(e.getMessage()), e);
    } catch (RuntimeException e) {
      failed(launch.instanceId(), spare);
      throw new LabBackendException("the lab could not be created: " + e.getMessage(), e);
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

  private String createContainer(LabLaunch launch, String image, String name, String network,
      String role) {
    Map<String, String> labels = DockerEngine.labels(launch, installation, role);
    HostConfig host = DockerIsolation.hostConfig(network, launch.cpusMillis(),
        launch.memoryBytes(), launch.pids(), launch.capabilities(),
        "target".equals(role) ? launch.maxRestarts() : 0);
    List<String> env = new ArrayList<>();
    launch.environment().forEach((k, v) -> env.add(k + "=" + v));
    CreateContainerCmd create = docker.createContainerCmd(image)
        .withName(name)
        .withHostName(role)
        .withLabels(labels)
        .withEnv(env)
        .withAliases(role)
        .withHostConfig(host);
    if ("workstation".equals(role)) {
      // an attack box's command is usually a shell: a TTY and open stdin keep it alive
      create.withTty(true).withStdinOpen(true);
    }
    return create.exec().getId();
  }

  @Override
  public void remove(String instanceId) {
    try {
      List<Container> containers = docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(INSTANCE, instanceId)).exec();
      // a lab on a spare network: that network carries no label of the lab, its containers tell
      Set<String> spareNetworks = DockerSpareNetworks.networksOf(containers);
      for (Container c : containers) {
        try {
          docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
      }
      for (Network n : docker.listNetworksCmd()
          .withFilter("label", List.of(INSTANCE + "=" + instanceId)).exec()) {
        try {
          docker.removeNetworkCmd(n.getId()).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
        subnets.releaseNetwork(n.getName());
      }
      spareNetworks.forEach(spares::remove);
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
    try {
      InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(container).exec()
          .getState();
      if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
        return false;
      }
      docker.startContainerCmd(container).exec();
      return true;
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("host " + container + " cannot be started again: "
          + e.getMessage(), e);
    }
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
  public TerminalSession openTerminal(String container, String user, List<String> command,
      TerminalSink sink) throws LabBackendException {
    return engine.openTerminal(container, user, command, sink);
  }
}
