package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseRequest;
import id.born2control.scoring.ExerciseService;
import id.born2control.scoring.ScoringService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Labs follow the rules flag submissions follow: a locked challenge's lab does not start, and
 * a defense check pays only while the challenge's exercise runs.
 */
@QuarkusTest
@Tag("docker")
class LabAccessTest {

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
  @TestSecurity(user = "lab-locked-out", roles = {"trainee", "instructor"})
  void shouldRefuseLabOfLockedChallenge() {
    // labt-locked requires labt-window, which this trainee has not solved.
    given().contentType("application/json").post("/api/labs/labt-locked").then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", endsWith("requirements-not-met"))
        .body("title", equalTo("Requirements not met"))
        .body("detail", containsString("labt-window"))
        .body("detail", containsString("starting the lab of 'labt-locked'"));
    given().get("/api/labs").then().statusCode(200)
        .body("findAll { it.challenge == 'labt-locked' }.size()", equalTo(0));
  }

  @Test
  void shouldPayNoDefensePointsOutsideTheExerciseWindow() {
    Instant now = Instant.now();
    String name = "labt-window-" + System.nanoTime();
    ExerciseRef exercise = exercises.create(new ExerciseRequest(name, now.minusSeconds(120),
        now.plusSeconds(600), null, List.of(), List.of("labt-window")), "test");
    try {
      TraineeRef trainee = LabTestSupport.trainee(identities, "lab-window-trainee");
      String id = LabTestSupport.startRunning(labs, catalog, identities, "lab-window-trainee",
          "labt-window");

      // The exercise ends while the lab runs: its check still holds, but pays nothing.
      exercises.update(exercise.id(), new ExerciseRequest(name, now.minusSeconds(120),
          Instant.now().minusSeconds(1), null, List.of(), List.of("labt-window")), "test");
      assertEquals(1, LabTestSupport.check(labs, id, trainee.id()).passed());
      assertEquals(0, defensePoints(trainee));

      // Open again, the same check pays (so the zero above is the window, not the check).
      exercises.update(exercise.id(), new ExerciseRequest(name, now.minusSeconds(120),
          Instant.now().plusSeconds(600), null, List.of(), List.of("labt-window")), "test");
      assertEquals(1, LabTestSupport.check(labs, id, trainee.id()).passed());
      assertEquals(7, defensePoints(trainee));
      labs.stop(id, trainee.id(), false);
    } finally {
      // Ended, so it never counts another test's points; labt-window is this test's alone.
      exercises.update(exercise.id(), new ExerciseRequest(name, now.minusSeconds(120),
          now.minusSeconds(60), null, List.of(), List.of("labt-window")), "test");
    }
  }

  private int defensePoints(TraineeRef trainee) {
    return scoring.score(trainee).adjustments().stream()
        .filter(a -> "labt-window".equals(a.challenge())).mapToInt(a -> a.points()).sum();
  }
}
