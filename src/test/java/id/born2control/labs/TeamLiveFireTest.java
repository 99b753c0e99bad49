package id.born2control.labs;

import static id.born2control.scoring.Api.withRoles;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.labs.LabTestSupport.TeamExercise;
import id.born2control.scoring.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A live-fire exercise played in teams (issues 18 and 19) on {@code labt-livefire}, in a cohort
 * of its own with teams Alpha and Bravo of two: the range seats the teams and starts one lab per
 * team (none per member) on the exercise's clock; both members of a team see the one lab and its
 * scenario; a member restarting the team's lab rejoins the clock on the team's seat; the ticks'
 * points are the team's (team adjustments, none to a member), and the team board rebuilt from
 * stored facts equals the live one. Another team's member sees nothing of the lab and no trainee
 * retries seats.
 */
@QuarkusTest
@Tag("docker")
class TeamLiveFireTest {

  private static final String SLUG = "labt-livefire";
  private static final int TICK = 5;
  /** Longest wait for one step of the exercise on a loaded machine. */
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String INSTRUCTOR = "teamfire-instructor";

  @Inject CatalogService catalog;
  @Inject LabService labs;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  private static RequestSpecification member(TeamExercise t, String member) {
    return Api.as(t.user(member), t.cohort()).contentType("application/json");
  }

  private static RequestSpecification instructor() {
    return withRoles(INSTRUCTOR, "instructor").contentType("application/json");
  }

  @Test
  void shouldRunATeamLiveFireWithOneLabPerTeamAndPayTheTeam() {
    TeamExercise t = LabTestSupport.teams("tf" + Long.toString(System.nanoTime(), 36));
    Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    long exercise = instructor().body(Map.of("name", "team fire " + t.tag(), "challenge", SLUG,
            "cohorts", List.of(t.cohort()), "startsAt", start.toString(),
            "endsAt", start.plusSeconds(900).toString(), "debriefSeconds", 5, "mode", "team"))
        .post("/api/admin/live-fires").then().statusCode(201).body("teams", equalTo(true))
        .extract().jsonPath().getLong("exercise");

    // One seat and one lab per team, named for the team; no member has a lab of their own.
    JsonPath ready = awaitProgress(exercise, p -> p.getInt("ready") == 2);
    assertEquals(2, ready.getInt("total"));
    assertEquals(Set.of(t.a().name(), t.b().name()),
        Set.copyOf(ready.<String>getList("seats.team")));
    assertEquals(List.of(), ready.getList("seats.findAll { it.traineeId != null }"));
    String alpha = lab(ready, t.a().id());
    String bravo = lab(ready, t.b().id());
    List<LabInstance> started = QuarkusTransaction.requiringNew().call(() -> LabInstance
        .<LabInstance>list("challengeSlug = ?1 and clockStart = ?2", SLUG, start));
    assertEquals(2, started.size(), started.stream().map(l -> l.instanceId).toList().toString());
    assertEquals(t.a().id(), row(alpha).teamId);
    assertEquals(t.b().id(), row(bravo).teamId);

    // Both members of Alpha see the one lab and its scenario; a member's start is that lab
    // (started through the service: the test challenge is hidden from trainees' lists).
    for (String m : List.of("a1", "a2")) {
      member(t, m).get("/api/labs/" + alpha + "/scenario").then().statusCode(200)
          .body("scenario.lab", equalTo(alpha));
      assertEquals(alpha, start(t, m));
    }

    // The ticks' points are Alpha's: team adjustments of kind scenario, none to its members.
    awaitTrue(() -> scenarioPoints("team_adjustment", "team_id", t.a().id()) != null,
        "no tick paid to team Alpha");
    assertNull(scenarioPoints("points_adjustment", "trainee_id", t.trainee("a1").id()));
    assertNull(scenarioPoints("points_adjustment", "trainee_id", t.trainee("a2").id()));

    // A member restarts the team's lab: the new one is the team's seat, on the same clock.
    labs.stop(alpha, t.trainee("a2").id(), false);
    String alpha2 = start(t, "a2");
    awaitProgress(exercise, p -> alpha2.equals(lab(p, t.a().id())) && p.getInt("ready") == 2);
    assertEquals(start, row(alpha2).clockStart);
    assertEquals(t.a().id(), row(alpha2).teamId);

    // Ended early: no tick after the end; the team board rebuilt equals the live one.
    Instant end = Instant.parse(instructor().post("/api/admin/live-fires/" + exercise + "/end")
        .then().statusCode(200).extract().jsonPath().getString("endsAt"));
    long last = (end.getEpochSecond() - start.getEpochSecond()) / TICK;
    for (String lab : List.of(alpha2, bravo)) {
      awaitTrue(() -> QuarkusTransaction.requiringNew().call(() ->
          ScenarioCheckResult.lastTick(lab)) == last && ticksScored(lab) == last,
          "the ticks of " + lab + " up to " + last + " not all stored and scored");
    }
    List<Object> live = teamBoard(exercise);
    Map<String, Long> scores = new HashMap<>();
    for (Object entry : live) {
      Map<?, ?> e = (Map<?, ?>) entry;
      scores.put(String.valueOf(e.get("username")), ((Number) e.get("score")).longValue());
    }
    assertEquals(scenarioPoints("team_adjustment", "team_id", t.a().id()),
        scores.get(t.a().name()), live.toString());
    official().contentType("application/json").post("/api/scoreboard/teams/rebuild").then()
        .statusCode(200);
    assertEquals(live, teamBoard(exercise));

    // After the debrief the range removes each team's lab.
    JsonPath done = awaitProgress(exercise, p -> "done".equals(p.getString("phase")));
    assertEquals(List.of("removed", "removed"), done.getList("seats.state"));
    for (String lab : List.of(alpha2, bravo)) {
      assertEquals(LabState.STOPPED, row(lab).state, lab);
    }
  }

