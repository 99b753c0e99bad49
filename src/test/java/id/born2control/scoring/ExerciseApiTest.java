package id.born2control.scoring;

import static id.born2control.scoring.Api.as;
import static id.born2control.scoring.Api.submit;
import static id.born2control.scoring.Api.withRoles;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import id.born2control.catalog.CatalogService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Exercises: attribution of submissions, closed challenges, freeze time, validation. */
@QuarkusTest
class ExerciseApiTest {

  @Inject
  CatalogService catalog;

  private static io.restassured.specification.RequestSpecification instructor() {
    return withRoles("exercise-instructor", "instructor").contentType("application/json");
  }

  private static String body(String name, Instant start, Instant end, Instant freeze,
      String cohorts, String challenges) {
    return """
        {"name": "%s", "startsAt": "%s", "endsAt": %s, "freezeAt": %s,
         "cohorts": %s, "challenges": %s}""".formatted(name, start,
        end == null ? "null" : "\"" + end + "\"", freeze == null ? "null" : "\"" + freeze + "\"",
        cohorts, challenges);
  }

  @Test
  void shouldListThePracticeExercise() {
    instructor().get("/api/admin/exercises").then().statusCode(200)
        .body("findAll { it.practice }.name", hasItem("practice"));
  }

  @Test
  void shouldAttributeSubmissionToRunningExerciseOfTheCohort() {
    TestChallenges.write(catalog, "t-ex-run", TestChallenges.staticChallenge("t-ex-run",
        "B2C{ex}", null));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int id = instructor().body(body("Red vs Blue 1", now.minus(1, ChronoUnit.HOURS),
            now.plus(1, ChronoUnit.HOURS), now.plus(30, ChronoUnit.MINUTES), "[\"cohort-ex\"]",
            "[\"t-ex-run\"]"))
        .post("/api/admin/exercises").then().statusCode(201)
        .body("freezeAt", equalTo(now.plus(30, ChronoUnit.MINUTES).toString()))
        .extract().path("id");
    submit(as("ex-in", "cohort-ex"), "t-ex-run", "B2C{ex}").statusCode(200)
        .body("status", equalTo("correct"));
    as("ex-in", "cohort-ex").get("/api/me/score").then().statusCode(200)
        .body("solves[0].exercise", equalTo(id));
    // The challenge is reserved to that exercise: another cohort cannot score it now.
    submit(as("ex-out", "cohort-other"), "t-ex-run", "B2C{ex}").statusCode(409)
        .body("type", equalTo("urn:born2control:problem:exercise-not-running"));
    instructor().get("/api/admin/exercises/" + id).then().statusCode(200)
        .body("cohorts", hasItem("cohort-ex")).body("practice", equalTo(false));
  }

  @Test
  void shouldRefuseChallengeOfExerciseNotStartedThenOpenItWhenMoved() {
    TestChallenges.write(catalog, "t-ex-later", TestChallenges.staticChallenge("t-ex-later",
        "B2C{later}", null));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int id = instructor().body(body("Later exercise", now.plus(1, ChronoUnit.DAYS), null, null,
            "[]", "[\"t-ex-later\"]"))
        .post("/api/admin/exercises").then().statusCode(201).extract().path("id");
    submit(as("ex-later", null), "t-ex-later", "B2C{later}").statusCode(409);
    instructor().body(body("Later exercise", now.minus(1, ChronoUnit.MINUTES), null, null, "[]",
            "[\"t-ex-later\"]"))
        .put("/api/admin/exercises/" + id).then().statusCode(200);
    submit(as("ex-later", null), "t-ex-later", "B2C{later}").statusCode(200)
        .body("status", equalTo("correct"));
  }

  @Test
  void shouldRejectInvalidExerciseWithEveryProblem() {
    Instant now = Instant.now();
    instructor().body(body("", now, now.minus(1, ChronoUnit.HOURS), null, "[]",
            "[\"no-such-challenge\"]"))
        .post("/api/admin/exercises").then().statusCode(400)
        .body("type", equalTo("urn:born2control:problem:invalid-exercise"))
        .body("errors", hasItem("name: required"))
        .body("errors", hasItem("endsAt: must be after startsAt"))
        .body("errors", hasItem("challenges: 'no-such-challenge' is not in the catalog"));
    instructor().get("/api/admin/exercises/999999").then().statusCode(404);
  }

  @Test
  void shouldKeepExercisesForInstructors() {
    as("ex-trainee", null).get("/api/admin/exercises").then().statusCode(403);
    io.restassured.RestAssured.given().get("/api/admin/exercises").then().statusCode(401);
    instructor().get("/api/admin/exercises").then().statusCode(200)
        .body("[0].id", notNullValue());
  }
}
