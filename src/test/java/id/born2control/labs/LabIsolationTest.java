package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A lab cannot reach another and cannot exhaust the host (terminals: LabTerminalTest). */
@QuarkusTest
@Tag("docker")
class LabIsolationTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  private LabInstance running(String username, String slug) {
    String id = LabTestSupport.startRunning(labs, catalog, identities, username, slug);
    return QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
  }

  private LabBackend.ExecResult sh(LabInstance lab, String script, int seconds) throws Exception {
    return backend.exec(lab.targetContainer, "0", List.of("sh", "-c", script),
        Duration.ofSeconds(seconds));
  }

  @Test
  void shouldNotLetOneLabReachAnother() throws Exception {
    LabInstance a = running("iso-a", "labt-web");
    LabInstance b = running("iso-b", "labt-web");
    assertNotEquals(a.targetIp, b.targetIp);
    // Control: B answers on its own address, so a failure from A is the isolation.
    LabBackend.ExecResult own = sh(b, "timeout 5 wget -q -O - http://" + b.targetIp + ":8080/", 20);
    assertEquals(0, own.exitCode(), own.output());
    LabBackend.ExecResult cross = sh(a, "timeout 5 wget -q -O - http://" + b.targetIp + ":8080/",
        20);
    assertNotEquals(0, cross.exitCode(), "lab A reached lab B: " + cross.output());
    // Each lab network is internal: no route out of the lab at all.
    String networkA = LabTestSupport.networkOf(a.targetContainer);
    assertEquals("true", LabTestSupport.docker("network", "inspect", "-f", "{{.Internal}}",
        networkA));
    assertNotEquals(networkA, LabTestSupport.networkOf(b.targetContainer));
    labs.stop(a.instanceId, a.traineeId, true);
    labs.stop(b.instanceId, b.traineeId, true);
  }

  @Test
  void shouldNeverHandALabsNetworkToTheNextLab() throws Exception {
    // The attacker: a trainee who leaves something listening on their lab network (or hopes to
    // find the previous trainee's lab there) and starts labs again and again.
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      LabInstance lab = running("iso-again-" + i, "labt-web");
      String network = LabTestSupport.networkOf(lab.targetContainer);
      assertTrue(seen.add(network), "lab " + i + " got a network a previous lab used: " + network);
      // the only container on it is the lab's target, or the holder whose namespace it is in
      assertEquals(LabTestSupport.docker("inspect", "-f", "{{.Id}}",
          LabTestSupport.namespaceOf(lab.targetContainer)),
          LabTestSupport.docker("network", "inspect", "-f",
              "{{range $id, $c := .Containers}}{{$id}}{{end}}", network),
          "the lab shares its network with another container");
      labs.stop(lab.instanceId, lab.traineeId, true);
      assertFalse(LabTestSupport.networkExists(network), network + " outlived its lab");
    }
  }

  @Test
  void shouldKeepAWarmNamespaceHolderOutOfTheTraineesReach() throws Exception {
    // The attacker is root in the lab, whose target runs in a spare network's holder namespace:
    // the holder must hold nothing, run nothing they can touch, and serve this lab alone.
    awaitWarmSpares(2);
    LabInstance a = running("iso-holder-a", "labt-web");
    LabInstance b = running("iso-holder-b", "labt-web");
    String holder = LabTestSupport.namespaceOf(a.targetContainer);
    assertNotEquals(a.targetContainer, holder, "the lab did not start in a warm namespace");
    assertNotEquals(holder, LabTestSupport.namespaceOf(b.targetContainer),
        "two labs share one namespace holder");
    assertTrue(LabTestSupport.networkOf(a.targetContainer).startsWith("b2c-spare-"));
    // nobody, no capability, read-only root, nothing written, no lab's labels
    assertEquals("65534:65534 [ALL] true [no-new-privileges] ||",
        LabTestSupport.docker("inspect", "-f", "{{.Config.User}} {{.HostConfig.CapDrop}} "
            + "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.SecurityOpt}} "
            + "|{{index .Config.Labels \"b2c.instance\"}}|", holder));
    assertEquals("", LabTestSupport.docker("diff", holder), "the holder's files changed");
    // its process is invisible from the lab (a pid namespace of its own) ...
    LabBackend.ExecResult ps = sh(a, "ps -o user,args", 10);
    assertEquals(0, ps.exitCode(), ps.output());
    assertFalse(ps.output().contains("2147483647"), "the lab sees the holder: " + ps.output());
    // ... while the lab keeps its own host name, address and port in the shared network namespace
    assertEquals("target", sh(a, "hostname", 10).output().strip());
    LabBackend.ExecResult own = sh(a, "timeout 5 wget -q -O - http://" + a.targetIp
        + ":8080/", 20);
    assertEquals(0, own.exitCode(), own.output());
    // the flag went into the lab's target only
    assertFalse(LabTestSupport.docker("exec", holder, "sh", "-c",
        "cat /www/flag.txt 2>&1 || true").contains("B2C{"));
    // and the holder goes with its lab
    labs.stop(a.instanceId, a.traineeId, true);
    assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter", "id=" + holder),
        "the holder outlived its lab");
    labs.stop(b.instanceId, b.traineeId, true);
  }

  /** Waits until the engine holds {@code count} unclaimed running spare holders. */
  private static void awaitWarmSpares(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (LabTestSupport.docker("ps", "--filter", "label=" + SpareNetworkPool.SPARE + "="
        + LabTestSupport.installation(), "--format", "{{.Names}}").lines()
        .filter(n -> !n.endsWith("--claimed")).count() < count) {
      assertTrue(System.nanoTime() < deadline, "no warm spares within 60 s");
      LabTestSupport.sleep(200);
    }
  }

  @Test
  void shouldStopForkBombAtPidsLimit() throws Exception {
    LabInstance lab = running("iso-forker", "labt-web");
    // 200 background sleepers against a limit of 32 processes.
    LabBackend.ExecResult bomb = sh(lab,
        "i=0; while [ $i -lt 200 ]; do sleep 120 & i=$((i+1)); done 2>&1; echo spawned", 60);
    assertTrue(bomb.output().contains("fork") || bomb.output().contains("Resource temporarily"),
        "the fork bomb was not refused: " + bomb.output());
    int pids = Integer.parseInt(LabTestSupport.docker("stats", "--no-stream", "--format",
        "{{.PIDs}}", lab.targetContainer));
    assertTrue(pids <= 32, pids + " processes in a lab limited to 32");
    // The lab's own service and the range are unaffected.
    assertEquals("lab ok",
        TunnelClient.get(lab.instanceId, lab.traineeId, 8080, "/").strip());
    labs.stop(lab.instanceId, lab.traineeId, true);
  }

  @Test
  void shouldKillMemoryHogWithoutHurtingTheHost() throws Exception {
    LabInstance lab = running("iso-hog", "labt-web");
    // tail buffers an endless line: it grows until the 32 MiB limit (no swap) kills it.
    LabBackend.ExecResult hog = sh(lab, "tail /dev/zero", 120);
    assertEquals(137, hog.exitCode(), "the memory hog was not killed: " + hog.output());
    // Only the hog died: the lab still runs and serves, and the sync keeps it RUNNING.
    assertEquals(0, labs.detectDead());
    assertEquals("RUNNING", labs.get(lab.instanceId, lab.traineeId, true).state());
    assertEquals("lab ok",
        TunnelClient.get(lab.instanceId, lab.traineeId, 8080, "/").strip());
    labs.stop(lab.instanceId, lab.traineeId, true);
  }
}
