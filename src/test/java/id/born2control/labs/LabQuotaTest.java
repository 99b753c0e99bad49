package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-trainee and global limits, the start rate limit (per team for team labs) and a burst of 200
 * starts.
 */
@QuarkusTest
@TestProfile(LabQuotaTest.SmallHost.class)
@Tag("docker")
class LabQuotaTest {

  /** A host with room for 12 labs and at most 3 starts per trainee per minute. */
  public static class SmallHost implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("b2c.labs.global-limit", "12", "b2c.labs.start-rate", "3",
          "b2c.labs.per-trainee-limit", "2");
    }
  }

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
  @TestSecurity(user = "quota-greedy", roles = {"trainee", "instructor"})
  void shouldRefuseThirdConcurrentLabWith429() {
    String a = given().contentType("application/json").post("/api/labs/labt-web").then().statusCode(202)
        .extract().jsonPath().getString("id");
    String b = given().contentType("application/json").post("/api/labs/labt-ws").then().statusCode(202)
        .extract().jsonPath().getString("id");
    given().contentType("application/json").post("/api/labs/labt-crash").then().statusCode(429)
        .contentType("application/problem+json")
        .body("title", equalTo("Too many labs"))
        .body("detail", org.hamcrest.Matchers.containsString("2 labs"));
    // Stopping one makes room again.
    given().contentType("application/json").delete("/api/labs/" + a).then().statusCode(200);
    TraineeRef me = identities.byUsername("quota-greedy").orElseThrow();
    LabTestSupport.await(labs, a, me.id(), LabState.STOPPED, Duration.ofMinutes(2));
    given().contentType("application/json").delete("/api/labs/" + b).then().statusCode(200);
  }

  @Test
  @TestSecurity(user = "quota-looper", roles = {"trainee", "instructor"})
  void shouldSlowDownTraineeStartingAndStoppingInALoop() {
    TraineeRef me = LabTestSupport.trainee(identities, "quota-looper");
    for (int i = 0; i < 3; i++) {
      String id = given().contentType("application/json").post("/api/labs/labt-web").then().statusCode(202)
          .extract().jsonPath().getString("id");
      given().contentType("application/json").delete("/api/labs/" + id).then().statusCode(200);
      LabTestSupport.await(labs, id, me.id(), LabState.STOPPED, Duration.ofMinutes(2));
    }
    given().contentType("application/json").post("/api/labs/labt-web").then().statusCode(429)
        .body("title", equalTo("Starting labs too quickly"))
        .header("Retry-After", notNullValue());
  }

  @Test
  void shouldCountTheStartRateOfATeamLabPerTeam() {
    LabTestSupport.TeamExercise team = LabTestSupport.teamExercise(
        "tq" + Long.toString(System.nanoTime(), 36), "labt-team");
    // Two members take turns: each starts twice at most, the team three times, then waits.
    for (String member : List.of("a1", "a2", "a1")) {
      String id = Api.as(team.user(member), team.cohort()).contentType("application/json")
          .post("/api/labs/labt-team").then().statusCode(202).extract().jsonPath().getString("id");
      Api.as(team.user(member), team.cohort()).delete("/api/labs/" + id).then().statusCode(200);
      LabTestSupport.await(labs, id, team.trainee(member).id(), LabState.STOPPED,
          Duration.ofMinutes(2));
    }
    Api.as(team.user("a2"), team.cohort()).contentType("application/json")
        .post("/api/labs/labt-team").then().statusCode(429)
        .body("title", equalTo("Starting labs too quickly"))
        .header("Retry-After", notNullValue());
    // The other team's rate is its own.
    String other = Api.as(team.user("b1"), team.cohort()).contentType("application/json")
        .post("/api/labs/labt-team").then().statusCode(202).extract().jsonPath().getString("id");
    Api.as(team.user("b1"), team.cohort()).delete("/api/labs/" + other).then().statusCode(200);
  }

  @Test
  void shouldGiveEachOf200SimultaneousTraineesALabOrAClearAnswer() throws Exception {
    var entry = LabTestSupport.entry(catalog, "labt-web");
    // Labs of the other tests of this class may still be stopping: start from an empty host.
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(LabInstance::countActive)
        > 0 && System.nanoTime() < deadline) {
      LabTestSupport.sleep(200);
    }
    List<TraineeRef> trainees = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      trainees.add(LabTestSupport.trainee(identities, "burst-" + i));
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    List<Future<String>> started = new ArrayList<>();
    for (TraineeRef t : trainees) {
      started.add(pool.submit(() -> {
        go.await();
        try {
          String id = labs.start(t, entry).lab().id();
          answers.merge("started", 1, Integer::sum);
          return id;
        } catch (LabException e) {
          answers.merge(e.status() + " " + e.problem(), 1, Integer::sum);
          return null;
        }
      }));
    }
    go.countDown();
    List<String> ids = new ArrayList<>();
    for (Future<String> f : started) {
      String id = f.get();
      if (id != null) {
        ids.add(id);
      }
    }
    pool.shutdown();
    // Exactly the host's capacity got labs; everyone else got the capacity answer.
    assertEquals(Map.of("started", 12, "503 lab-capacity", 188), answers);
    // And every admitted lab really starts (queued fairly behind the workers).
    for (String id : ids) {
      LabViews.LabView view = labs.get(id, 0, true);
      LabTestSupport.await(labs, id, view.traineeId(), LabState.RUNNING, Duration.ofMinutes(5));
    }
    // Counted among this run's containers only: the engine may hold other runs' labs.
    assertEquals(12, runningOfThisRun("labt-web").lines().count());
    for (String id : ids) {
      labs.stop(id, 0, true);
    }
    assertTrue(runningOfThisRun("labt-web").isEmpty());
  }

  private static String runningOfThisRun(String challenge) {
    return LabTestSupport.docker("ps", "-q", "--filter", "label=b2c.challenge=" + challenge,
        "--filter", "label=b2c.installation=" + LabTestSupport.installation());
  }
}
