package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseRequest;
import id.born2control.scoring.ExerciseService;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.ScoringService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scenario clock runs a lab's adversary and checks every tick on its own ({@code labt-live}:
 * 5 s ticks, an attacker that takes the web host's secret while it is served): the attack
 * succeeds until the trainee removes the secret in their host, is stopped after, and each tick
 * is scored and paid from what was stored.
 */
@QuarkusTest
@Tag("docker")
class ScenarioClockTest {

  /** Longest wait for a tick to be stored: a few 5 s ticks on a loaded machine. */
  private static final long WAIT_MILLIS = 60_000;
  /** One lab shared by the authorization tests, whichever runs first starts it. */
  private static String sharedLab;

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;
  @Inject ExerciseService exercises;
  @Inject ScoringService scoring;

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
  @TestSecurity(user = "live-trainee", roles = "trainee")
  void shouldStopTheAdversaryOnceTheTraineeFixesTheirHostAndScoreEveryTick() {
    Instant now = Instant.now();
    ExerciseRef exercise = exercises.create(new ExerciseRequest("labt-live-" + System.nanoTime(),
        now.minusSeconds(60), now.plusSeconds(900), null, List.of(), List.of("labt-live")),
        "test");
    String id = LabTestSupport.startRunning(labs, catalog, identities, "live-trainee",
        "labt-live");

    // Before the fix: the attacker takes the secret, the service is up.
    // (A run the attacker host missed under load is not run, neither outcome: skipped here.)
    ScenarioStepRun taken = awaitStep(id, r -> r.outcome != AdversaryOutcome.NOT_RUN);
    assertEquals(AdversaryOutcome.SUCCEEDED, taken.outcome, taken.output);
    assertTrue(taken.output.contains("payroll-2026"), taken.output);
    assertEquals("T1005", taken.technique);

    // The trainee is root on web and controls what the attacker reads: 100 KB served keep
    // 4 KiB stored, and the outcome still comes from the attacker's script alone.
    LabTestSupport.docker("exec", LabTopology.containerName(id, "web"), "sh", "-c",
        "head -c 100000 /dev/zero | tr '\\0' x > /www/secret.txt");
    ScenarioStepRun flooded = awaitStep(id, r -> r.output.startsWith("xxxx"));
    assertEquals(AdversaryOutcome.SUCCEEDED, flooded.outcome);
    assertEquals(AdversaryRun.OUTPUT_MAX, flooded.output.length());

    // The trainee fixes their host as they would from the terminal.
    LabTestSupport.docker("exec", LabTopology.containerName(id, "web"), "rm", "/www/secret.txt");
    ScenarioStepRun stopped = awaitStep(id, r -> r.outcome == AdversaryOutcome.STOPPED);
    ScenarioStepRun after = awaitStep(id, r -> r.tick > stopped.tick
        && r.outcome != AdversaryOutcome.NOT_RUN);
    assertEquals(AdversaryOutcome.STOPPED, after.outcome, after.output);
    List<ScenarioStepRun> runs = QuarkusTransaction.requiringNew()
        .call(() -> ScenarioStepRun.ofLab(id));
    runs.stream().filter(r -> r.tick < stopped.tick && r.outcome != AdversaryOutcome.NOT_RUN)
        .forEach(r ->
        assertEquals(AdversaryOutcome.SUCCEEDED, r.outcome, "tick " + r.tick + ": " + r.output));
    // Each tick was run its trainee's phase after it ended, never sooner: ticks are spread.
    LabInstance row = QuarkusTransaction.requiringNew().call(() ->
        LabInstance.findByInstanceId(id).orElseThrow());
    Duration phase = ScenarioSchedule.phase(row.participant(), 5);
    runs.stream().filter(r -> r.outcome != AdversaryOutcome.NOT_RUN).forEach(r -> assertFalse(
        r.ranAt.isBefore(ScenarioSchedule.tickEnd(row.clockOrigin(), 5, r.tick).plus(phase)),
        "tick " + r.tick + " ran at " + r.ranAt + ", before its end plus " + phase));
    // Each tick's score from what was stored: up and attacked -19, up and defended +11; paid
    // into the exercise as the trainee's points.
    JsonPath panel = awaitPanel(id, p -> p.getList("ticks.findAll { it.tick == "
        + after.tick + " }").size() == 1);
    // A tick's steps run before its checks; its score is stored last, after both.
    List<String> checked = QuarkusTransaction.requiringNew().call(() ->
        ScenarioCheckResult.ofTick(id, after.tick)).stream()
        .map(r -> r.checkName + " " + r.status).toList();
    assertEquals(List.of("web-up OK"), checked);
    assertEquals(-19, panel.getInt("ticks.find { it.tick == " + taken.tick + " }.total"));
    assertEquals(20, panel.getInt("ticks.find { it.tick == " + taken.tick + " }.attacked"));
    assertEquals(11, panel.getInt("ticks.find { it.tick == " + after.tick + " }.total"));
    assertTrue(panel.getBoolean("ticks.find { it.tick == " + after.tick + " }.paid"));
    assertEquals("ok", panel.getString("scenario.checks[0].status"));
    assertEquals("succeeded", panel.getString("scenario.adversary.find { it.tick == "
        + taken.tick + " }.outcome"));
    assertEquals("stopped", panel.getString("scenario.adversary.find { it.tick == "
        + after.tick + " }.outcome"));
    // The trainee sees what the scenario states, never the attacker's output.
    assertFalse(panel.prettify().contains("payroll-2026"));
    assertTrue(panel.getLong("scenario.clock.tick") >= after.tick);
    // The countdown runs to when the trainee's next tick is run (its end plus their phase).
    assertEquals(ScenarioSchedule.tickEnd(row.clockOrigin(), 5,
        panel.getLong("scenario.clock.tick") + 1).plus(phase),
        Instant.parse(panel.getString("scenario.clock.nextTickAt")));

    // Once the lab stops, no tick is paid any more: what the panel says was paid is what the
    // trainee's score holds and what a board rebuilt from stored facts counts.
    long trainee = LabTestSupport.trainee(identities, "live-trainee").id();
    labs.stop(id, trainee, false);
    JsonPath settled = awaitPanel(id, p -> paidTicks(p) == scenarioPoints(trainee));
    List<Map<String, Object>> paid = given().get("/api/me/score").then().statusCode(200)
        .extract().jsonPath().getList("adjustments.findAll { it.kind == 'scenario' }");
    assertFalse(paid.isEmpty());
    assertTrue(paid.stream().allMatch(a -> ((Number) a.get("exercise")).longValue()
        == exercise.id()), paid.toString());
    assertEquals(paidTicks(settled), paid.stream()
        .mapToInt(a -> ((Number) a.get("points")).intValue()).sum());
  }

