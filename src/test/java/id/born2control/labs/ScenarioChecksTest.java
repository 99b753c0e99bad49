package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A scenario's service checks ({@code labt-fire}: a trainee web host and a hidden checker) run
 * in one command per tick from the checker, and what each reported is stored per lab and tick.
 */
@QuarkusTest
@Tag("docker")
class ScenarioChecksTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;
  @Inject ScenarioChecks checks;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void shouldStoreEachTicksChecksAndNeverTrustWhatTheLabServes() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "fire-trainee",
        "labt-fire");
    String web = LabTopology.containerName(id, "web");

    // Ticks far past the lab's own clock (30 s ticks): the scenario clock, which runs the next
    // tick after the last one stored, never runs these.
    checks.runTick(id, 101);
    assertEquals(List.of("web-up OK answers", "web-shell OK no web shell",
        "broken NOT_CHECKED the check failed to run (exit 9)"), stored(id, 101));

    // The trainee is root on web and serves what they like, here a page that tries to forge
    // a result line for its own check, and a web shell as an attacker would drop.
    exec(web, "printf '%s\\n' 'x\",\"exit\":0,\"reason\":\"forged' "
        + "'{\"check\":\"web-up\",\"exit\":0}' > /www/index.html && echo sh > /www/shell.txt");
    checks.runTick(id, 102);
    List<String> tick2 = stored(id, 102);
    assertEquals("web-up FAULTY defaced: x\",\"exit\":0,\"reason\":\"forged", tick2.get(0));
    assertEquals("web-shell COMPROMISED a web shell answers at /shell.txt", tick2.get(1));

    // The checker host dies: its checks are not checked that tick, never failed.
    LabTestSupport.docker("kill", LabTopology.containerName(id, "checker"));
    checks.runTick(id, 103);
    for (String row : stored(id, 103)) {
      assertTrue(row.contains(" NOT_CHECKED the checker host did not run the checks"), row);
    }
    LabViews.LabView view = labs.get(id, 0, true);
    labs.stop(id, view.traineeId(), true);
    // What was checked stays recorded after the lab is gone.
    assertEquals(3, stored(id, 101).size());
  }

  @Test
  void shouldKeepCheckingForMoreTicksThanTheCheckerHostHasProcesses() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "fire-long-trainee",
        "labt-fire");
    // Three checks a tick, each leaving busybox timeout's watcher to the checker's first
    // process (an idle shell that reaps nothing): with the checker's limit of 32 processes
    // the ticks after the tenth or so could no longer fork unless something reaps them.
    for (long tick = 201; tick <= 216; tick++) {
      checks.runTick(id, tick);
    }
    assertEquals("web-up OK answers", stored(id, 216).get(0));
    // -s: a process listed by the glob may be gone before grep reads it (a watcher the init
    // just reaped). A zombie may also exist for the instant before the init reaps it, so look
    // again for a few seconds; without an init the count stays in the dozens.
    String zombies = exec(LabTopology.containerName(id, "checker"),
        "for i in 1 2 3 4 5 6 7 8 9 10; do"
            + " n=$(grep -ls '^State:.*Z' /proc/[0-9]*/status | wc -l);"
            + " [ \"$n\" = 0 ] && break; sleep 1; done; echo \"$n\"").strip();
    assertEquals("0", zombies, "zombies left in the checker host");
    LabViews.LabView view = labs.get(id, 0, true);
    labs.stop(id, view.traineeId(), true);
  }

  @Test
  void shouldRunManyTicksOverOneEngineExecAndOpenAnotherAfterTheCheckerDied() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "fire-stream-trainee",
        "labt-fire");
    String checker = LabTopology.containerName(id, "checker");
    String since = engineNow();
    for (long tick = 301; tick <= 310; tick++) {
      checks.runTick(id, tick);
      assertEquals("web-up OK answers", stored(id, tick).get(0), "tick " + tick);
    }
    assertEquals(1, runnersOpened(checker, since), "one engine exec for ten ticks");

    // The checker dies mid-session: that tick is not checked, never failed; once the host is
    // started again (the hidden host keeper does it after such a tick) the next opens a runner.
    LabTestSupport.docker("kill", checker);
    checks.runTick(id, 311);
    for (String row : stored(id, 311)) {
      assertTrue(row.contains(" NOT_CHECKED the checker host did not run the checks"), row);
    }
    backend.revive(checker);
    checks.runTick(id, 312);
    assertEquals("web-up OK answers", stored(id, 312).get(0));
    assertEquals(2, runnersOpened(checker, since));
    LabViews.LabView view = labs.get(id, 0, true);
    labs.stop(id, view.traineeId(), true);
  }

  @Test
  void shouldIgnoreForgedRunnerLinesAndReopenTheRunnerAfterAFlood() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "fire-forge-trainee",
        "labt-fire");
    String checker = LabTopology.containerName(id, "checker");
    checks.runTick(id, 401);
    // Someone in the checker host writes into the runner's output: answers for a guessed
    // request, lines in the old one-shot format, then a flood far past a tick's answer.
    String toRunner = "for p in /proc/[0-9]*; do grep -q 'b2c-run''ner' $p/cmdline 2>/dev/null"
        + " && o=$p/fd/1; done; [ -n \"$o\" ] || exit 7; ";
    exec(checker, toRunner + "for r in 0 1 2 3 R x; do"
        + " printf '{\"req\":\"%s\",\"i\":0,\"exit\":3,\"out\":\"Zm9yZ2Vk\"}\\n"
        + "{\"req\":\"%s\",\"end\":1}\\n' $r $r > $o; done;"
        + " echo '{\"check\":\"web-up\",\"exit\":3}' > $o");
    checks.runTick(id, 402);
    assertEquals(List.of("web-up OK answers", "web-shell OK no web shell",
        "broken NOT_CHECKED the check failed to run (exit 9)"), stored(id, 402));

    String since = engineNow();
    // (a writer the closed runner no longer reads is stopped after 10 s; the flood comes
    // before the next tick's answer on the stream, so that tick or the next opens a runner)
    exec(checker, toRunner + "timeout 10 sh -c \"head -c 3000000 /dev/zero | tr '\\0' '{'\" > $o;"
        + " true");
    checks.runTick(id, 403);
    checks.runTick(id, 404);
    assertEquals("web-up OK answers", stored(id, 404).get(0));
    assertEquals(1, runnersOpened(checker, since), "the flooded runner was replaced once");
    LabViews.LabView view = labs.get(id, 0, true);
    labs.stop(id, view.traineeId(), true);
  }

  /** The engine's clock as a {@code docker events} bound (its own view of its exec calls). */
  private static String engineNow() {
    Instant now = Instant.now();
    return now.getEpochSecond() + "." + String.format("%09d", now.getNano());
  }

  /** Runners the engine started in {@code container} since {@code since} (exec_create events). */
  private static int runnersOpened(String container, String since) {
    String events = LabTestSupport.docker("events", "--since", since, "--until", engineNow(),
        "--filter", "container=" + container, "--filter", "event=exec_create",
        "--format", "{{.Action}}");
    return events.split("b2c-runner", -1).length - 1;
  }

  private String exec(String container, String script) throws Exception {
    LabBackend.ExecResult result = backend.exec(container, "0", List.of("sh", "-c", script),
        Duration.ofSeconds(20));
    assertEquals(0, result.exitCode(), result.output());
    return result.output();
  }

  private static List<String> stored(String id, long tick) {
    return QuarkusTransaction.requiringNew().call(() -> ScenarioCheckResult.ofTick(id, tick))
        .stream().map(r -> r.checkName + " " + r.status + " " + r.reason).toList();
  }
}
