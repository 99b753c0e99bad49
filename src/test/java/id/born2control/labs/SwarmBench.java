package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Swarm benchmark (run by {@code infra/bench/swarm.sh}, not by the suite: the class name does
 * not end in Test), on the local three-node swarm of {@link SwarmTestResource}: start latency of
 * a range lab through the Swarm backend against a bare {@code docker service create} of the same
 * image (both until the task runs), and how many labs 3 nodes hold against 1, each node offering
 * {@code benchNodeMemory} MiB to labs so the count stays bounded.
 */
@QuarkusTest
@TestProfile(SwarmBench.Cluster.class)
@Tag("bench")
@Tag("docker")
@Tag("swarm")
class SwarmBench {

  /** The local swarm, each node offering a small, fixed memory to labs. */
  public static class Cluster implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("b2c.labs.global-limit", "1000", "b2c.labs.start-rate", "1000",
          "b2c.labs.swarm.node-memory", Integer.getInteger("benchNodeMemory", 160) + "M");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SwarmTestResource.class));
    }
  }

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabImages images;
  @Inject IdentityService identities;

  private static final String[] WORKERS = {"b2cs-w1", "b2cs-w2"};
  /** Memory charged to the labs while the three-node round held them all. */
  private long heldMemory;

  @Test
  void benchmark() throws Exception {
    int rounds = Integer.getInteger("benchRounds", 10);
    LabTestSupport.install(catalog);
    CatalogEntry entry = LabTestSupport.entry(catalog, "labt-web");
    String image = images.ensure(entry).get().target();
    long labMemory = entry.spec().lab().limits().memoryBytes();
    StringBuilder out = new StringBuilder();

    // 1. Start latency until the task runs: range path vs bare service create, interleaved;
    // from the state the range keeps in operation, every node's warm networks ready.
    SwarmTestResource.awaitSpareNetworks(3);
    List<Long> range = new ArrayList<>();
    List<Long> bare = new ArrayList<>();
    List<Long> bareNetwork = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      TraineeRef t = LabTestSupport.trainee(identities, "swbench-lat-" + i);
      long began = System.nanoTime();
      String id = labs.start(t, entry).lab().id();
      // read as often as the bare service below is (the suite's 100 ms would add ~50 ms)
      LabTestSupport.await(labs, id, t.id(), LabState.RUNNING, Duration.ofMinutes(2), 5);
      range.add(System.nanoTime() - began);
      labs.stop(id, t.id(), true);

      String name = "b2c-bench-bare-" + i;
      began = System.nanoTime();
      manager("service", "create", "-d", "--name", name, "--endpoint-mode", "dnsrr",
          "--no-resolve-image", "--stop-grace-period", "1s", "--limit-memory", "32m",
          "--reserve-memory", "32m", image);
      awaitTask(name);
      bare.add(System.nanoTime() - began);
      manager("service", "rm", name);

      // Like for like: the lab's own overlay network is part of every lab start.
      began = System.nanoTime();
      manager("network", "create", "-d", "overlay", "--internal", "--attachable", "--subnet",
          "10.214." + i + ".0/28", name);
      manager("service", "create", "-d", "--name", name + "-net", "--network", name,
          "--endpoint-mode", "dnsrr", "--no-resolve-image", "--stop-grace-period", "1s",
          "--limit-memory", "32m", "--reserve-memory", "32m", image);
      awaitTask(name + "-net");
      bareNetwork.add(System.nanoTime() - began);
      manager("service", "rm", name + "-net");
      removeNetwork(name);
    }
    double rangeMedian = percentile(range, 50);
    double bareMedian = percentile(bare, 50);
    out.append(String.format("%-44s %10s %10s%n", "start until the task runs (ms)", "median",
        "p95"));
    out.append(String.format("%-44s %10.0f %10.0f%n", "range lab, swarm backend (" + rounds
        + " runs)", rangeMedian, percentile(range, 95)));
    out.append(String.format("%-44s %10.0f %10.0f%n", "bare docker service create (" + rounds
        + " runs)", bareMedian, percentile(bare, 95)));
    double networkMedian = percentile(bareNetwork, 50);
    out.append(String.format("%-44s %10.0f %10.0f%n", "bare network + service create (" + rounds
        + " runs)", networkMedian, percentile(bareNetwork, 95)));
    out.append(String.format("%-44s %10.2fx%n", "ratio to bare service (median)",
        rangeMedian / bareMedian));
    out.append(String.format("%-44s %10.2fx%n", "ratio to bare network + service (median)",
        rangeMedian / networkMedian));

    // 2. Labs held: fill 3 nodes, then 1 node (workers drained), until the range says full.
    int three = fill(entry, "three");
    long perLab = heldMemory / Math.max(1, three);
    for (String w : WORKERS) {
      manager("node", "update", "--availability", "drain", w);
    }
    int one;
    try {
      one = fill(entry, "one");
    } finally {
      for (String w : WORKERS) {
        manager("node", "update", "--availability", "active", w);
      }
    }
    String offered = ConfigProvider.getConfig().getValue("b2c.labs.swarm.node-memory",
        String.class);
    out.append(String.format("%n%-44s %10s%n", "memory each node offers to labs", offered));
    out.append(String.format("%-44s %10d%n", "lab memory limit = reservation (MiB)",
        labMemory / (1024 * 1024)));
    out.append(String.format("%-44s %10d%n", "labs held, 3 nodes", three));
    out.append(String.format("%-44s %10d%n", "labs held, 1 node", one));
    out.append(String.format("%-44s %10.2fx%n", "ratio", three / (double) one));
    out.append(String.format("%-44s %10.1f%n", "memory really used per lab (MiB, docker stats)",
        perLab / (1024.0 * 1024.0)));
    System.out.println("\n=== SWARM BENCHMARK ===\n" + out);
    Files.writeString(Path.of("target/swarm-bench.txt"), out.toString());
  }

  /**
   * Starts labs one after another until the range refuses one for lack of room; checks every
   * held lab runs and answers a command at once; stops them all. The number held.
   */
  private int fill(CatalogEntry entry, String round) throws Exception {
    List<LabInstance> held = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      TraineeRef t = LabTestSupport.trainee(identities, "swbench-" + round + "-" + i);
      String id = labs.start(t, entry).lab().id();
      LabViews.LabView v = awaitEnd(id, t.id());
      if (v.state().equals("FAILED")) {
        if (!v.reason().contains("the cluster is full")) {
          throw new AssertionError("lab " + id + " failed: " + v.reason());
        }
        break;
      }
      held.add(QuarkusTransaction.requiringNew().call(
          () -> LabInstance.findByInstanceId(id).orElseThrow()));
    }
    LabBackend backend = io.quarkus.arc.Arc.container().instance(LabBackend.class).get();
    for (LabInstance lab : held) {
      LabBackend.ExecResult r = backend.exec(lab.targetContainer, "0", List.of("echo", "ok"),
          Duration.ofSeconds(30));
      if (r.exitCode() != 0) {
        throw new AssertionError("held lab " + lab.instanceId + " does not answer: " + r.output());
      }
    }
    if (round.equals("three")) {
      heldMemory = labMemoryInUse();
    }
    for (LabInstance lab : held) {
      labs.stop(lab.instanceId, lab.traineeId, true);
    }
    return held.size();
  }

  private LabViews.LabView awaitEnd(String id, long trainee) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      LabViews.LabView v = labs.get(id, trainee, true);
      if (v.state().equals("RUNNING") || v.state().equals("FAILED")) {
        return v;
      }
      LabTestSupport.sleep(50);
    }
    throw new AssertionError("lab " + id + " neither ran nor failed");
  }

  private static void awaitTask(String service) throws InterruptedException {
    while (!manager("service", "ps", "--filter", "desired-state=running", "--format",
        "{{.CurrentState}}", service).startsWith("Running")) {
      Thread.sleep(20);
    }
  }

  /** Removes a network once the removed service's task has let go of it. */
  private static void removeNetwork(String name) throws Exception {
    for (int i = 0; i < 100; i++) {
      Process p = new ProcessBuilder("docker", "-H", managerHost(), "network", "rm", name)
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("network " + name + " could not be removed");
  }

  /** Memory the engines of every node report for this run's lab containers. */
  private static long labMemoryInUse() {
    long total = 0;
    for (String pair : ConfigProvider.getConfig().getValue("b2c.labs.swarm.nodes", String.class)
        .split(",")) {
      String engine = pair.substring(pair.indexOf('=') + 1);
      List<String> ids = LabTestSupport.docker("-H", engine, "ps", "-q", "--filter",
          "label=b2c.installation=" + LabTestSupport.installation()).lines()
          .filter(l -> !l.isBlank()).toList();
      if (ids.isEmpty()) {
        continue;
      }
      List<String> command = new ArrayList<>(List.of("-H", engine, "stats", "--no-stream",
          "--format", "{{.MemUsage}}"));
      command.addAll(ids);
      for (String usage : LabTestSupport.docker(command.toArray(String[]::new)).split("\n")) {
        total += bytes(usage.split("/")[0].strip());
      }
    }
    return total;
  }

  /** "1.5MiB" as bytes. */
  private static long bytes(String size) {
    String number = size.replaceAll("[A-Za-z]+$", "");
    String unit = size.substring(number.length());
    long factor = switch (unit) {
      case "KiB", "kB" -> 1024L;
      case "MiB", "MB" -> 1024L * 1024;
      case "GiB", "GB" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    return Math.round(Double.parseDouble(number) * factor);
  }

  private static String managerHost() {
    return ConfigProvider.getConfig().getValue("b2c.labs.docker-host", String.class);
  }

  private static String manager(String... args) {
    List<String> command = new ArrayList<>(List.of("-H", managerHost()));
    command.addAll(List.of(args));
    return LabTestSupport.docker(command.toArray(String[]::new));
  }

  private static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1_000_000.0;
  }
}
