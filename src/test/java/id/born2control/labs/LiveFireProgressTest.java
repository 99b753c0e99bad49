package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoreboard.SseClient;
import id.born2control.scoreboard.SseClient.Received;
import id.born2control.scoring.LiveFireRequest;
import id.born2control.scoring.LiveFireScheduling;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staff follow a live-fire exercise's progress on a pushed stream: the exercise once scheduled,
 * then each seat as it fails and as staff retry it, with the exercise's N of M counts fresh in
 * every push. Instructors and officials only. The exercise starts tomorrow, so the range's
 * runner leaves its seat alone and no lab is started: the changes are the test's own.
 */
@QuarkusTest
class LiveFireProgressTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longest wait for a push on a loaded machine (it follows the commit at once). */
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String EVENTS = "api/admin/live-fires/events";

  @Inject CatalogService catalog;
  @Inject IdentityService identities;
  @Inject LiveFireScheduling scheduling;

  @TestHTTPResource("/")
  URL base;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @Test
  @TestSecurity(user = "progress-instructor", roles = "instructor")
  void shouldPushEachSeatChangeOfALiveFireExerciseToStaff() throws Exception {
    String cohort = "lfp-" + System.nanoTime();
    TraineeRef trainee = identities.ensure(cohort + "-a", "A", cohort);
    try (SseClient stream = new SseClient(base.toURI().resolve(EVENTS), null)) {
      long exercise = schedule(cohort);
      JsonNode scheduled = json(stream.await(of(exercise, p -> p.path("total").asInt() == 0),
          WAIT));
      assertEquals("scheduled", scheduled.path("phase").asText());

      failSeat(exercise, trainee.id(), "the range could not start the lab");
      JsonNode failed = json(stream.await(of(exercise, p -> "failed".equals(seatState(p))),
          WAIT));
      assertEquals(1, failed.path("total").asInt());
      assertEquals(1, failed.path("failed").asInt());
      assertEquals(0, failed.path("ready").asInt());
      JsonNode seat = failed.path("seats").get(0);
      assertEquals(trainee.id(), seat.path("traineeId").asLong());
      assertEquals(cohort + "-a", seat.path("username").asText());
      assertEquals("the range could not start the lab", seat.path("reason").asText());

      // Staff retry it: the seat waits for the runner again, and no failure is left.
      given().contentType("application/json").post("/api/admin/live-fires/" + exercise
          + "/seats/" + trainee.id() + "/retry").then().statusCode(200);
      JsonNode retried = json(stream.await(of(exercise, p -> "waiting".equals(seatState(p))),
          WAIT));
      assertEquals(0, retried.path("failed").asInt());
      assertEquals(1, retried.path("waiting").asInt());
      assertEquals("retry asked by staff", retried.at("/seats/0/reason").asText());
    }
  }

  @Test
  @TestSecurity(user = "progress-official", roles = "official")
  void shouldPushTheProgressToOfficialsToo() throws Exception {
    String cohort = "lfp-o-" + System.nanoTime();
    TraineeRef trainee = identities.ensure(cohort + "-a", "A", cohort);
    long exercise = schedule(cohort);
    try (SseClient stream = new SseClient(base.toURI().resolve(EVENTS), null)) {
      failSeat(exercise, trainee.id(), "no room on the engine");
      stream.await(of(exercise, p -> "failed".equals(seatState(p))), WAIT);
    }
  }

  @Test
  @TestSecurity(user = "progress-trainee", roles = "trainee")
  void shouldRefuseTheProgressStreamToTrainees() {
    given().header("Accept", "text/event-stream").get("/" + EVENTS).then().statusCode(403);
  }

  @Test
  void shouldRefuseTheProgressStreamToAnonymousCallers() {
    given().header("Accept", "text/event-stream").get("/" + EVENTS).then().statusCode(401);
  }

  private long schedule(String cohort) {
    Instant start = Instant.now().plus(Duration.ofDays(1));
    return scheduling.schedule(new LiveFireRequest(cohort, "labt-progress", List.of(cohort),
        start, start.plusSeconds(3600), 0), "progress-test").exercise();
  }

  /** Seats a trainee whose lab failed to start, as the runner does. */
  private static void failSeat(long exercise, long trainee, String why) {
    QuarkusTransaction.requiringNew().run(() -> {
      LiveFireSeat seat = new LiveFireSeat();
      seat.exerciseId = exercise;
      seat.traineeId = trainee;
      seat.persist();
      seat.attempts = 1;
      seat.moveTo(LiveFireSeat.SeatState.FAILED, why);
    });
  }

  private static Predicate<Received> of(long exercise, Predicate<JsonNode> wanted) {
    return r -> {
      JsonNode push = json(r);
      return push.path("exercise").asLong() == exercise && wanted.test(push);
    };
  }

  private static String seatState(JsonNode push) {
    return push.path("seats").size() == 1 ? push.at("/seats/0/state").asText() : "";
  }

  private static JsonNode json(Received received) {
    try {
      return JSON.readTree(received.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
