package id.born2control.labs;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real three-node Docker Swarm on this machine (manager and two workers, each its own dockerd
 * in its own network namespace), built by {@code infra/cluster/swarm-local.sh up} and always torn
 * down: by {@link #stop()}, or by a shutdown hook when the test JVM ends without it. Points the
 * range at it with {@code b2c.labs.backend=swarm}.
 */
public class SwarmTestResource implements QuarkusTestResourceLifecycleManager {

  static final String SCRIPT = "infra/cluster/swarm-local.sh";
  private Thread teardown;

  @Override
  public Map<String, String> start() {
    teardown = new Thread(() -> cluster("down"), "swarm-local-down");
    Runtime.getRuntime().addShutdownHook(teardown);
    String manager = null;
    String nodes = null;
    String ipam = null;
    for (String line : cluster("up").split("\n")) {
      if (line.startsWith("B2C_SWARM_MANAGER=")) {
        manager = line.substring(line.indexOf('=') + 1);
      } else if (line.startsWith("B2C_SWARM_NODES=")) {
        nodes = line.substring(line.indexOf('=') + 1);
      } else if (line.startsWith("B2C_SWARM_FIXED_SUBNET_IPAM=")) {
        ipam = line.substring(line.indexOf('=') + 1);
      }
    }
    if (manager == null || nodes == null || ipam == null) {
      throw new IllegalStateException("swarm-local.sh up printed no settings");
    }
    return Map.of("b2c.labs.backend", "swarm", "b2c.labs.docker-host", manager,
        "b2c.labs.swarm.nodes", nodes, "b2c.labs.swarm.fixed-subnet-ipam", ipam);
  }

  @Override
  public void stop() {
    cluster("down");
    if (teardown != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(teardown);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway
      }
    }
  }

  /**
   * Waits until each of {@code nodes} nodes holds its spare lab networks warm (every keeper
   * running): right after start-up a lab may otherwise get a new network, which is correct but
   * not what a test of the warm path or a latency benchmark wants.
   */
  static void awaitSpareNetworks(int nodes) {
    var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    int perNode = config.getOptionalValue("b2c.labs.swarm.spare-networks", Integer.class)
        .orElse(2);
    String manager = config.getValue("b2c.labs.docker-host", String.class);
    String filter = "label=b2c.spare=" + LabTestSupport.installation();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String replicas = "";
    while (System.nanoTime() < deadline) {
      replicas = LabTestSupport.docker("-H", manager, "service", "ls", "--filter", filter,
          "--format", "{{.Replicas}}");
      if (replicas.lines().count() >= (long) nodes * perNode
          && replicas.lines().allMatch("1/1"::equals)) {
        return;
      }
      LabTestSupport.sleep(500);
    }
    throw new AssertionError("spare networks not ready on every node: " + replicas);
  }

  /** Runs the cluster script; its stdout, or an exception with its whole output. */
  static String cluster(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(SCRIPT));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
