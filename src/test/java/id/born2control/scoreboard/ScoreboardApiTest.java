package id.born2control.scoreboard;

import static id.born2control.scoreboard.ScoreFixtures.eventually;
import static id.born2control.scoreboard.ScoreFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scoreboard API over real events, trainees and catalog: each test ranks in its own exercise
 * and cohorts so tests stay independent of each other and of their order.
 */
@QuarkusTest
class ScoreboardApiTest {

  static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

  @Inject
  ScoreFixtures fx;

  @Inject
  IdentityService identity;

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @Test
  void shouldRereadOnlyTraineesChangedSinceTheLastRead() {
    String cohort = unique("reread");
    TraineeRef unchanged = fx.trainee(unique("still"), "Still", cohort);
    TraineeRef moved = fx.trainee(unique("moved"), "Moved", cohort);
    Instant created = Instant.now();
    Instant lastRead = created.plusMillis(2);
    while (!Instant.now().isAfter(lastRead)) {
      Thread.onSpinWait(); // the read starts after both were stored, as a refresh does
    }
    fx.trainee(moved.username(), null, unique("moved-to"));
    List<String> changed = identity.changedSince(lastRead).stream()
        .map(TraineeRef::username).toList();
    assertTrue(changed.contains(moved.username()), changed.toString());
    assertFalse(changed.contains(unchanged.username()), changed.toString());
  }

  @Test
  void shouldRankByScoreThenWhoReachedItFirstAndPage() {
    long exercise = ScoreFixtures.id();
    String cohort = unique("c");
    TraineeRef late = fx.trainee(unique("late"), "Late", cohort);
    TraineeRef early = fx.trainee(unique("early"), "Early", cohort);
    TraineeRef top = fx.trainee(unique("top"), "Top", cohort);
    // log-forensics is worth 100, pcap-analysis 150 (standard challenges of the catalog)
    fx.solve(early, "log-forensics", exercise, T0.plusSeconds(60), 1);
    fx.solve(late, "log-forensics", exercise, T0.plusSeconds(120), 2);
    fx.solve(top, "pcap-analysis", exercise, T0.plusSeconds(180), 1);
    eventually(() -> given().queryParam("exercise", exercise).get("/api/scoreboard").then()
        .statusCode(200)
        .body("total", equalTo(3))
        .body("frozen", equalTo(false))
        .body("entries.username", contains(top.username(), early.username(), late.username()))
        .body("entries.rank", contains(1, 2, 3))
        .body("entries.score", contains(150, 100, 100))
        .body("entries[1].displayName", equalTo("Early"))
        .body("entries[1].cohort", equalTo(cohort))
        .body("entries[1].solves", equalTo(1))
        .body("entries[1].lastSolveAt", equalTo("2026-11-20T09:01:00Z")));
    // the second page of one entry is the tie's winner
    given().queryParam("exercise", exercise).queryParam("offset", 1).queryParam("limit", 1)
        .get("/api/scoreboard").then().statusCode(200)
        .body("total", equalTo(3)).body("offset", equalTo(1)).body("limit", equalTo(1))
        .body("entries.username", contains(early.username()));
    // a page past the end is empty, not an error
    given().queryParam("exercise", exercise).queryParam("offset", 10)
        .get("/api/scoreboard").then().statusCode(200).body("entries", hasSize(0));
  }

  @Test
  void shouldKeepBoardsPerCohortAndPerExercise() {
    long first = ScoreFixtures.id();
    long second = ScoreFixtures.id();
    String red = unique("red");
    String blue = unique("blue");
    TraineeRef r1 = fx.trainee(unique("r1"), null, red);
    TraineeRef r2 = fx.trainee(unique("r2"), null, red);
    TraineeRef b1 = fx.trainee(unique("b1"), null, blue);
    fx.solve(r1, "log-forensics", first, T0, 1);
    fx.solve(b1, "pcap-analysis", first, T0.plusSeconds(1), 1);
    fx.solve(r2, "weak-crypto", second, T0.plusSeconds(2), 1);
    fx.solve(r1, "quiz-incident-response", second, T0.plusSeconds(3), 2);
    eventually(() -> given().queryParam("cohort", red).get("/api/scoreboard").then()
        .statusCode(200).body("total", equalTo(2))
        .body("entries.username", contains(r2.username(), r1.username()))
        .body("entries.score", contains(150, 150)));
    given().queryParam("exercise", first).queryParam("cohort", red).get("/api/scoreboard")
        .then().statusCode(200).body("entries.username", contains(r1.username()))
        .body("entries.score", contains(100));
    given().queryParam("exercise", first).get("/api/scoreboard").then().statusCode(200)
        .body("entries.username", contains(b1.username(), r1.username()));
    given().queryParam("exercise", second).queryParam("cohort", blue).get("/api/scoreboard")
        .then().statusCode(200).body("total", equalTo(0));
    // the overall board holds every exercise: r1 has 100 + 50
    given().queryParam("cohort", red).queryParam("limit", 100).get("/api/scoreboard").then()
        .body("entries.find { it.username == '" + r1.username() + "' }.solves", equalTo(2));
  }

