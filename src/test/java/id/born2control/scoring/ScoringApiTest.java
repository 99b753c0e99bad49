package id.born2control.scoring;

import static id.born2control.scoring.Api.as;
import static id.born2control.scoring.Api.submit;
import static id.born2control.scoring.Api.withRoles;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.CatalogService;
import id.born2control.flags.FlagService;
import id.born2control.identity.IdentityService;
import id.born2control.labs.DefenseCheckPassed;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Points: first blood, dynamic decay, hints, defense checks, awards, flag sharing. */
@QuarkusTest
class ScoringApiTest {

  @Inject
  CatalogService catalog;

  @Inject
  ScoringService scoring;

  @Inject
  FlagService flags;

  @Inject
  IdentityService identity;

  @Inject
  Event<DefenseCheckPassed> defense;

  @Inject
  AgroalDataSource db;

  @Inject
  id.born2control.audit.AuditService audit;

  @Test
  void shouldGiveFirstBloodToTheFirstThreeSolvers() {
    TestChallenges.write(catalog, "t-blood", """
        name: "t-blood"
        category: test
        description: "First blood."
        value: 200
        flags: ["B2C{blood}"]
        """);
    // 10 %, 5 % and 2 % of 200 for the first three; nothing for the fourth.
    int[] expected = {220, 210, 204, 200};
    for (int i = 0; i < expected.length; i++) {
      submit(as("blood-" + i, null), "t-blood", "B2C{blood}").statusCode(200)
          .body("points", equalTo(expected[i]));
    }
    as("blood-0", null).get("/api/me/score").then().statusCode(200)
        .body("adjustments.kind", hasItem("first-blood"))
        .body("total", equalTo(220));
    as("blood-3", null).get("/api/me/score").then().statusCode(200)
        .body("adjustments.size()", equalTo(0)).body("total", equalTo(200));
    // The board's rebuild sees the same facts: four solves in order and three bonuses.
    List<Record> facts = scoring.facts();
    List<SolveRecorded> solves = facts.stream().filter(SolveRecorded.class::isInstance)
        .map(SolveRecorded.class::cast).filter(s -> s.slug().equals("t-blood")).toList();
    assertEquals(List.of(1, 2, 3, 4), solves.stream().map(SolveRecorded::position).toList());
    assertEquals(List.of(20, 10, 4), facts.stream().filter(PointsAdjusted.class::isInstance)
        .map(PointsAdjusted.class::cast)
        .filter(p -> p.kind().equals("first-blood") && p.reason().contains("t-blood"))
        .map(PointsAdjusted::points).toList());
  }

  @Test
  void shouldLowerEverySolversValueAsSolvesGrow() {
    TestChallenges.write(catalog, "t-dynamic", """
        name: "t-dynamic"
        category: test
        description: "Dynamic value."
        type: dynamic
        extra: {initial: 500, decay: 15, minimum: 100, function: logarithmic}
        flags: ["B2C{dyn}"]
        """);
    submit(as("dyn-0", null), "t-dynamic", "B2C{dyn}").statusCode(200)
        .body("points", equalTo(550));
    submit(as("dyn-1", null), "t-dynamic", "B2C{dyn}").statusCode(200)
        .body("points", equalTo(499 + 25));
    submit(as("dyn-2", null), "t-dynamic", "B2C{dyn}").statusCode(200)
        .body("points", equalTo(493 + 10));
    // After three solves every solver's solve is worth 493, the first one's too (as in CTFd).
    as("dyn-0", null).get("/api/me/score").then().statusCode(200)
        .body("solves[0].points", equalTo(493)).body("total", equalTo(493 + 50));
  }

  @Test
  @TestSecurity(user = "hint-user", roles = "trainee")
  void shouldChargeHintOnceAndHonourHintRequirements() {
    TestChallenges.write(catalog, "t-hints", """
        name: "t-hints"
        category: test
        description: "Hints."
        value: 100
        flags: ["B2C{hint}"]
        hints:
          - "A free hint."
          - {title: "Costly", content: "Look in the logs.", cost: 10}
          - {title: "Costlier", content: "Line 42.", cost: 5, requirements: [1]}
        """);
    String base = "/api/challenges/t-hints/hints/";
    io.restassured.RestAssured.given().get(base + "0").then().statusCode(200)
        .body("content", equalTo("A free hint."));
    io.restassured.RestAssured.given().get(base + "1").then().statusCode(403)
        .body("type", equalTo("urn:born2control:problem:hint-locked"));
    io.restassured.RestAssured.given().contentType("application/json").post(base + "2/unlock").then().statusCode(403)
        .body("type", equalTo("urn:born2control:problem:hint-requirements-not-met"));
    io.restassured.RestAssured.given().contentType("application/json").post(base + "1/unlock").then().statusCode(200)
        .body("content", equalTo("Look in the logs.")).body("charged", equalTo(true));
    io.restassured.RestAssured.given().contentType("application/json").post(base + "1/unlock").then().statusCode(200)
        .body("charged", equalTo(false));
    io.restassured.RestAssured.given().get(base + "1").then().statusCode(200)
        .body("content", equalTo("Look in the logs."));
    io.restassured.RestAssured.given().contentType("application/json").post(base + "2/unlock").then().statusCode(200)
        .body("content", equalTo("Line 42."));
    io.restassured.RestAssured.given().contentType("application/json").post(base + "7/unlock").then().statusCode(404)
        .body("type", equalTo("urn:born2control:problem:hint-not-found"));
    io.restassured.RestAssured.given().get("/api/me/score").then().statusCode(200)
        .body("total", equalTo(-15)).body("adjustments.size()", equalTo(2));
  }

