package id.born2control.scoring;

import static id.born2control.scoring.Api.as;
import static id.born2control.scoring.Api.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Flag submissions over HTTP against the real database: each flag kind and each rule. */
@QuarkusTest
class SubmissionApiTest {

  @Inject
  CatalogService catalog;

  @Inject
  AgroalDataSource db;

  @Inject
  id.born2control.audit.AuditService audit;

  private static final String SUBMIT = "/api/challenges/%s/submissions";

  @Test
  @TestSecurity(user = "sub-static", roles = "trainee",
      attributes = @SecurityAttribute(key = "cohort", value = "cohort-a"))
  void shouldSolveWithStaticFlagAndKeepTheChallengeVersion() {
    TestChallenges.write(catalog, "t-static", TestChallenges.staticChallenge("t-static",
        "B2C{static}", null));
    given().contentType("application/json").body("{\"flag\":\"  B2C{static} \"}")
        .post(SUBMIT.formatted("t-static")).then().statusCode(200)
        .body("correct", equalTo(true)).body("status", equalTo("correct"))
        // 100 points and, as the first solver, a 10 % first-blood bonus.
        .body("points", equalTo(110));
    long version = catalog.find("t-static").orElseThrow().versionId();
    assertEquals(1, Api.count(db, "select count(*) from solve s join trainee t on t.id ="
        + " s.trainee_id where t.username = 'sub-static' and s.challenge_slug = 't-static'"
        + " and s.challenge_version_id = ?", version));
  }

  @Test
  @TestSecurity(user = "sub-wrong", roles = "trainee")
  void shouldAnswerWrongFlagAsAnAnswerAndStoreIt() {
    TestChallenges.write(catalog, "t-wrong", TestChallenges.staticChallenge("t-wrong",
        "B2C{right}", null));
    given().contentType("application/json").body("{\"flag\":\"B2C{guess}\"}")
        .post(SUBMIT.formatted("t-wrong")).then().statusCode(200)
        .body("correct", equalTo(false)).body("status", equalTo("wrong"))
        .body("points", equalTo(0));
    assertEquals(1, Api.count(db, "select count(*) from submission s join trainee t on t.id ="
        + " s.trainee_id where t.username = 'sub-wrong' and s.status = 'wrong'"
        + " and s.flag_preview = 'B2C{guess}' and not s.correct"));
  }

  @Test
  @TestSecurity(user = "sub-case", roles = "trainee")
  void shouldMatchCaseInsensitiveStaticFlag() {
    TestChallenges.write(catalog, "t-case", """
        name: "t-case"
        category: test
        description: "Case-insensitive flag."
        value: 50
        flags:
          - {type: static, content: "B2C{MiXeD}", data: case_insensitive}
        """);
    given().contentType("application/json").body("{\"flag\":\"b2c{mixed}\"}")
        .post(SUBMIT.formatted("t-case")).then().statusCode(200)
        .body("status", equalTo("correct"));
  }

  @Test
  @TestSecurity(user = "sub-regex", roles = "trainee")
  void shouldMatchRegexWholeAndSurviveHostilePattern() {
    TestChallenges.write(catalog, "t-regex", """
        name: "t-regex"
        category: test
        description: "A hostile pattern: catastrophic backtracking for a backtracking engine."
        value: 50
        flags:
          - {type: regex, content: "(a+)+$"}
        """);
    // 511 a's and a b: a backtracking engine would try ~2^511 paths; RE2/J answers at once.
    submit(given(), "t-regex", "a".repeat(511) + "b").statusCode(200)
        .body("status", equalTo("wrong"));
    submit(given(), "t-regex", "xaaa").statusCode(200).body("status", equalTo("wrong"));
    submit(given(), "t-regex", "aaaa").statusCode(200).body("status", equalTo("correct"));
  }

  @Test
  @TestSecurity(user = "sub-twice", roles = "trainee")
  void shouldAnswerAlreadySolvedWithoutSecondSolve() {
    TestChallenges.write(catalog, "t-twice", TestChallenges.staticChallenge("t-twice",
        "B2C{twice}", null));
    submit(given(), "t-twice", "B2C{twice}").statusCode(200).body("status", equalTo("correct"));
    submit(given(), "t-twice", "B2C{twice}").statusCode(200)
        .body("status", equalTo("already_solved")).body("correct", equalTo(false));
    submit(given(), "t-twice", "B2C{nope}").statusCode(200)
        .body("status", equalTo("already_solved"));
    assertEquals(1, Api.count(db, "select count(*) from solve where challenge_slug = 't-twice'"));
    assertEquals(3, Api.count(db,
        "select count(*) from submission where challenge_slug = 't-twice'"));
  }