  @Test
  void shouldLowerEarlierSolversWhenALaterSolveDecaysTheValue() {
    long exercise = ScoreFixtures.id();
    String cohort = unique("dyn");
    TraineeRef a = fx.trainee(unique("a"), null, cohort);
    TraineeRef b = fx.trainee(unique("b"), null, cohort);
    TraineeRef c = fx.trainee(unique("c"), null, cohort);
    // privesc-cron: dynamic, logarithmic, initial 400, decay 15, minimum 100
    fx.solve(a, "privesc-cron", exercise, T0, 1);
    eventually(() -> given().queryParam("exercise", exercise).get("/api/scoreboard").then()
        .body("entries.score", contains(400)));
    fx.solve(b, "privesc-cron", exercise, T0.plusSeconds(60), 2);
    fx.solve(c, "privesc-cron", exercise, T0.plusSeconds(120), 3);
    // ceil((100 - 400) / 15^2 * 2^2 + 400) = 395, held by all three solvers
    eventually(() -> given().queryParam("exercise", exercise).get("/api/scoreboard").then()
        .body("entries.score", contains(395, 395, 395))
        .body("entries.username", contains(a.username(), b.username(), c.username())));
  }

  @Test
  void shouldRejectBadParametersNamingThem() {
    for (String[] bad : new String[][] {{"offset", "-1"}, {"offset", "x"}, {"limit", "0"},
        {"limit", "ten"}, {"exercise", "abc"}, {"exercise", "0"}, {"live", "maybe"}}) {
      given().queryParam(bad[0], bad[1]).get("/api/scoreboard").then().statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:born2control:problem:invalid-parameter"))
          .body("detail", containsString("'" + bad[0] + "'"));
    }
    given().queryParam("top", "0").get("/api/scoreboard/timeline").then().statusCode(400)
        .body("detail", containsString("'top'"));
    given().queryParam("exercise", Long.MAX_VALUE).get("/api/scoreboard").then().statusCode(404)
        .body("type", equalTo("urn:born2control:problem:exercise-not-found"));
    // a limit above the largest page is capped, not refused
    given().queryParam("limit", 1000).get("/api/scoreboard").then().statusCode(200)
        .body("limit", equalTo(100));
  }

  @Test
  void shouldServePublicPagesAsTheResourceWithItsHeadersAndMetrics() {
    long exercise = ScoreFixtures.id();
    TraineeRef solver = fx.trainee(unique("page"), "Page", unique("pg"));
    fx.solve(solver, "log-forensics", exercise, T0.plusSeconds(60), 1);
    eventually(() -> given().queryParam("exercise", exercise).queryParam("live", "FALSE")
        .accept("text/html,application/xhtml+xml,*/*;q=0.8").get("/api/scoreboard").then()
        .statusCode(200).contentType("application/json")
        .header("X-Content-Type-Options", "nosniff")
        .body("entries.username", contains(solver.username())));
    given().get("/api/scoreboard/teams").then().statusCode(200).contentType("application/json")
        .body("offset", equalTo(0)).body("limit", equalTo(50));
    // a client that takes no JSON is refused as by any JSON endpoint
    given().accept("text/csv").get("/api/scoreboard").then().statusCode(406);
    // the reads are counted under the endpoint's template, not as unmatched requests
    given().get(metrics).then().statusCode(200)
        .body(containsString("uri=\"/api/scoreboard\""))
        .body(containsString("uri=\"/api/scoreboard/teams\""));
  }