  @Test
  void shouldGrantDefenseCheckPointsOncePerCheck() {
    as("defender", null).get("/api/me/score").then().statusCode(200);
    long id = identity.byUsername("defender").orElseThrow().id();
    Instant now = Instant.now();
    // The labs feature fires this inside the transaction that records the check result.
    for (int i = 0; i < 2; i++) {
      QuarkusTransaction.requiringNew().run(() -> defense.fire(
          new DefenseCheckPassed(id, null, "sqli-login", "login-patched", 150, "inst-d", now)));
    }
    QuarkusTransaction.requiringNew().run(() -> defense.fire(
        new DefenseCheckPassed(id, null, "sqli-login", "second-check", 20, "inst-d", now)));
    as("defender", null).get("/api/me/score").then().statusCode(200)
        .body("adjustments.kind", hasItem("defense")).body("total", equalTo(170));
  }

  @Test
  void shouldGrantAwardsAndPenaltiesToInstructorsOnly() {
    as("awarded", null).get("/api/me/score").then().statusCode(200);
    withRoles("award-instructor", "instructor").contentType("application/json")
        .body("{\"points\": 50, \"reason\": \"Helped the blue team\"}")
        .post("/api/admin/trainees/awarded/awards").then().statusCode(201)
        .body("kind", equalTo("award"));
    withRoles("award-instructor", "instructor").contentType("application/json")
        .body("{\"points\": -20, \"reason\": \"Attacked the range\"}")
        .post("/api/admin/trainees/awarded/awards").then().statusCode(201)
        .body("kind", equalTo("penalty"));
    withRoles("award-instructor", "instructor").contentType("application/json")
        .body("{\"points\": 10}")
        .post("/api/admin/trainees/awarded/awards").then().statusCode(400)
        .body("type", equalTo("urn:born2control:problem:invalid-award"));
    withRoles("award-instructor", "instructor").contentType("application/json")
        .body("{\"points\": 10, \"reason\": \"x\"}")
        .post("/api/admin/trainees/nobody-such/awards").then().statusCode(404);
    as("awarded", null).contentType("application/json")
        .body("{\"points\": 1000, \"reason\": \"me\"}")
        .post("/api/admin/trainees/awarded/awards").then().statusCode(403);
    as("awarded", null).get("/api/me/score").then().statusCode(200)
        .body("total", equalTo(30)).body("adjustments.reason", hasItem("Helped the blue team"));
    audit.seal();
    assertEquals(1, Api.count(db, "select count(*) from audit_log where action = 'score.award'"
        + " and subject = 'trainee:awarded' and actor = 'award-instructor'"));
  }

  @Test
  void shouldRejectSharedDynamicFlagAndRecordIncident() {
    TestChallenges.write(catalog, "t-lab", """
        name: "t-lab"
        category: test
        description: "A lab with a per-instance flag."
        value: 300
        lab:
          image: b2c/busybox:latest
          flag: {template: "B2C{lab_{{token}}}", env: FLAG}
        """);
    as("lab-owner", null).get("/api/me/score").then().statusCode(200);
    as("lab-copier", null).get("/api/me/score").then().statusCode(200);
    long owner = identity.byUsername("lab-owner").orElseThrow().id();
    String flag = flags.issue(owner, null, "t-lab", "inst-owner-1", "B2C{lab_{{token}}}");
    submit(as("lab-copier", null), "t-lab", flag).statusCode(200)
        .body("correct", equalTo(false)).body("status", equalTo("wrong"));
    withRoles("incident-official", "official").get("/api/admin/incidents?limit=1000").then()
        .statusCode(200)
        .body("findAll { it.submitter == 'lab-copier' }.owner", hasItem("lab-owner"))
        .body("findAll { it.submitter == 'lab-copier' }.challenge", hasItem("t-lab"))
        .body("findAll { it.submitter == 'lab-copier' }.instance", hasItem("inst-owner-1"));
    as("lab-copier", null).get("/api/admin/incidents").then().statusCode(403);
    // The owner's own flag solves it.
    submit(as("lab-owner", null), "t-lab", flag).statusCode(200)
        .body("status", equalTo("correct"));
    assertEquals(0, Api.count(db, "select count(*) from solve s join trainee t on t.id ="
        + " s.trainee_id where t.username = 'lab-copier'"));
  }

  @Test
  void shouldExplainMissingSignInOnMyScore() {
    io.restassured.RestAssured.given().get("/api/me/score").then().statusCode(401);
    // An official is not a trainee: no score of their own.
    withRoles("score-official", "official").get("/api/me/score").then().statusCode(403);
  }
}
