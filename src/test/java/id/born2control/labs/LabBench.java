package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lab benchmark (run by {@code infra/bench/labs.sh}, not by the suite: the class name does
 * not end in Test). The OIDC tenant is off and the range has no authentication bypass, so it
 * drives the service-side path of {@code POST /api/labs/{c}} (admission, queue, worker, engine,
 * relay) in-process, and times until the lab answers HTTP on its published port.
 */
@QuarkusTest
@TestProfile(LabBench.BigHost.class)
@Tag("bench")
@Tag("docker")
class LabBench {

  /** Room for the capacity run. */
  public static class BigHost implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("b2c.labs.global-limit", "1000", "b2c.labs.start-rate", "1000");
    }
  }

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabImages images;
  @Inject IdentityService identities;

  @AfterAll
  static void cleanup() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void benchmark() throws Exception {
    int rounds = Integer.getInteger("benchRounds", 20);
    int capacity = Integer.getInteger("benchCapacity", 300);
    LabTestSupport.install(catalog);
    CatalogEntry entry = LabTestSupport.entry(catalog, "labt-web");
    String image = images.ensure(entry).get().target();
    StringBuilder out = new StringBuilder();

    // 1. Start latency: service path vs a bare docker run of the same image. The two alternate
    // round by round, so the load of the shared machine weighs on both alike, after one
    // unmeasured round of each (the service is long-running: its first start runs cold code).
    List<Long> service = new ArrayList<>();
    List<Long> bare = new ArrayList<>();
    for (int i = -1; i < rounds; i++) {
      long range = rangeStart(entry, "bench-lat-" + (i + 1));
      long plain = bareRun(image, "b2c-bench-bare-" + (i + 1));
      if (i >= 0) {
        service.add(range);
        bare.add(plain);
      }
    }
    double serviceMedian = percentile(service, 50);
    double bareMedian = percentile(bare, 50);
    out.append(String.format("%-38s %10s %10s%n", "start until HTTP answers (ms)", "median", "p95"));
    out.append(String.format("%-38s %10.0f %10.0f%n", "range lab (service path, " + rounds + " runs)",
        serviceMedian, percentile(service, 95)));
    out.append(String.format("%-38s %10.0f %10.0f%n", "bare docker run -p (" + rounds + " runs)",
        bareMedian, percentile(bare, 95)));
    out.append(String.format("%-38s %10.2fx%n", "ratio (median)", serviceMedian / bareMedian));

    // 2. Capacity: many concurrent small labs, each answering, and the service's memory.
    List<String[]> started = new ArrayList<>();
    long began = System.nanoTime();
    for (int i = 0; i < capacity; i++) {
      TraineeRef t = LabTestSupport.trainee(identities, "bench-cap-" + i);
      started.add(new String[] {labs.start(t, entry).lab().id(), Long.toString(t.id())});
    }
    int answering = 0;
    for (String[] s : started) {
      awaitHttp(awaitEndpoint(s[0], Long.parseLong(s[1])));
      answering++;
    }
    long allUp = (System.nanoTime() - began) / 1_000_000;
    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
    String containers = LabTestSupport.docker("ps", "-q", "--filter", "label=b2c.installation=" + LabTestSupport.installation())
        .lines().count() + "";
    String free = new String(new ProcessBuilder("free", "-m").start().getInputStream()
        .readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Mem"))
        .findFirst().orElse("");
    out.append(String.format("%n%-38s %10d%n", "concurrent labs answering HTTP", answering));
    out.append(String.format("%-38s %10s%n", "lab containers on the engine", containers));
    out.append(String.format("%-38s %10d%n", "time to start all of them (ms)", allUp));
    out.append(String.format("%-38s %10s%n", "service JVM " + rss.split(" ")[0],
        rss.split(" ").length > 1 ? rss.split(" ")[1] + " kB" : "?"));
    out.append(String.format("%-38s %s%n", "host memory (free -m)", free.replaceAll("\\s+", " ")));
    System.out.println("\n=== LAB BENCHMARK ===\n" + out);
    Files.writeString(Path.of("target/lab-bench.txt"), out.toString());
  }

  /** One range lab from start until it answers HTTP, then stopped; nanoseconds. */
  private long rangeStart(CatalogEntry entry, String trainee) throws Exception {
    TraineeRef t = LabTestSupport.trainee(identities, trainee);
    long began = System.nanoTime();
    String id = labs.start(t, entry).lab().id();
    awaitHttp(awaitEndpoint(id, t.id()));
    long took = System.nanoTime() - began;
    labs.stop(id, t.id(), true);
    return took;
  }

  /** One bare {@code docker run -p} from start until it answers HTTP, then removed. */
  private static long bareRun(String image, String name) throws Exception {
    long began = System.nanoTime();
    LabTestSupport.docker("run", "-d", "--name", name, "-p", "127.0.0.1::8080", image);
    String mapped = LabTestSupport.docker("port", name, "8080/tcp").lines().findFirst()
        .orElseThrow();
    awaitHttp(new InetSocketAddress("127.0.0.1",
        Integer.parseInt(mapped.substring(mapped.lastIndexOf(':') + 1))));
    long took = System.nanoTime() - began;
    LabTestSupport.docker("rm", "-f", name);
    return took;
  }

  private InetSocketAddress awaitEndpoint(String id, long trainee) {
    // read as often as the bare run's port is tried (5 ms): a trainee's page learns RUNNING
    // from the live feed, not from a 100 ms poll
    LabViews.LabView view = LabTestSupport.await(labs, id, trainee, LabState.RUNNING,
        Duration.ofMinutes(10), 5);
    // The bench measures the labs, not the tunnel: it reaches each lab's endpoint directly, as
    // the tunnel does from inside the range.
    InetSocketAddress at = labs.tunnelEndpoint(id, trainee, false, view.ports().get(0).port())
        .orElseThrow();
    return new InetSocketAddress(at.getHostString(), at.getPort());
  }

  private static void awaitHttp(InetSocketAddress at) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(at, 1000);
        socket.setSoTimeout(2000);
        socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] head = socket.getInputStream().readNBytes(12);
        if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.")
            && new String(head, StandardCharsets.US_ASCII).contains("200")) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not answering yet
      }
      Thread.sleep(5);
    }
    throw new AssertionError(at + " never answered");
  }

  private static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1_000_000.0;
  }
}
