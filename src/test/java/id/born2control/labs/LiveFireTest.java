package id.born2control.labs;

import static id.born2control.scoring.Api.withRoles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A live-fire exercise of three trainees on {@code labt-livefire} (labt-live's copy that only
 * this test's exercise reserves, 5 s ticks): the range starts their labs two at a time (the test
 * profile's {@code live-fire-concurrency}), lists the one it could not start with the reason and
 * starts it again when staff retry, runs every lab on the exercise's clock (late, restarted or
 * not), starts a killed checker host again with the ticks it missed not checked, stops the ticks
 * when staff end it early, keeps the labs for the debrief and then removes them; the board
 * rebuilt from stored facts equals the live one.
 */
@QuarkusTest
@Tag("docker")
class LiveFireTest {

  private static final int TICK = 5;
  /** Longest wait for one step of the exercise on a loaded machine. */
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String INSTRUCTOR = "livefire-instructor";

  @Inject CatalogService catalog;
  @Inject LabService labs;
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

  @Test
  void shouldRunALiveFireExerciseOnOneClockForEveryParticipant() {
    String cohort = "lf-" + System.nanoTime();
    TraineeRef first = identities.ensure(cohort + "-a", "A", cohort);
    TraineeRef second = identities.ensure(cohort + "-b", "B", cohort);
    TraineeRef blocked = identities.ensure(cohort + "-c", "C", cohort);
    // The third trainee already has two labs, the most one trainee may have: the range cannot
    // start their exercise lab, and says why.
    List<String> blockers = List.of(
        labs.start(blocked, LabTestSupport.entry(catalog, "labt-echo")).lab().id(),
        labs.start(blocked, LabTestSupport.entry(catalog, "labt-web")).lab().id());

    Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    // Planned long enough for the slowest machine; staff end it once every step below is seen.
    Instant plannedEnd = start.plusSeconds(900);
    long exercise = withRoles(INSTRUCTOR, "instructor").contentType("application/json")
        .body(Map.of("name", cohort, "challenge", "labt-livefire", "cohorts", List.of(cohort),
            "startsAt", start.toString(), "endsAt", plannedEnd.toString(), "debriefSeconds", 20))
        .post("/api/admin/live-fires").then().statusCode(201)
        .body("phase", Matchers.equalTo("scheduled")).extract().jsonPath().getLong("exercise");

    // Staggered: never more than two labs provisioning at once; the third participant's start
    // (which fails: they have two labs already) waits until one of the first two labs runs.
    List<JsonPath> seen = new ArrayList<>();
    JsonPath progress = awaitProgress(exercise, p -> {
      seen.add(p);
      return p.getInt("ready") == 2 && p.getInt("failed") == 1;
    });
    assertTrue(seen.stream().allMatch(p -> p.getInt("provisioning") <= 2), "more than two"
        + " labs provisioning at once");
    Instant firstRunning = List.of(first, second).stream()
        .map(t -> row(lab(progress, t)).startedAt).min(Instant::compareTo).orElseThrow();
    Instant thirdTried = Instant.parse(progress.getString("seats.find { it.traineeId == "
        + blocked.id() + " }.updatedAt"));
    assertTrue(!thirdTried.isBefore(firstRunning), "the third lab was tried at " + thirdTried
        + ", before either of the first two ran (" + firstRunning + ")");
    assertEquals(3, progress.getInt("total"));
    String reason = progress.getString("seats.find { it.traineeId == " + blocked.id()
        + " }.reason");
    assertTrue(reason.contains("2 labs"), reason);

    // Staff retry that one participant once the trainee freed a place: it joins late, after the
    // exercise's first tick ended (on a quick machine the retry could otherwise beat that tick).
    blockers.forEach(id -> labs.stop(id, blocked.id(), true));
    while (Instant.now().isBefore(start.plusSeconds(TICK + 1))) {
      LabTestSupport.sleep(200);
    }
    withRoles(INSTRUCTOR, "instructor").contentType("application/json")
        .post("/api/admin/live-fires/" + exercise + "/seats/"
        + blocked.id() + "/retry").then().statusCode(200);

    // Meanwhile (the exercise's clock runs on), the checker host of a running lab dies: started
    // again, the ticks it missed not checked.
    String labA = lab(progress, first);
    long before = awaitCheck(labA, r -> r.status == ServiceCheckStatus.OK).tick;
    String checker = LabTopology.containerName(labA, "checker");
    LabTestSupport.docker("kill", checker);
    ScenarioCheckResult missed = awaitCheck(labA, r -> r.tick > before
        && r.status == ServiceCheckStatus.NOT_CHECKED && r.reason.contains("checker host"));
    awaitCheck(labA, r -> r.tick > missed.tick && r.status == ServiceCheckStatus.OK);
    assertEquals("true", LabTestSupport.docker("inspect", "-f", "{{.State.Running}}", checker));

    JsonPath all = awaitProgress(exercise, p -> p.getInt("ready") == 3);
    assertEquals(labA, lab(all, first));
    String labB = lab(all, second);
    String labC = lab(all, blocked);

    // A trainee restarts their lab: the new one rejoins the exercise's clock.
    labs.stop(labB, second.id(), false);
    String labB2 = labs.start(second, LabTestSupport.entry(catalog, "labt-livefire")).lab().id();
    awaitProgress(exercise, p -> labB2.equals(lab(p, second)) && p.getInt("ready") == 3);
    ScenarioCheckResult rejoined = awaitCheck(labB2, r -> r.status != ServiceCheckStatus
        .NOT_CHECKED);
    assertTrue(rejoined.tick > 1, "a restarted lab starts its own clock again");

    // Staff end the exercise early: at the end of the running tick, for everyone and for its
    // points (the exercise's window ends there too); no tick after it; the labs stay for the
    // debrief. Ending it again is refused: it no longer runs.
    Instant end = Instant.parse(withRoles(INSTRUCTOR, "instructor")
        .contentType("application/json").post("/api/admin/live-fires/" + exercise + "/end")
        .then().statusCode(200).extract().jsonPath().getString("endsAt"));
    assertTrue(end.isBefore(plannedEnd) && end.isAfter(Instant.now().minusSeconds(1)), "ends at "
        + end);
    assertEquals(0, (end.getEpochSecond() - start.getEpochSecond()) % TICK, "a whole tick");
    assertEquals(end, Instant.parse(withRoles(INSTRUCTOR, "instructor")
        .get("/api/admin/exercises/" + exercise).then().statusCode(200).extract().jsonPath()
        .getString("endsAt")));
    awaitProgress(exercise, p -> "debrief".equals(p.getString("phase")));
    withRoles(INSTRUCTOR, "instructor").contentType("application/json")
        .post("/api/admin/live-fires/" + exercise + "/end").then().statusCode(409)
        .contentType("application/problem+json");
    long last = (end.getEpochSecond() - start.getEpochSecond()) / TICK;
    LabTestSupport.sleep(2 * TICK * 1000L);
    for (String lab : List.of(labA, labB2, labC)) {
      LabInstance row = row(lab);
      assertEquals(start, row.clockStart, lab);
      assertEquals(LabState.RUNNING, row.state, lab);
      assertEquals(last, QuarkusTransaction.requiringNew().call(() ->
          ScenarioCheckResult.lastTick(lab)), "the same last tick for " + lab);
      JsonPath panel = withRoles(INSTRUCTOR, "instructor").get("/api/labs/" + lab + "/scenario")
          .then().statusCode(200).extract().jsonPath();
      assertEquals(start, Instant.parse(panel.getString("scenario.clock.startedAt")));
      assertEquals(last, panel.getLong("scenario.clock.tick"));
      assertNull(panel.getString("scenario.clock.nextTickAt"));
    }
    // Ticks before a late lab ran are recorded, not checked, and its past steps never run.
    ScenarioCheckResult firstOfC = QuarkusTransaction.requiringNew().call(() ->
        ScenarioCheckResult.ofTick(labC, 1)).get(0);
    assertEquals(ServiceCheckStatus.NOT_CHECKED, firstOfC.status);
    assertEquals(ScenarioClock.MISSED, firstOfC.reason);
    assertTrue(QuarkusTransaction.requiringNew().call(() -> ScenarioStepRun.ofTick(labC, 1))
        .stream().allMatch(r -> r.outcome == AdversaryOutcome.NOT_RUN));
    // The tick the checker missed counts as not checked, not as the service down.
    assertEquals(ServiceCheckStatus.NOT_CHECKED, QuarkusTransaction.requiringNew().call(() ->
        ScenarioCheckResult.ofTick(labA, missed.tick)).get(0).status);

    // The board rebuilt from stored facts equals the live one (tick scores included).
    String board = "/api/scoreboard?cohort=" + cohort + "&live=true&limit=100";
    List<Object> live = withRoles("livefire-official", "official").get(board).then()
        .statusCode(200).extract().jsonPath().getList("entries");
    assertEquals(3, live.size(), live.toString());
    withRoles("livefire-official", "official").contentType("application/json")
        .post("/api/admin/scoreboard/rebuild").then()
        .statusCode(200);
    assertEquals(live, withRoles("livefire-official", "official").get(board).then()
        .statusCode(200).extract().jsonPath().getList("entries"));

    // After the debrief the range removes every participant's lab.
    JsonPath done = awaitProgress(exercise, p -> "done".equals(p.getString("phase")));
    assertEquals(List.of("removed", "removed", "removed"), done.getList("seats.state"));
    for (String lab : List.of(labA, labB2, labC)) {
      assertEquals(LabState.STOPPED, row(lab).state, lab);
      assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter",
          "label=" + DockerEngine.INSTANCE + "=" + lab));
    }
  }

  @Test
  void shouldRefuseALiveFireExerciseWithoutAScenarioOrCohortAndSayWhy() {
    Instant start = Instant.now().plusSeconds(3600);
    JsonPath refused = withRoles(INSTRUCTOR, "instructor").contentType("application/json")
        .body(Map.of("name", "lf-bad-" + System.nanoTime(), "challenge", "labt-echo",
            "cohorts", List.of(), "startsAt", start.toString(), "debriefSeconds", -1))
        .post("/api/admin/live-fires").then().statusCode(400)
        .contentType("application/problem+json").extract().jsonPath();
    List<String> errors = refused.getList("errors");
    assertTrue(errors.contains("challenge: 'labt-echo' has no lab with a scenario"),
        errors.toString());
    assertTrue(errors.contains("cohorts: at least one cohort"), errors.toString());
    assertTrue(errors.contains("endsAt: required"), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("debriefSeconds:")), errors.toString());
    withRoles(INSTRUCTOR, "instructor").contentType("application/json")
        .post("/api/admin/live-fires/987654321/retry").then()
        .statusCode(404).contentType("application/problem+json");
  }

  @Test
  void shouldNotLetATraineeScheduleOrRetryALiveFireExercise() {
    withRoles("livefire-trainee", "trainee").contentType("application/json")
        .body(Map.of("name", "lf-trainee", "challenge", "labt-livefire", "cohorts", List.of("x"),
            "startsAt", Instant.now().toString(),
            "endsAt", Instant.now().plusSeconds(60).toString()))
        .post("/api/admin/live-fires").then().statusCode(403);
    withRoles("livefire-trainee", "trainee").contentType("application/json")
        .post("/api/admin/live-fires/1/retry").then()
        .statusCode(403);
    withRoles("livefire-trainee", "trainee").contentType("application/json")
        .post("/api/admin/live-fires/1/end").then().statusCode(403);
    withRoles("livefire-trainee", "trainee").get("/api/admin/live-fires").then().statusCode(403);
  }

  private static String lab(JsonPath progress, TraineeRef trainee) {
    return progress.getString("seats.find { it.traineeId == " + trainee.id() + " }.lab");
  }

  private static LabInstance row(String lab) {
    return QuarkusTransaction.requiringNew().call(() ->
        LabInstance.findByInstanceId(lab).orElseThrow());
  }

  private static JsonPath awaitProgress(long exercise, Predicate<JsonPath> wanted) {
    long until = System.nanoTime() + WAIT.toNanos();
    JsonPath progress = null;
    while (System.nanoTime() < until) {
      progress = withRoles(INSTRUCTOR, "instructor").get("/api/admin/live-fires/" + exercise)
          .then().statusCode(200).extract().jsonPath();
      if (wanted.test(progress)) {
        return progress;
      }
      LabTestSupport.sleep(200);
    }
    throw new AssertionError("live-fire exercise " + exercise + " not as expected: "
        + (progress == null ? "" : progress.prettify()));
  }

  private static ScenarioCheckResult awaitCheck(String lab,
      Predicate<ScenarioCheckResult> wanted) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      for (ScenarioCheckResult r : QuarkusTransaction.requiringNew().call(() ->
          ScenarioCheckResult.<ScenarioCheckResult>list("instanceId = ?1 order by tick, id",
              lab))) {
        if (wanted.test(r)) {
          return r;
        }
      }
      LabTestSupport.sleep(500);
    }
    List<String> last = QuarkusTransaction.requiringNew().call(() -> ScenarioCheckResult
        .<ScenarioCheckResult>list("instanceId = ?1 order by tick desc, id desc", lab)).stream()
        .limit(5).map(r -> r.tick + " " + r.status + " " + r.reason).toList();
    throw new AssertionError("no such check result of " + lab + " (" + row(lab).state
        + ") within " + WAIT + "; the last ones: " + last);
  }
}
