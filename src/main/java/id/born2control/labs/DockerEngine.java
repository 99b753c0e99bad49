package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import id.born2control.labs.LabBackend.ExecResult;
import id.born2control.labs.LabBackend.LabLaunch;
import id.born2control.labs.LabBackend.LabUsage;
import id.born2control.labs.LabBackend.RunnerSession;
import id.born2control.labs.LabBackend.RunnerSink;
import id.born2control.labs.LabBackend.TerminalSession;
import id.born2control.labs.LabBackend.TerminalSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One Docker engine as both lab backends use it: the client (TLS from the configuration), image
 * builds, lab networks on a free subnet of the pool, flag owners, commands and terminals in a
 * container, resource readings, and the labels every lab resource carries. The single-engine
 * backend holds one; the Swarm backend one for the manager and one per lab node.
 *
 * <p>Interactive terminals and hidden hosts' runners hold their engine connection for as long as
 * they are open, so they get a client of their own (its own connection pool,
 * {@code b2c.labs.terminal-engine-connections}): lab starts, stops, checks and readings never
 * wait for a connection behind them.
 */
final class DockerEngine {

  static final String MANAGED = "b2c.managed";
  static final String INSTANCE = "b2c.instance";
  static final String ROLE = "b2c.role";
  static final String INSTALLATION = "b2c.installation";
  /** Leading exception class names of a wrapped I/O error's message, one or several. */
  private static final Pattern JAVA_CLASS_PREFIX =
      Pattern.compile("^(?:(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ?)+");

  private final DockerClient client;
  private final DockerClient interactive;
  /** ids of flag owners by image and user name (lab image tags name their content). */
  private final Map<String, int[]> owners = new ConcurrentHashMap<>();

  private DockerEngine(DockerClient client, DockerClient interactive) {
    this.client = client;
    this.interactive = interactive;
  }

  /** The engine at {@code host}, with the TLS settings of the configuration. */
  static DockerEngine connect(String host, LabsConfig config) {
    DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(host)
        .withDockerTlsVerify(config.dockerTlsVerify());
    config.dockerCertPath().ifPresent(builder::withDockerCertPath);
    DockerClientConfig clientConfig = builder.build();
    // A terminal may stay quiet for as long as its lab lives: its reads wait that long.
    return new DockerEngine(client(clientConfig, 256, Duration.ofMinutes(15)),
        client(clientConfig, config.terminalEngineConnections(),
            Duration.ofSeconds(config.maxLifetimeSeconds())));
  }

  private static DockerClient client(DockerClientConfig clientConfig, int connections,
      Duration responseTimeout) {
    DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(clientConfig.getDockerHost())
        .sslConfig(clientConfig.getSSLConfig())
        .maxConnections(connections)
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(responseTimeout)
        .build();
    return DockerClientImpl.getInstance(clientConfig, http);
  }

  DockerClient client() {
    return client;
  }

  /**
   * The labels of every resource of a lab: the launch's own, the managed and installation
   * markers, the instance and, for a container or service, its role.
   */
  static Map<String, String> labels(LabLaunch launch, String installation, String role) {
    Map<String, String> labels = new HashMap<>(launch.labels());
    labels.put(MANAGED, "true");
    labels.put(INSTALLATION, installation);
    labels.put(INSTANCE, launch.instanceId());
    if (role != null) {
      labels.put(ROLE, role);
    }
    return labels;
  }

  /** The labels of a lab's check probe: removed with the lab, never taken for its target. */
  static Map<String, String> probeLabels(String installation, String instanceId) {
    return Map.of(MANAGED, "true", INSTALLATION, installation, INSTANCE, instanceId,
        ROLE, "probe");
  }