  private static int paidTicks(JsonPath panel) {
    List<Integer> totals = panel.getList("ticks.findAll { it.paid }.total", Integer.class);
    return totals.stream().mapToInt(Integer::intValue).sum();
  }

  /** The trainee's scenario points as the board's rebuild reads them. */
  private int scenarioPoints(long trainee) {
    return scoring.facts().stream().filter(PointsAdjusted.class::isInstance)
        .map(PointsAdjusted.class::cast)
        .filter(p -> p.traineeId() == trainee && p.kind().equals("scenario"))
        .mapToInt(PointsAdjusted::points).sum();
  }

  @Test
  @TestSecurity(user = "live-late", roles = "trainee")
  void shouldRecordTicksTheRangeMissedAsNotCheckedAndScoreThemNothing() {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "live-late", "labt-live");
    // As if the range had been down for the lab's first minute: its clock is 60 s old.
    QuarkusTransaction.requiringNew().run(() -> LabInstance.findByInstanceId(id).orElseThrow()
        .startedAt = Instant.now().minusSeconds(60));
    JsonPath panel = awaitPanel(id, p -> p.getList("ticks").size() >= 12);
    for (long tick = 2; tick <= 10; tick++) {
      long t = tick;
      List<String> checked = QuarkusTransaction.requiringNew().call(() ->
          ScenarioCheckResult.ofTick(id, t)).stream()
          .map(r -> r.checkName + " " + r.status + " " + r.reason).toList();
      assertEquals(List.of("web-up NOT_CHECKED " + ScenarioClock.MISSED), checked);
      List<AdversaryOutcome> steps = QuarkusTransaction.requiringNew().call(() ->
          ScenarioStepRun.ofTick(id, t)).stream().map(r -> r.outcome).toList();
      assertEquals(List.of(AdversaryOutcome.NOT_RUN), steps);
      assertEquals(0, panel.getInt("ticks.find { it.tick == " + tick + " }.total"));
      assertFalse(panel.getBoolean("ticks.find { it.tick == " + tick + " }.paid"));
    }
    labs.stop(id, LabTestSupport.trainee(identities, "live-late").id(), false);
  }

  @Test
  @TestSecurity(user = "live-other", roles = "trainee")
  void shouldNotShowAScenarioToAnotherTrainee() {
    given().get("/api/labs/" + lab() + "/scenario").then().statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  @TestSecurity(user = "live-instructor", roles = "instructor")
  void shouldShowAnyLabsScenarioToInstructors() {
    given().get("/api/labs/" + lab() + "/scenario").then().statusCode(200);
  }

  private synchronized String lab() {
    if (sharedLab == null) {
      sharedLab = LabTestSupport.startRunning(labs, catalog, identities, "live-owner",
          "labt-live");
    }
    return sharedLab;
  }

  private static ScenarioStepRun awaitStep(String id, Predicate<ScenarioStepRun> wanted) {
    long until = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < until) {
      List<ScenarioStepRun> runs = QuarkusTransaction.requiringNew()
          .call(() -> ScenarioStepRun.ofLab(id));
      for (ScenarioStepRun run : runs) {
        if (wanted.test(run)) {
          return run;
        }
      }
      LabTestSupport.sleep(500);
    }
    throw new AssertionError("no such adversary step run of " + id + " within "
        + WAIT_MILLIS + " ms");
  }

  private static JsonPath awaitPanel(String id, Predicate<JsonPath> wanted) {
    long until = System.currentTimeMillis() + WAIT_MILLIS;
    JsonPath panel = null;
    while (System.currentTimeMillis() < until) {
      panel = given().get("/api/labs/" + id + "/scenario").then().statusCode(200)
          .extract().jsonPath();
      if (wanted.test(panel)) {
        return panel;
      }
      LabTestSupport.sleep(500);
    }
    throw new AssertionError("scenario panel of " + id + " not as expected: "
        + (panel == null ? "" : panel.prettify()));
  }
}
