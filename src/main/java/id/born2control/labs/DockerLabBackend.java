package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;

/**
 * The lab backend on a Docker engine through docker-java. Each instance gets its own bridge
 * network (internal, so no route out, unless the challenge asks for egress) carved from the
 * configured subnet pool, a target container and optionally a workstation on it.
 */
class DockerLabBackend implements LabBackend {

  private static final Logger LOG = Logger.getLogger(DockerLabBackend.class);
  static final String MANAGED = "b2c.managed";
  static final String INSTANCE = "b2c.instance";
  static final String ROLE = "b2c.role";
  static final String INSTALLATION = "b2c.installation";
  private static final int MAX_OUTPUT = 16 * 1024;

  private final DockerClient docker;
  private final SubnetPool subnets;
  private final String installation;

  DockerLabBackend(LabsConfig config) {
    this.docker = client(config.dockerHost(), config);
    this.subnets = new SubnetPool(config.subnetPool(), config.subnetPrefix());
    this.installation = config.installation();
  }

  /** A client of the engine at {@code host}, with the TLS settings of the configuration. */
  static DockerClient client(String host, LabsConfig config) {
    DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(host)
        .withDockerTlsVerify(config.dockerTlsVerify());
    config.dockerCertPath().ifPresent(builder::withDockerCertPath);
    DockerClientConfig clientConfig = builder.build();
    DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(clientConfig.getDockerHost())
        .sslConfig(clientConfig.getSSLConfig())
        .maxConnections(256)
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofMinutes(15))
        .build();
    return DockerClientImpl.getInstance(clientConfig, http);
  }

  @Override
  public boolean imageExists(String tag) {
    try {
      docker.inspectImageCmd(tag).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public void buildImage(Path context, String dockerfile, String tag) throws LabBackendException {
    build(docker, context, dockerfile, tag);
  }

  /** Builds an image on the engine of {@code docker}; throws with the build log tail. */
  static void build(DockerClient docker, Path context, String dockerfile, String tag)
      throws LabBackendException {
    Deque<String> log = new ArrayDeque<>();
    BuildImageResultCallback callback = new BuildImageResultCallback() {
      @Override
      public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
          for (String line : item.getStream().split("\n")) {
            if (!line.isBlank()) {
              synchronized (log) {
                log.addLast(line.strip());
                if (log.size() > 12) {
                  log.removeFirst();
                }
              }
            }
          }
        }
        super.onNext(item);
      }
    };
    try {
      docker.buildImageCmd()
          .withBaseDirectory(context.toFile())
          .withDockerfile(context.resolve(dockerfile).toFile())
          .withTags(Set.of(tag))
          .withPull(false)
          .withRemove(true)
          .withForcerm(true)
          .withLabels(Map.of("b2c.image", "true"))
          .exec(callback)
          .awaitImageId(15, TimeUnit.MINUTES);
    } catch (DockerClientException | DockerException e) {
      String tail;
      synchronized (log) {
        tail = String.join("\n", log);
      }
      throw new LabBackendException("image build failed: " + clean(e.getMessage())
          + (tail.isEmpty() ? "" : "\n" + tail), e);
    }
  }

  @Override
  public LabHandle start(LabLaunch launch) throws LabBackendException {
    String name = "b2c-" + launch.instanceId();
    try {
      String network = createNetwork(name, launch);
      String target = createContainer(launch, launch.image(), name + "-target", name, "target");
      if (launch.flagFile() != null) {
        writeFile(target, launch.flagFile());
      }
      docker.startContainerCmd(target).exec();
      String workstation = null;
      if (launch.workstationImage() != null) {
        workstation = createContainer(launch, launch.workstationImage(), name + "-workstation",
            name, "workstation");
        docker.startContainerCmd(workstation).exec();
      }
      InspectContainerResponse inspected = docker.inspectContainerCmd(target).exec();
      ContainerNetwork net = inspected.getNetworkSettings().getNetworks().get(name);
      String ip = net == null ? null : net.getIpAddress();
      return new LabHandle(network, target, ip, workstation);
    } catch (DockerException | DockerClientException | LabBackendException e) {
      remove(launch.instanceId());
      throw e instanceof LabBackendException lbe ? lbe
          : new LabBackendException("the lab could not be created: " + clean(e.getMessage()), e);
    } catch (RuntimeException e) {
      remove(launch.instanceId());
      throw new LabBackendException("the lab could not be created: " + e.getMessage(), e);
    }
  }

  private String createNetwork(String name, LabLaunch launch) throws LabBackendException {
    Map<String, String> labels = new HashMap<>(launch.labels());
    labels.put(MANAGED, "true");
    labels.put(INSTALLATION, installation);
    labels.put(INSTANCE, launch.instanceId());
    return createOnFreeSubnet(subnets, docker, name, subnet -> docker.createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withInternal(!launch.egress())
        .withCheckDuplicate(true)
        .withLabels(labels)
        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "true"))
        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)))
        .exec().getId());
  }

  /**
   * Creates a lab network (with {@code create}, given a subnet) on a free subnet of the pool;
   * a subnet the engine reports as overlapping one it already uses is skipped (shared by both
   * backends).
   */
  static String createOnFreeSubnet(SubnetPool subnets, DockerClient engine, String name,
      java.util.function.Function<String, String> create) throws LabBackendException {
    for (int attempt = 0; attempt < 64; attempt++) {
      String subnet = subnets.acquire(() -> subnetsInUse(engine));
      try {
        String id = create.apply(subnet);
        subnets.bind(name, subnet);
        return id;
      } catch (DockerException e) {
        subnets.release(subnet);
        String message = String.valueOf(e.getMessage());
        if (message.contains("overlap")) {
          subnets.markTaken(subnet);
          continue;
        }
        throw new LabBackendException("the lab network could not be created: " + clean(message), e);
      }
    }
    throw new LabBackendException("no free lab network address: the subnet pool is exhausted");
  }

  /** Every subnet the engine's networks use. */
  private static Set<String> subnetsInUse(DockerClient docker) {
    Set<String> used = new HashSet<>();
    for (Network network : docker.listNetworksCmd().exec()) {
      if (network.getIpam() != null && network.getIpam().getConfig() != null) {
        network.getIpam().getConfig().forEach(c -> {
          if (c.getSubnet() != null) {
            used.add(c.getSubnet());
          }
        });
      }
    }
    return used;
  }

  private String createContainer(LabLaunch launch, String image, String name, String network,
      String role) {
    Map<String, String> labels = new HashMap<>(launch.labels());
    labels.put(MANAGED, "true");
    labels.put(INSTALLATION, installation);
    labels.put(INSTANCE, launch.instanceId());
    labels.put(ROLE, role);
    List<Capability> add = launch.capabilities().stream().map(Capability::valueOf).toList();
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode(network)
        .withNanoCPUs(launch.cpusMillis() * 1_000_000L)
        .withMemory(launch.memoryBytes())
        .withMemorySwap(launch.memoryBytes())
        .withPidsLimit(launch.pids())
        .withCapDrop(Capability.ALL)
        .withCapAdd(add.toArray(Capability[]::new))
        .withSecurityOpts(List.of("no-new-privileges"))
        .withPrivileged(false)
        .withPublishAllPorts(false)
        .withRestartPolicy(launch.maxRestarts() > 0 && "target".equals(role)
            ? RestartPolicy.onFailureRestart(launch.maxRestarts()) : RestartPolicy.noRestart())
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
            Map.of("max-size", "1m", "max-file", "1")));
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

  /** Writes the flag with its mode and owner through the archive API, before the start. */
  private void writeFile(String container, FlagFile file) throws LabBackendException {
    int[] owner = resolveOwner(docker, container, file.owner());
    byte[] content = file.content().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry entry = new TarArchiveEntry(file.path().replaceFirst("^/+", ""));
      entry.setSize(content.length);
      entry.setMode(file.mode());
      entry.setIds(owner[0], owner[1]);
      entry.setModTime(System.currentTimeMillis());
      out.putArchiveEntry(entry);
      out.write(content);
      out.closeArchiveEntry();
    } catch (IOException e) {
      throw new LabBackendException("the flag file could not be packed", e);
    }
    try {
      docker.copyArchiveToContainerCmd(container)
          .withRemotePath("/")
          .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
          .exec();
    } catch (DockerException e) {
      throw new LabBackendException("the flag could not be written to " + file.path() + ": "
          + clean(e.getMessage()), e);
    }
  }

  /** uid and gid of {@code owner} (a name from the image's /etc/passwd, uid or uid:gid). */
  static int[] resolveOwner(DockerClient docker, String container, String owner)
      throws LabBackendException {
    if (owner == null || owner.isBlank() || owner.equals("root")) {
      return new int[] {0, 0};
    }
    if (owner.matches("\\d+(:\\d+)?")) {
      String[] parts = owner.split(":");
      int uid = Integer.parseInt(parts[0]);
      return new int[] {uid, parts.length > 1 ? Integer.parseInt(parts[1]) : uid};
    }
    try (InputStream archive = docker.copyArchiveFromContainerCmd(container, "/etc/passwd").exec();
        TarArchiveInputStream in = new TarArchiveInputStream(archive)) {
      if (in.getNextEntry() != null) {
        String passwd = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (String line : passwd.split("\n")) {
          String[] f = line.split(":");
          if (f.length > 3 && f[0].equals(owner)) {
            return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
          }
        }
      }
    } catch (IOException | DockerException e) {
      throw new LabBackendException("cannot read /etc/passwd of the lab image", e);
    }
    throw new LabBackendException("the flag owner '" + owner + "' is not a user of the lab image");
  }

  @Override
  public void remove(String instanceId) {
    try {
      for (Container c : docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(INSTANCE, instanceId)).exec()) {
        try {
          docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
      }
      for (Network n : docker.listNetworksCmd().withFilter("label", List.of(INSTANCE + "=" + instanceId))
          .exec()) {
        try {
          docker.removeNetworkCmd(n.getId()).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
        subnets.releaseNetwork(n.getName());
      }
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
  public java.util.Optional<LabUsage> usage(String container, Duration timeout) {
    return usage(docker, container, timeout);
  }

  /** One resource reading of a container on the given engine (also used by the swarm backend). */
  static java.util.Optional<LabUsage> usage(DockerClient docker, String container,
      Duration timeout) {
    java.util.concurrent.CompletableFuture<com.github.dockerjava.api.model.Statistics> first =
        new java.util.concurrent.CompletableFuture<>();
    ResultCallback.Adapter<com.github.dockerjava.api.model.Statistics> callback =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Statistics stats) {
            first.complete(stats);
          }

          @Override
          public void onError(Throwable error) {
            first.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            first.complete(null);
          }
        };
    try {
      docker.statsCmd(container).withNoStream(true).exec(callback);
      com.github.dockerjava.api.model.Statistics stats =
          first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return java.util.Optional.ofNullable(stats).map(DockerLabBackend::usageOf);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException
        | RuntimeException e) {
      LOG.debugf("no resource reading of %s: %s", container, e.toString());
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    } finally {
      try {
        callback.close();
      } catch (IOException e) {
        LOG.debugf("closing the stats reading of %s: %s", container, e.toString());
      }
    }
  }

  /** CPU as {@code docker stats} computes it: usage delta over system delta, times online CPUs. */
  private static LabUsage usageOf(com.github.dockerjava.api.model.Statistics stats) {
    double cpu = 0;
    var now = stats.getCpuStats();
    var before = stats.getPreCpuStats();
    if (now != null && before != null && now.getCpuUsage() != null
        && before.getCpuUsage() != null && now.getSystemCpuUsage() != null
        && before.getSystemCpuUsage() != null) {
      long used = orZero(now.getCpuUsage().getTotalUsage())
          - orZero(before.getCpuUsage().getTotalUsage());
      long system = now.getSystemCpuUsage() - before.getSystemCpuUsage();
      long cpus = now.getOnlineCpus() == null ? 1 : now.getOnlineCpus();
      if (used > 0 && system > 0) {
        cpu = 100.0 * used / system * cpus;
      }
    }
    var memory = stats.getMemoryStats();
    long inUse = memory == null ? 0 : orZero(memory.getUsage());
    if (memory != null && memory.getStats() != null) {
      // Page cache is not the container's own use (docker stats subtracts it the same way).
      inUse -= orZero(memory.getStats().getInactiveFile());
    }
    long limit = memory == null ? 0 : orZero(memory.getLimit());
    long pids = stats.getPidsStats() == null ? 0 : orZero(stats.getPidsStats().getCurrent());
    return new LabUsage(cpu, Math.max(0, inUse), limit, pids);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  @Override
  public ExecResult exec(String container, String user, List<String> command, Duration timeout)
      throws LabBackendException {
    return exec(docker, container, user, command, timeout);
  }

  /** {@link #exec(String, String, List, Duration)} on the engine of {@code docker}. */
  static ExecResult exec(DockerClient docker, String container, String user, List<String> command,
      Duration timeout) throws LabBackendException {
    StringBuilder output = new StringBuilder();
    String execId;
    try {
      execId = docker.execCreateCmd(container)
          .withUser(user)
          .withCmd(command.toArray(String[]::new))
          .withAttachStdout(true)
          .withAttachStderr(true)
          .exec().getId();
      ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          synchronized (output) {
            if (output.length() < MAX_OUTPUT) {
              output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }
        }
      };
      docker.execStartCmd(execId).exec(callback);
      boolean done = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        callback.close();
        return new ExecResult(-1, text(output), true);
      }
      Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
      return new ExecResult(code == null ? -1 : code.intValue(), text(output), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabBackendException("interrupted while running a command in the lab", e);
    } catch (IOException | DockerException | DockerClientException e) {
      throw new LabBackendException("the command could not run in the lab: "
          + clean(e.getMessage()), e);
    }
  }

  private static String text(StringBuilder output) {
    synchronized (output) {
      return output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) : output.toString();
    }
  }

  @Override
  public TerminalSession openTerminal(String container, String user, List<String> command,
      TerminalSink sink) throws LabBackendException {
    return openTerminal(docker, container, user, command, sink);
  }

  /** {@link #openTerminal(String, String, List, TerminalSink)} on the engine of {@code docker}. */
  static TerminalSession openTerminal(DockerClient docker, String container, String user,
      List<String> command, TerminalSink sink) throws LabBackendException {
    try {
      String execId = docker.execCreateCmd(container)
          .withUser(user)
          .withTty(true)
          .withAttachStdin(true)
          .withAttachStdout(true)
          .withAttachStderr(true)
          .withEnv(List.of("TERM=xterm-256color"))
          .withCmd(command.toArray(String[]::new))
          .exec().getId();
      QueueInputStream stdin = new QueueInputStream();
      AtomicBoolean closed = new AtomicBoolean();
      ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          sink.output(frame.getPayload());
        }

        @Override
        public void onComplete() {
          super.onComplete();
          if (closed.compareAndSet(false, true)) {
            sink.closed();
          }
        }

        @Override
        public void onError(Throwable throwable) {
          super.onError(throwable);
          if (closed.compareAndSet(false, true)) {
            sink.closed();
          }
        }
      };
      docker.execStartCmd(execId).withTty(true).withStdIn(stdin).exec(callback);
      return new TerminalSession() {
        @Override
        public void input(byte[] data) {
          stdin.offer(data);
        }

        @Override
        public void resize(int cols, int rows) {
          try {
            docker.resizeExecCmd(execId).withSize(rows, cols).exec();
          } catch (DockerException | DockerClientException e) {
            LOG.debugf("Labs: terminal resize failed: %s", e.getMessage());
          }
        }

        @Override
        public void close() {
          stdin.close();
          try {
            callback.close();
          } catch (IOException e) {
            // closing a finished stream
          }
          if (closed.compareAndSet(false, true)) {
            sink.closed();
          }
        }
      };
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the terminal could not be opened: " + clean(e.getMessage()), e);
    }
  }

  /** Engine messages without the HTTP status prefix docker-java adds. */
  static String clean(String message) {
    if (message == null) {
      return "unknown engine error";
    }
    String m = message.replaceFirst("^Status \\d+: ", "").strip();
    if (m.startsWith("{\"message\":\"") && m.endsWith("\"}")) {
      m = m.substring(12, m.length() - 2);
    }
    return m;
  }

  /** A blocking input stream fed with chunks; the terminal's stdin. */
  static final class QueueInputStream extends InputStream {
    private final java.util.concurrent.LinkedBlockingQueue<byte[]> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private static final byte[] EOF = new byte[0];
    private byte[] current;
    private int pos;

    void offer(byte[] data) {
      if (data.length > 0) {
        queue.offer(data.clone());
      }
    }

    @Override
    public void close() {
      queue.offer(EOF);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (current == null || pos >= current.length) {
        try {
          current = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        pos = 0;
        if (current == EOF) {
          queue.offer(EOF);
          return -1;
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
