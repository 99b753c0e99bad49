package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import id.born2control.labs.LabBackend.FlagFile;
import id.born2control.labs.LabBackend.LabHandle;
import id.born2control.labs.LabBackend.LabLaunch;
import id.born2control.labs.LabTopology.Host;
import id.born2control.labs.LabTopology.Net;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the networks and hosts of a lab of several hosts on one Docker engine, each with the
 * isolation of {@link DockerIsolation} and the lab's labels (so the reconciler and a stop find
 * and remove every one of them). A network on a free subnet comes from the pool. A fixed subnet
 * is shared by any number of labs on the engine through the {@code b2c-ipam} driver when it runs
 * ({@link #createSharedFixedNetwork}); without it, it is asked for as written: the engine gives
 * one subnet to one bridge network only, so a second lab holding the same fixed subnet on the
 * same engine is refused with a clear reason.
 */
final class DockerHosts {

  /** Writes a file into a created, not yet started container of {@code image}. */
  interface FileWriter {
    void write(String container, String image, FlagFile file) throws LabBackendException;
  }

  /** Label of each host container: its name in {@code lab.hosts}. */
  static final String HOST = "b2c.host";
  /** Label of each host container: trainee or hidden. */
  static final String ACCESS = "b2c.access";

  private final DockerEngine engine;
  private final DockerClient docker;
  private final SubnetPool subnets;
  private final String installation;
  /**
   * The IPAM driver that lets labs share fixed subnets on this engine (on one engine on this
   * machine: used while it answers on its socket in the engine's plugin folder); null: none.
   */
  private final String ipam;
  /** Whether the driver's socket is on this machine, checked before each lab (else trusted). */
  private final boolean local;

  DockerHosts(DockerEngine engine, SubnetPool subnets, String installation, String ipam,
      boolean local) {
    this.engine = engine;
    this.docker = engine.client();
    this.subnets = subnets;
    this.installation = installation;
    this.ipam = ipam;
    this.local = local;
  }

  /**
   * Creates and starts every network and host of the lab; the primary host gets the flag. The
   * caller removes what was created when this throws.
   */
  LabHandle start(LabLaunch launch, LabTopology topology, FileWriter files)
      throws LabBackendException {
    Map<String, String> networkIds = new LinkedHashMap<>();
    // shadow addresses to ask the engine for, by network and host (shared fixed subnets only)
    Map<String, Map<String, String>> shadows = new HashMap<>();
    for (Net net : topology.networks()) {
      networkIds.put(net.name(), net.subnet() != null && ipamRunning()
          ? createSharedFixedNetwork(launch, net, topology, shadows)
          : createNetwork(launch, net));
    }
    String primary = null;
    String primaryNetwork = null;
    for (Host host : topology.hosts()) {
      String container = createContainer(launch, host, shadows);
      if (host.primary()) {
        primary = container;
        // The range reaches the lab's ports at this address: on a shared fixed subnet the host
        // has no route to it, so a network of the lab's own subnet comes first.
        primaryNetwork = host.networks().keySet().stream()
            .filter(n -> !shadows.containsKey(n)).findFirst()
            .orElse(host.networks().keySet().iterator().next());
        if (launch.flagFile() != null) {
          files.write(container, host.image(), launch.flagFile());
        }
      }
      docker.startContainerCmd(container).exec();
    }
    if (primary == null) {
      throw new LabBackendException("the lab has no trainee host");
    }
    ContainerNetwork net = docker.inspectContainerCmd(primary).exec().getNetworkSettings()
        .getNetworks().get(LabTopology.networkName(launch.instanceId(), primaryNetwork));
    return new LabHandle(networkIds.get(primaryNetwork), primary,
        net == null ? null : net.getIpAddress(), null);
  }

  /**
   * Whether the driver answers on its socket on this machine: a socket file left by a driver that
   * died would make every network of a fixed subnet wait 30 s for it and fail.
   */
  private boolean ipamRunning() {
    if (ipam == null || !local) {
      return ipam != null;
    }
    try (SocketChannel driver = SocketChannel.open(
        UnixDomainSocketAddress.of(Path.of("/run/docker/plugins", ipam + ".sock")))) {
      return driver.isConnected();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Removes every container and network of the instance on this engine (missing ones are fine)
   * and gives their subnets back; the containers as they were listed before.
   */
  List<Container> remove(String instanceId) {
    List<Container> containers = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerEngine.INSTANCE, instanceId)).exec();
    for (Container c : containers) {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException gone) {
        // already removed
      }
    }
    for (Network n : docker.listNetworksCmd()
        .withFilter("label", List.of(DockerEngine.INSTANCE + "=" + instanceId)).exec()) {
      try {
        docker.removeNetworkCmd(n.getId()).exec();
      } catch (NotFoundException gone) {
        // already removed
      }
      subnets.releaseNetwork(n.getName());
    }
    return containers;
  }

  private String createNetwork(LabLaunch launch, Net net) throws LabBackendException {
    String name = LabTopology.networkName(launch.instanceId(), net.name());
    Map<String, String> labels = DockerEngine.labels(launch, installation, null);
    if (net.subnet() == null) {
      return engine.createOnFreeSubnet(subnets, name,
          subnet -> DockerIsolation.createNetwork(docker, name, labels, true, subnet));
    }
    try {
      return DockerIsolation.createNetwork(docker, name, labels, true, net.subnet());
    } catch (DockerException e) {
      String message = DockerEngine.clean(e.getMessage());
      if (message.contains("overlap")) {
        throw new LabBackendException("the fixed subnet " + net.subnet() + " of lab network '"
            + net.name() + "' is held by another network on this engine (an engine gives a"
            + " subnet to one bridge network only): one lab with this subnet runs per engine at"
            + " a time", e);
      }
      throw new LabBackendException("the lab network '" + net.name() + "' could not be created: "
          + message, e);
    }
  }

  /**
   * A network on fixed subnet {@code net.subnet()} that other labs on this engine may hold too,
   * through the {@code ipam} driver (see {@link FixedAddresses}): its pool is a unique shadow
   * subnet, its bridge has no address (no host route), its gateway a /32 of the fixed subnet that
   * no other lab's network on this engine holds (the engine refuses two bridges with one
   * gateway: the next candidate is tried).
   */
  private String createSharedFixedNetwork(LabLaunch launch, Net net, LabTopology topology,
      Map<String, Map<String, String>> shadows) throws LabBackendException {
    String name = LabTopology.networkName(launch.instanceId(), net.name());
    Map<String, String> labels = DockerEngine.labels(launch, installation, null);
    Map<String, String> members = new LinkedHashMap<>();
    topology.hosts().stream().filter(h -> h.networks().containsKey(net.name()))
        .forEach(h -> members.put(h.name(), h.networks().get(net.name())));
    Map<String, String> fixed = FixedAddresses.assign(net.subnet(), members);
    FixedAddresses.checkFits(fixed.size(), subnets.subnet(0));
    List<String> gateways = FixedAddresses.gateways(net.subnet(), fixed.values());
    try {
      return engine.createOnFreeSubnet(subnets, name, shadow -> {
        for (String gateway : gateways) {
          FixedAddresses.Plan plan = FixedAddresses.plan(net.subnet(), fixed, gateway, shadow);
          try {
            String id = DockerIsolation.createSharedFixedNetwork(docker, name, labels, ipam,
                shadow, plan);
            shadows.put(net.name(), plan.shadow());
            return id;
          } catch (DockerException e) {
            if (!String.valueOf(e.getMessage()).contains("networks have overlapping IPv4")) {
              throw e;
            }
          }
        }
        throw new IllegalStateException("every gateway address of the fixed subnet "
            + net.subnet() + " of lab network '" + net.name() + "' is held by another lab on"
            + " this engine: no more labs with this subnet fit here now");
      });
    } catch (IllegalStateException e) {
      throw new LabBackendException(e.getMessage(), e);
    }
  }

  /** Creates a host on its first network, then joins it to the others before it starts. */
  private String createContainer(LabLaunch launch, Host host,
      Map<String, Map<String, String>> shadows) {
    Map<String, String> labels = DockerEngine.labels(launch, installation,
        host.primary() ? "target" : "host");
    labels.put(HOST, host.name());
    labels.put(ACCESS, host.trainee() ? "trainee" : "hidden");
    List<Map.Entry<String, String>> joined = new ArrayList<>();
    host.networks().forEach((network, address) -> joined.add(Map.entry(network,
        Optional.ofNullable(shadows.get(network)).map(s -> s.get(host.name())).or(
            () -> Optional.ofNullable(address)).orElse(""))));
    String first = LabTopology.networkName(launch.instanceId(), joined.get(0).getKey());
    List<String> env = new ArrayList<>();
    (host.primary() ? launch.environment() : host.environment())
        .forEach((k, v) -> env.add(k + "=" + v));
    CreateContainerCmd create = docker.createContainerCmd(host.image())
        .withName(LabTopology.containerName(launch.instanceId(), host.name()))
        .withHostName(host.name())
        .withLabels(labels)
        .withEnv(env)
        .withAliases(host.name())
        .withHostConfig(DockerIsolation.hostConfig(first, host.cpusMillis(), host.memoryBytes(),
            host.pids(), host.capabilities(), launch.maxRestarts()));
    // As for a workstation: a host whose command is a shell (b2c/busybox, a checker) stays up.
    create.withTty(true).withStdinOpen(true);
    if (!joined.get(0).getValue().isEmpty()) {
      create.withIpv4Address(joined.get(0).getValue());
    }
    String id = create.exec().getId();
    for (Map.Entry<String, String> network : joined.subList(1, joined.size())) {
      ContainerNetwork endpoint = new ContainerNetwork().withAliases(host.name());
      if (!network.getValue().isEmpty()) {
        endpoint.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(network.getValue()));
      }
      docker.connectToNetworkCmd()
          .withNetworkId(LabTopology.networkName(launch.instanceId(), network.getKey()))
          .withContainerId(id)
          .withContainerNetwork(endpoint)
          .exec();
    }
    return id;
  }
}
