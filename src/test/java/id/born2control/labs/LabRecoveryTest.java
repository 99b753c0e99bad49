package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.flags.FlagService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Labs that die, crash or outlive the service are detected, adopted or cleaned up. */
@QuarkusTest
@Tag("docker")
class LabRecoveryTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject LabEndpoints endpoints;
  @Inject LabImages images;
  @Inject IdentityService identities;
  @Inject FlagService flags;

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
    return row(id);
  }

  private static LabInstance row(String id) {
    return QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
  }

  @Test
  void shouldShowLabKilledFromOutsideAsFailedAndKeepProgress() throws Exception {
    LabInstance lab = running("rec-killed", "labt-web");
    String flag = TunnelClient.get(lab.instanceId, lab.traineeId, 8080, "/flag.txt").strip();
    LabTestSupport.docker("kill", lab.targetContainer);
    // The periodic sync notices it; run it now rather than wait for the next tick.
    labs.detectDead();
    LabViews.LabView view = labs.get(lab.instanceId, lab.traineeId, true);
    assertEquals("FAILED", view.state());
    assertTrue(view.reason().contains("killed from outside"), view.reason());
    assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter",
        "label=b2c.instance=" + lab.instanceId));
    // The flag issued to the dead lab still belongs to its owner.
    assertEquals(lab.traineeId, flags.findIssued(flag).orElseThrow().traineeId());
  }

  @Test
  void shouldAdoptLiveLabsFailVanishedOnesAndRemoveOrphansOnReconcile() throws Exception {
    LabInstance adopted = running("rec-adopt", "labt-web");
    LabInstance vanished = running("rec-vanish", "labt-web");
    // An engine lab the database does not know (left by a crashed run or deleted rows).
    String orphan = "labtorphan" + System.nanoTime() % 100000;
    backend.start(new LabBackend.LabLaunch(orphan, "b2c/busybox:latest", null, 100,
        16L * 1024 * 1024, 16, List.of(), false, Map.of(), List.of(), null, 0,
        Map.of("b2c.trainee", "0", "b2c.challenge", "none", "b2c.expires", Instant.now().toString())));
    // A service restart loses the remembered endpoints; the engine lost one lab's containers.
    endpoints.forget(adopted.instanceId);
    LabTestSupport.docker("rm", "-f", vanished.targetContainer);

    labs.reconcile();

    LabViews.LabView live = labs.get(adopted.instanceId, adopted.traineeId, true);
    assertEquals("RUNNING", live.state());
    assertEquals("lab ok",
        TunnelClient.get(adopted.instanceId, adopted.traineeId, 8080, "/").strip());
    LabViews.LabView gone = labs.get(vanished.instanceId, vanished.traineeId, true);
    assertEquals("FAILED", gone.state());
    assertTrue(gone.reason().contains("gone"), gone.reason());
    assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter", "label=b2c.instance=" + orphan));
    assertEquals("", LabTestSupport.docker("network", "ls", "-q", "--filter",
        "label=b2c.instance=" + orphan));
    assertEquals("", LabTestSupport.docker("network", "ls", "-q", "--filter",
        "label=b2c.instance=" + vanished.instanceId));
    labs.stop(adopted.instanceId, adopted.traineeId, true);
  }

  @Test
  void shouldFailHalfDoneStartsAndAdoptRunningLabsOfDeadInstance() throws Exception {
    // No live instance holds presence key 424242: it stands for a server killed mid-work.
    int dead = 424242;
    LabInstance live = running("rec-dead-run", "labt-web");
    TraineeRef waiting = LabTestSupport.trainee(identities, "rec-dead-start");
    String halfDone = "labdeadstart" + System.nanoTime() % 100000;
    QuarkusTransaction.requiringNew().run(() -> {
      LabInstance.findByInstanceId(live.instanceId).orElseThrow().starter = dead;
      LabInstance start = new LabInstance();
      start.instanceId = halfDone;
      start.traineeId = waiting.id();
      start.challengeSlug = "labt-web";
      start.state = LabState.STARTING;
      start.starter = dead;
      start.expiresAt = Instant.now().plusSeconds(600);
      start.persist();
    });
    // The dead server's memory went with it.
    endpoints.forget(live.instanceId);

    labs.takeOverFromDeadInstances();

    LabViews.LabView failed = labs.get(halfDone, waiting.id(), false);
    assertEquals("FAILED", failed.state());
    assertTrue(failed.reason().contains("start it again"), failed.reason());
    LabViews.LabView adopted = labs.get(live.instanceId, live.traineeId, false);
    assertEquals("RUNNING", adopted.state());
    assertTrue(TunnelClient.get(live.instanceId, live.traineeId, 8080, "/").contains("lab ok"));
    assertTrue(row(live.instanceId).starter != dead);
    // The trainee whose start was lost is not blocked by it: the same lab starts again.
    LabInstance again = running("rec-dead-start", "labt-web");
    labs.stop(again.instanceId, again.traineeId, true);
    labs.stop(live.instanceId, live.traineeId, true);
  }

  @Test
  void shouldFailCrashingLabAfterBoundedRestarts() {
    TraineeRef trainee = LabTestSupport.trainee(identities, "rec-crash");
    String id = labs.start(trainee, LabTestSupport.entry(catalog, "labt-crash")).lab().id();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    LabViews.LabView view = labs.get(id, trainee.id(), true);
    while (!view.state().equals("FAILED") && System.nanoTime() < deadline) {
      LabTestSupport.sleep(500);
      labs.detectDead();
      view = labs.get(id, trainee.id(), true);
    }
    assertEquals("FAILED", view.state());
    assertTrue(view.reason().contains("exited with code 3 after 3 restarts"), view.reason());
    assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter", "label=b2c.instance=" + id));
  }

  @Test
  void shouldReportBrokenDockerfileWithoutStoppingOtherLabs() {
    var broken = LabTestSupport.entry(catalog, "labt-broken");
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> images.ensure(broken).get(5, TimeUnit.MINUTES));
    assertTrue(LabImages.rootMessage(failure).contains("could not be built"),
        LabImages.rootMessage(failure));
    assertTrue(catalog.currentProblems().stream().anyMatch(p -> p.slug().equals("labt-broken")
        && p.message().contains("lab image build failed")), catalog.currentProblems().toString());
    TraineeRef trainee = LabTestSupport.trainee(identities, "rec-broken");
    LabException refused = assertThrows(LabException.class, () -> labs.start(trainee, broken));
    assertEquals(409, refused.status());
    assertEquals("image-unavailable", refused.problem());
    // The rest of the catalog still starts.
    LabInstance other = running("rec-broken", "labt-web");
    labs.stop(other.instanceId, other.traineeId, true);
  }
}