  @Test
  void shouldShowATeamsLiveFireLabToNoOtherTeamAndLetOnlyStaffRetry() {
    TeamExercise t = LabTestSupport.teams("tg" + Long.toString(System.nanoTime(), 36));
    Instant start = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    long exercise = instructor().body(Map.of("name", "team fire " + t.tag(), "challenge", SLUG,
            "cohorts", List.of(t.cohort()), "startsAt", start.toString(),
            "endsAt", start.plusSeconds(900).toString(), "debriefSeconds", 0, "mode", "team"))
        .post("/api/admin/live-fires").then().statusCode(201).extract().jsonPath()
        .getLong("exercise");
    String alpha = lab(awaitProgress(exercise, p -> p.getInt("ready") == 2), t.a().id());

    // Bravo's member gets what a stranger gets for Alpha's lab: not found, no stream, no
    // terminal; nobody but staff reads a debrief.
    RequestSpecification bravo = member(t, "b1");
    bravo.get("/api/labs/" + alpha).then().statusCode(404);
    bravo.get("/api/labs/" + alpha + "/scenario").then().statusCode(404);
    bravo.get("/api/labs/" + alpha + "/scenario/events").then().statusCode(404);
    bravo.post("/api/labs/" + alpha + "/terminal/ticket").then().statusCode(404);
    bravo.get("/api/labs/" + alpha + "/debrief").then().statusCode(403);
    member(t, "a1").get("/api/labs/" + alpha + "/debrief").then().statusCode(403);
    bravo.delete("/api/labs/" + alpha).then().statusCode(404);
    assertEquals(LabState.RUNNING, row(alpha).state);
    // Bravo's member starting the challenge gets Bravo's lab, never Alpha's.
    String own = start(t, "b1");
    assertTrue(!alpha.equals(own), "Bravo's member was given Alpha's lab");

    // Seats are retried by staff only.
    String retry = "/api/admin/live-fires/" + exercise;
    bravo.post(retry + "/teams/" + t.a().id() + "/retry").then().statusCode(403);
    bravo.post(retry + "/seats/" + t.trainee("a1").id() + "/retry").then().statusCode(403);
    bravo.post(retry + "/retry").then().statusCode(403);
    bravo.get(retry).then().statusCode(403);
    // Staff may retry the team's seat (nothing failed: nothing restarts), not a member's: the
    // exercise seats teams.
    instructor().post(retry + "/teams/" + t.a().id() + "/retry").then().statusCode(200)
        .body("ready", equalTo(2));
    instructor().post(retry + "/seats/" + t.trainee("a1").id() + "/retry").then()
        .statusCode(404).contentType("application/problem+json");
    instructor().post(retry + "/end").then().statusCode(200);
    awaitProgress(exercise, p -> "done".equals(p.getString("phase")));
  }

  /** The lab {@code member}'s start of the challenge gives them. */
  private String start(TeamExercise t, String member) {
    return labs.start(t.trainee(member), LabTestSupport.entry(catalog, SLUG)).lab().id();
  }

  private static RequestSpecification official() {
    return withRoles("teamfire-official", "official");
  }

  private static List<Object> teamBoard(long exercise) {
    return official().queryParam("exercise", exercise).queryParam("live", "true")
        .queryParam("limit", 100).get("/api/scoreboard/teams").then().statusCode(200)
        .extract().jsonPath().getList("entries");
  }

  /** The sum of scenario points stored in {@code table} for one owner, null when none. */
  private static Long scenarioPoints(String table, String owner, long id) {
    return QuarkusTransaction.requiringNew().call(() -> {
      Object sum = LabInstance.getEntityManager().createNativeQuery("select sum(points) from "
          + table + " where kind = 'scenario' and " + owner + " = ?1").setParameter(1, id)
          .getSingleResult();
      return sum == null ? null : ((Number) sum).longValue();
    });
  }

  private static long ticksScored(String lab) {
    return QuarkusTransaction.requiringNew().call(() -> ((Number) LabInstance.getEntityManager()
        .createNativeQuery("select count(*) from scenario_tick_score where instance_id = ?1")
        .setParameter(1, lab).getSingleResult()).longValue());
  }

  private static String lab(JsonPath progress, long teamId) {
    return progress.getString("seats.find { it.teamId == " + teamId + " }.lab");
  }

  private static LabInstance row(String lab) {
    return QuarkusTransaction.requiringNew().call(() ->
        LabInstance.findByInstanceId(lab).orElseThrow());
  }

  private static void awaitTrue(Supplier<Boolean> condition, String failure) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      if (condition.get()) {
        return;
      }
      LabTestSupport.sleep(500);
    }
    throw new AssertionError(failure + " within " + WAIT);
  }

  private static JsonPath awaitProgress(long exercise, Predicate<JsonPath> wanted) {
    long until = System.nanoTime() + WAIT.toNanos();
    JsonPath progress = null;
    while (System.nanoTime() < until) {
      progress = instructor().get("/api/admin/live-fires/" + exercise).then().statusCode(200)
          .extract().jsonPath();
      if (wanted.test(progress)) {
        return progress;
      }
      LabTestSupport.sleep(200);
    }
    throw new AssertionError("live-fire exercise " + exercise + " not as expected: "
        + (progress == null ? "" : progress.prettify()));
  }
}