  @Test
  void shouldNotServeTheLiveBoardFromThePublicPathWhateverItsSpelling() {
    for (String live : List.of("TRUE", "True")) {
      given().queryParam("live", live).get("/api/scoreboard").then().statusCode(401);
      given().queryParam("live", live).get("/api/scoreboard/teams").then().statusCode(401);
    }
    // the first of repeated parameters counts, as for the resource
    given().get("/api/scoreboard?live=true&live=false").then().statusCode(401);
    given().get("/api/scoreboard/teams?limit=x").then().statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  @TestSecurity(user = "sb-official", roles = "official")
  void shouldFreezeThePublicBoardAndShowOfficialsTheLiveOne() {
    long exercise = ScoreFixtures.id();
    Instant freeze = Instant.now().minusSeconds(3600);
    fx.exercise(exercise, freeze);
    TraineeRef before = fx.trainee(unique("before"), null, unique("fz"));
    TraineeRef after = fx.trainee(unique("after"), null, unique("fz"));
    fx.solve(before, "log-forensics", exercise, freeze.minusSeconds(600), 1);
    fx.solve(after, "pcap-analysis", exercise, freeze.plusSeconds(600), 1);
    fx.points(before, exercise, 40, freeze.plusSeconds(700), "award");
    eventually(() -> given().queryParam("exercise", exercise).queryParam("live", true)
        .get("/api/scoreboard").then().statusCode(200)
        .body("frozen", equalTo(false))
        .body("entries.username", contains(after.username(), before.username()))
        .body("entries.score", contains(150, 140)));
    // the public board is the board as it stood at the freeze
    given().queryParam("exercise", exercise).get("/api/scoreboard").then().statusCode(200)
        .body("frozen", equalTo(true))
        .body("frozenAt", equalTo(freeze.toString()))
        .body("entries.username", contains(before.username()))
        .body("entries.score", contains(100));
    // the overall public board leaves out the frozen exercise's later share too
    given().queryParam("cohort", after.cohort()).get("/api/scoreboard").then()
        .body("total", equalTo(0)).body("frozen", equalTo(true));
    given().queryParam("cohort", before.cohort()).get("/api/scoreboard").then()
        .body("entries.score", contains(100));
  }

  @Test
  @TestSecurity(user = "sb-trainee", roles = "trainee")
  void shouldRefuseTheLiveBoardToTrainees() {
    given().queryParam("live", true).get("/api/scoreboard").then().statusCode(403)
        .body("type", equalTo("urn:born2control:problem:live-board-forbidden"));
    given().get("/api/scoreboard/export.csv").then().statusCode(403);
    given().get("/api/scoreboard/ctftime.json").then().statusCode(403);
  }

  @Test
  void shouldAskAnonymousVisitorsToSignInForLiveBoardsAndMe() {
    given().queryParam("live", true).get("/api/scoreboard").then().statusCode(401);
    given().get("/api/scoreboard/me").then().statusCode(401)
        .contentType("application/problem+json");
    given().get("/api/scoreboard/export.csv").then().statusCode(401);
  }

  @Test
  @TestSecurity(user = "sb-me-7", roles = "trainee",
      attributes = @SecurityAttribute(key = "cohort", value = "sb-me-cohort"))
  void shouldShowMyRankWithFiveNeighboursEachSide() {
    long exercise = ScoreFixtures.id();
    String mine = unique("sb-me");
    List<TraineeRef> ranked = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String name = i == 7 ? "sb-me-7" : unique("sb-me-n" + i);
      ranked.add(fx.trainee(name, null, i % 2 == 1 ? mine : unique("other")));
    }
    // one award each, decreasing: trainee i is rank i
    for (int i = 0; i < ranked.size(); i++) {
      fx.points(ranked.get(i), exercise, 1000 - i * 10, T0.plusSeconds(i), "award");
    }
    eventually(() -> given().queryParam("exercise", exercise).get("/api/scoreboard").then()
        .body("total", equalTo(12)));
    given().queryParam("exercise", exercise).get("/api/scoreboard/me").then().statusCode(200)
        .body("username", equalTo("sb-me-7"))
        .body("overall.rank", equalTo(7))
        .body("overall.score", equalTo(940))
        .body("overall.total", equalTo(12))
        .body("overall.neighbours.rank", contains(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
        .body("cohort", equalTo(mine))
        // my cohort holds the odd trainees 1, 3, 5, 7, 9, 11: I am fourth of six
        .body("inCohort.rank", equalTo(4))
        .body("inCohort.total", equalTo(6))
        .body("inCohort.neighbours.username", contains(ranked.get(0).username(),
            ranked.get(2).username(), ranked.get(4).username(), "sb-me-7",
            ranked.get(8).username(), ranked.get(10).username()));
  }

  @Test
  @TestSecurity(user = "sb-never-scored", roles = "trainee")
  void shouldAnswerMeForASignedInTraineeWithoutScore() {
    // signed in, never scored: not on the board, which is an answer, not an error
    given().get("/api/scoreboard/me").then().statusCode(200)
        .body("username", equalTo("sb-never-scored"))
        .body("overall.rank", org.hamcrest.Matchers.nullValue())
        .body("overall.neighbours", hasSize(0));
  }

  @Test
  void shouldDrawTheTimelineOfTheTopTrainees() {
    long exercise = ScoreFixtures.id();
    TraineeRef a = fx.trainee(unique("tl-a"), null, unique("tl"));
    TraineeRef b = fx.trainee(unique("tl-b"), null, unique("tl"));
    TraineeRef c = fx.trainee(unique("tl-c"), null, unique("tl"));
    fx.solve(a, "log-forensics", exercise, T0, 1);
    fx.solve(a, "pcap-analysis", exercise, T0.plusSeconds(60), 1);
    fx.solve(b, "weak-crypto", exercise, T0.plusSeconds(30), 1);
    fx.points(c, exercise, 10, T0.plusSeconds(90), "award");
    eventually(() -> given().queryParam("exercise", exercise).queryParam("top", 2)
        .get("/api/scoreboard/timeline").then().statusCode(200)
        .body("series", hasSize(2))
        .body("series[0].username", equalTo(a.username()))
        .body("series[0].points.score", contains(100, 250))
        .body("series[0].points.at", contains("2026-11-20T09:00:00Z", "2026-11-20T09:01:00Z"))
        .body("series[1].username", equalTo(b.username()))
        .body("series[1].points.score", contains(150)));
  }

  @Test
  @TestSecurity(user = "sb-official-export", roles = "official")
  void shouldExportTheBoardAsCsvAndCtfTimeFeed() {
    long exercise = ScoreFixtures.id();
    String cohort = unique("csv");
    TraineeRef quote = fx.trainee(unique("q"), "Smith, \"Agent\"", cohort);
    TraineeRef formula = fx.trainee(unique("f"), "=cmd", cohort);
    TraineeRef plain = fx.trainee(unique("p"), "Plain", cohort);
    fx.solve(quote, "pcap-analysis", exercise, T0, 1);
    fx.solve(formula, "log-forensics", exercise, T0.plusSeconds(5), 1);
    fx.points(plain, exercise, -20, T0.plusSeconds(9), "penalty");
    eventually(() -> given().queryParam("exercise", exercise).get("/api/scoreboard").then()
        .body("total", equalTo(3)));
    String csv = given().queryParam("exercise", exercise).get("/api/scoreboard/export.csv")
        .then().statusCode(200).contentType(containsString("text/csv"))
        .header("Content-Disposition", containsString(".csv")).extract().asString();
    assertEquals("rank,username,display_name,cohort,score,solves,last_solve_at\r\n"
        + "1," + quote.username() + ",\"Smith, \"\"Agent\"\"\"," + cohort
        + ",150,1,2026-11-20T09:00:00Z\r\n"
        + "2," + formula.username() + ",'=cmd," + cohort + ",100,1,2026-11-20T09:00:05Z\r\n"
        + "3," + plain.username() + ",Plain," + cohort + ",-20,0,\r\n", csv);
    String feed = given().queryParam("exercise", exercise).get("/api/scoreboard/ctftime.json")
        .then().statusCode(200).extract().asString();
    assertEquals("{\"standings\":[{\"pos\":1,\"team\":\"Smith, \\\"Agent\\\"\",\"score\":150},"
        + "{\"pos\":2,\"team\":\"=cmd\",\"score\":100},"
        + "{\"pos\":3,\"team\":\"Plain\",\"score\":-20}]}", feed);
  }

  @Test
  void shouldNotShowEntriesWithoutScoringFacts() {
    // a trainee that exists but never scored is not on any board
    TraineeRef idle = fx.trainee(unique("idle"), null, unique("idle"));
    given().queryParam("cohort", idle.cohort()).get("/api/scoreboard").then().statusCode(200)
        .body("total", equalTo(0))
        .body("entries.username", everyItem(not(equalTo(idle.username()))));
  }
}