  @Test
  @TestSecurity(user = "sub-reqs", roles = "trainee")
  void shouldRefuseUntilPrerequisitesAreSolved() {
    TestChallenges.write(catalog, "t-first", TestChallenges.staticChallenge("t-first",
        "B2C{first}", null));
    TestChallenges.write(catalog, "t-second", TestChallenges.staticChallenge("t-second",
        "B2C{second}", "requirements: [t-first]"));
    submit(given(), "t-second", "B2C{second}").statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:born2control:problem:requirements-not-met"))
        .body("errors", hasItem("t-first"));
    assertEquals(0, Api.count(db,
        "select count(*) from submission where challenge_slug = 't-second'"));
    submit(given(), "t-first", "B2C{first}").statusCode(200).body("status", equalTo("correct"));
    submit(given(), "t-second", "B2C{second}").statusCode(200)
        .body("status", equalTo("correct"));
  }

  @Test
  @TestSecurity(user = "sub-hidden", roles = "trainee")
  void shouldAnswerNotFoundForHiddenAndUnknownChallenges() {
    TestChallenges.write(catalog, "t-hidden", TestChallenges.staticChallenge("t-hidden",
        "B2C{hidden}", "state: hidden"));
    submit(given(), "t-hidden", "B2C{hidden}").statusCode(404)
        .body("type", equalTo("urn:born2control:problem:challenge-not-found"));
    submit(given(), "no-such-challenge", "B2C{x}").statusCode(404);
    assertEquals(0, Api.count(db,
        "select count(*) from submission where challenge_slug = 't-hidden'"));
  }

  @Test
  @TestSecurity(user = "sub-attempts", roles = "trainee")
  void shouldStopAfterAttemptsLimit() {
    TestChallenges.write(catalog, "t-attempts", TestChallenges.staticChallenge("t-attempts",
        "B2C{limited}", "attempts: 2"));
    submit(given(), "t-attempts", "B2C{1}").statusCode(200)
        .body("message", containsString("1 of 2 attempts left"));
    submit(given(), "t-attempts", "B2C{2}").statusCode(200).body("status", equalTo("wrong"));
    // Even the right flag is refused now: the limit is on tries, not on wrong answers only.
    submit(given(), "t-attempts", "B2C{limited}").statusCode(403)
        .body("type", equalTo("urn:born2control:problem:attempts-exhausted"));
  }

  @Test
  @TestSecurity(user = "sub-rate", roles = "trainee")
  void shouldRateLimitBruteForceWithRetryAfter() {
    TestChallenges.write(catalog, "t-rate", TestChallenges.staticChallenge("t-rate",
        "B2C{rate}", null));
    // 10 at once are allowed, then one a second: guessing fast soon meets a 429. The loop is
    // bounded; on a slow machine a few tokens come back while it runs.
    int accepted = 0;
    io.restassured.response.ExtractableResponse<?> refused = null;
    for (int i = 0; i < 40 && refused == null; i++) {
      var answer = submit(given(), "t-rate", "B2C{guess-" + i + "}").extract();
      if (answer.statusCode() == 429) {
        refused = answer;
      } else {
        assertEquals(200, answer.statusCode());
        accepted++;
      }
    }
    assertTrue(refused != null, "no 429 after " + accepted + " fast guesses");
    assertTrue(accepted >= 10, "the burst of 10 is allowed: " + accepted);
    assertTrue(refused.header("Retry-After").matches("[1-9][0-9]*"));
    assertEquals("urn:born2control:problem:rate-limited", refused.path("type"));
    assertEquals("application/problem+json", refused.contentType());
    // Refused submissions are not stored; every accepted one is.
    assertEquals(accepted, Api.count(db,
        "select count(*) from submission where challenge_slug = 't-rate'"));
  }

  @Test
  @TestSecurity(user = "sub-malformed", roles = "trainee")
  void shouldRejectMalformedOversizedAndTooLongInput() {
    TestChallenges.write(catalog, "t-malformed", TestChallenges.staticChallenge("t-malformed",
        "B2C{m}", null));
    String url = SUBMIT.formatted("t-malformed");
    given().contentType("application/json").body("B2C{m}").post(url).then().statusCode(400)
        .body("type", equalTo("urn:born2control:problem:malformed-submission"));
    given().contentType("application/json").body("{\"flag\": 5}").post(url).then()
        .statusCode(400).body("detail", containsString("must be a string"));
    given().contentType("application/json").body("{}").post(url).then().statusCode(400)
        .body("detail", containsString("missing"));
    given().contentType("application/json").body("{\"flag\":\"" + "x".repeat(513) + "\"}")
        .post(url).then().statusCode(400)
        .body("type", equalTo("urn:born2control:problem:flag-too-long"));
    given().contentType("application/json").body("{\"flag\":\"" + "x".repeat(5000) + "\"}")
        .post(url).then().statusCode(413)
        .body("type", equalTo("urn:born2control:problem:submission-too-large"));
    assertEquals(0, Api.count(db,
        "select count(*) from submission where challenge_slug = 't-malformed'"));
  }

  @Test
  void shouldRequireSignInToSubmit() {
    TestChallenges.write(catalog, "t-anon", TestChallenges.staticChallenge("t-anon",
        "B2C{anon}", null));
    submit(given(), "t-anon", "B2C{anon}").statusCode(401);
  }