  /** Whether an image with this tag exists on this engine. */
  boolean hasImage(String tag) {
    try {
      client.inspectImageCmd(tag).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Builds an image on this engine; throws with the build log tail. */
  void build(Path context, String dockerfile, String tag) throws LabBackendException {
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
      client.buildImageCmd()
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

  /**
   * Creates a lab network (with {@code create}, given a subnet) on a free subnet of the pool;
   * a subnet the engine reports as overlapping one it already uses is skipped.
   */
  String createOnFreeSubnet(SubnetPool subnets, String name, Function<String, String> create)
      throws LabBackendException {
    for (int attempt = 0; attempt < 64; attempt++) {
      String subnet = subnets.acquire(this::subnetsInUse);
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
  private Set<String> subnetsInUse() {
    Set<String> used = new HashSet<>();
    for (Network network : client.listNetworksCmd().exec()) {
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

  /**
   * The ids of a user name of {@code image} read before, if any: reading /etc/passwd out of a
   * container was the largest avoidable step of a lab start (about 90 ms of about 400 measured).
   * A lab image's tag names its content ({@link LabImages}), so a tag's users do not change.
   */
  Optional<int[]> knownOwner(String image, String owner) {
    return Optional.ofNullable(owners.get(image + "|" + owner));
  }

  /** As {@link #resolveOwner(String, String)}, remembered per image for the next lab. */
  int[] resolveOwner(String image, String container, String owner) throws LabBackendException {
    if (owner == null || owner.isBlank() || owner.equals("root")
        || owner.matches("\\d+(:\\d+)?")) {
      return resolveOwner(container, owner);
    }
    Optional<int[]> known = knownOwner(image, owner);
    if (known.isPresent()) {
      return known.get();
    }
    int[] resolved = resolveOwner(container, owner);
    owners.put(image + "|" + owner, resolved);
    return resolved;
  }

  /**
   * uid and gid of {@code owner} (a name from the image's /etc/passwd, read from
   * {@code container}, a uid or uid:gid; root and none need no container).
   */
  int[] resolveOwner(String container, String owner) throws LabBackendException {
    if (owner == null || owner.isBlank() || owner.equals("root")) {
      return new int[] {0, 0};
    }
    if (owner.matches("\\d+(:\\d+)?")) {
      String[] parts = owner.split(":");
      int uid = Integer.parseInt(parts[0]);
      return new int[] {uid, parts.length > 1 ? Integer.parseInt(parts[1]) : uid};
    }
    try (InputStream archive = client.copyArchiveFromContainerCmd(container, "/etc/passwd").exec();
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

  /** Runs a command to completion in a container of this engine. */
  ExecResult exec(String container, String user, List<String> command, Duration timeout)
      throws LabBackendException {
    return DockerExec.run(client, container, user, command, timeout);
  }

  /** Opens an interactive TTY in a container of this engine, on the terminals' own client. */
  TerminalSession openTerminal(String container, String user, List<String> command,
      TerminalSink sink) throws LabBackendException {
    return DockerExec.terminal(interactive, container, user, command, sink);
  }

  /** Opens a long-lived runner in a container of this engine, on the terminals' client. */
  RunnerSession openRunner(String container, String user, List<String> command,
      RunnerSink sink) throws LabBackendException {
    return DockerExec.runner(interactive, container, user, command, sink);
  }

  /**
   * Starts a stopped container of this engine again; false when it runs or is being restarted
   * by its restart policy already.
   */
  boolean revive(String container) throws LabBackendException {
    try {
      InspectContainerResponse.ContainerState state = client.inspectContainerCmd(container).exec()
          .getState();
      if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
        return false;
      }
      client.startContainerCmd(container).exec();
      return true;
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("host " + container + " cannot be started again: "
          + e.getMessage(), e);
    }
  }

  /** One resource reading of a container of this engine. */
  Optional<LabUsage> usage(String container, Duration timeout) {
    return DockerStats.read(client, container, timeout);
  }

  /**
   * Runs a removal; true when done or the thing was already gone, false when the engine refused
   * (typically still in use by a task that is shutting down).
   */
  static boolean removeQuietly(Runnable removal) {
    try {
      removal.run();
      return true;
    } catch (NotFoundException gone) {
      return true;
    } catch (DockerException e) {
      return false;
    }
  }

  /**
   * Engine messages without the HTTP status prefix docker-java adds, nor the Java class names an
   * I/O error carries ("java.net.ConnectException: Connection refused"): they reach trainees.
   */
  static String clean(String message) {
    if (message == null) {
      return "unknown engine error";
    }
    String m = JAVA_CLASS_PREFIX.matcher(message.replaceFirst("^Status \\d+: ", ""))
        .replaceFirst("").strip();
    if (m.isEmpty()) {
      return "unknown engine error";
    }
    if (m.startsWith("{\"message\":\"") && m.endsWith("\"}")) {
      m = m.substring(12, m.length() - 2);
    }
    return m;
  }
}
