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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the networks and hosts of a lab of several hosts on one Docker engine, each with the
 * isolation of {@link DockerIsolation} and the lab's labels (so the reconciler and a stop find
 * and remove every one of them). A network on a free subnet comes from the pool; a fixed subnet
 * is asked for as written: the engine gives one subnet to one bridge network only, so a second
 * lab holding the same fixed subnet on the same engine is refused with a clear reason.
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

  DockerHosts(DockerEngine engine, SubnetPool subnets, String installation) {
    this.engine = engine;
    this.docker = engine.client();
    this.subnets = subnets;
    this.installation = installation;
  }

  /**
   * Creates and starts every network and host of the lab; the primary host gets the flag. The
   * caller removes what was created when this throws.
   */
  LabHandle start(LabLaunch launch, LabTopology topology, FileWriter files)
      throws LabBackendException {
    Map<String, String> networkIds = new LinkedHashMap<>();
    for (Net net : topology.networks()) {
      networkIds.put(net.name(), createNetwork(launch, net));
    }
    String primary = null;
    String primaryNetwork = null;
    for (Host host : topology.hosts()) {
      String container = createContainer(launch, host);
      if (host.primary()) {
        primary = container;
        primaryNetwork = host.networks().keySet().iterator().next();
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

  /** Creates a host on its first network, then joins it to the others before it starts. */
  private String createContainer(LabLaunch launch, Host host) {
    Map<String, String> labels = DockerEngine.labels(launch, installation,
        host.primary() ? "target" : "host");
    labels.put(HOST, host.name());
    labels.put(ACCESS, host.trainee() ? "trainee" : "hidden");
    List<Map.Entry<String, String>> joined = new ArrayList<>(host.networks().entrySet());
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
    if (joined.get(0).getValue() != null) {
      create.withIpv4Address(joined.get(0).getValue());
    }
    String id = create.exec().getId();
    for (Map.Entry<String, String> network : joined.subList(1, joined.size())) {
      ContainerNetwork endpoint = new ContainerNetwork().withAliases(host.name());
      if (network.getValue() != null) {
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