  @Test
  @TestSecurity(user = "sub-all", roles = "trainee")
  void shouldRequireEveryFlagWhenLogicIsAll() {
    TestChallenges.write(catalog, "t-all", """
        name: "t-all"
        category: test
        description: "Two flags, both needed."
        value: 100
        logic: all
        flags:
          - "B2C{one}"
          - {type: regex, content: "B2C\\\\{two-[0-9]+\\\\}"}
        """);
    submit(given(), "t-all", "B2C{one}").statusCode(200)
        .body("correct", equalTo(true)).body("status", equalTo("partial"))
        .body("message", containsString("1 of 2"));
    submit(given(), "t-all", "B2C{one}").statusCode(200).body("status", equalTo("partial"));
    submit(given(), "t-all", "B2C{two-42}").statusCode(200).body("status", equalTo("correct"));
    assertEquals(1, Api.count(db, "select count(*) from solve where challenge_slug = 't-all'"));
  }

  @Test
  void shouldRecordExactlyOneSolveUnderConcurrentCorrectSubmissions() throws Exception {
    TestChallenges.write(catalog, "t-race", TestChallenges.staticChallenge("t-race",
        "B2C{race}", null));
    // Provision the trainee first: parallel first sign-ins are the identity feature's concern.
    as("sub-race", null).get("/api/me/score").then().statusCode(200);
    int parallel = 10; // the burst the rate limit allows
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        Callable<String> call = () -> {
          start.await();
          return submit(as("sub-race", null), "t-race", "B2C{race}").statusCode(200)
              .extract().path("status");
        };
        answers.add(pool.submit(call));
      }
      start.countDown();
      List<String> statuses = new ArrayList<>();
      for (Future<String> answer : answers) {
        statuses.add(answer.get());
      }
      assertEquals(1, statuses.stream().filter("correct"::equals).count(), statuses.toString());
      assertEquals(parallel - 1, statuses.stream().filter("already_solved"::equals).count());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, Api.count(db, "select count(*) from solve where challenge_slug = 't-race'"));
    assertEquals(parallel, Api.count(db,
        "select count(*) from submission where challenge_slug = 't-race'"));
  }

  @Test
  void shouldCountSolveOfHiddenTraineeNowhere() {
    TestChallenges.write(catalog, "t-ranked", TestChallenges.staticChallenge("t-ranked",
        "B2C{ranked}", null));
    as("sub-hidden-one", null).get("/api/me/score").then().statusCode(200);
    Api.withRoles("sub-instructor", "instructor").contentType("application/json")
        .body("{\"hidden\":true,\"banned\":false}")
        .put("/api/admin/trainees/sub-hidden-one/status").then().statusCode(200)
        .body("hidden", equalTo(true));
    submit(as("sub-hidden-one", null), "t-ranked", "B2C{ranked}").statusCode(200)
        .body("status", equalTo("correct"))
        // no first blood for a trainee who is not ranked
        .body("points", equalTo(100));
    given().get("/api/challenges/t-ranked").then().statusCode(200).body("solves", equalTo(0));
    submit(as("sub-ranked-one", null), "t-ranked", "B2C{ranked}").statusCode(200)
        .body("points", equalTo(110));
    given().get("/api/challenges/t-ranked").then().statusCode(200).body("solves", equalTo(1));
    audit.seal();
    assertTrue(Api.count(db, "select count(*) from audit_log where action = 'trainee.status'"
        + " and subject = 'trainee:sub-hidden-one'") == 1);
  }

  @Test
  void shouldRefuseEveryActionOfABannedTrainee() {
    TestChallenges.write(catalog, "t-banned", TestChallenges.staticChallenge("t-banned",
        "B2C{banned}", null));
    as("sub-banned-one", null).get("/api/me/score").then().statusCode(200);
    Api.withRoles("sub-instructor", "instructor").contentType("application/json")
        .body("{\"hidden\":false,\"banned\":true}")
        .put("/api/admin/trainees/sub-banned-one/status").then().statusCode(200);
    // Still allowed to look, no longer to act: submit, unlock a hint, start a lab.
    as("sub-banned-one", null).get("/api/me/score").then().statusCode(200);
    submit(as("sub-banned-one", null), "t-banned", "B2C{banned}").statusCode(403)
        .body("type", equalTo("urn:born2control:problem:banned"));
    as("sub-banned-one", null).contentType("application/json")
        .post("/api/challenges/t-banned/hints/0/unlock").then().statusCode(403)
        .body("type", equalTo("urn:born2control:problem:banned"));
    as("sub-banned-one", null).contentType("application/json").post("/api/labs/t-banned")
        .then().statusCode(403).body("type", equalTo("urn:born2control:problem:banned"));
    assertEquals(0, Api.count(db, "select count(*) from submission where challenge_slug ="
        + " 't-banned'"));
    // Another trainee is not affected.
    submit(as("sub-unbanned-one", null), "t-banned", "B2C{banned}").statusCode(200)
        .body("status", equalTo("correct"));
  }
}
