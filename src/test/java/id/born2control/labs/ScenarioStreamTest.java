package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every tick of a scenario lab is pushed as it is stored and scored ({@code labt-watch}: 5 s
 * ticks, an attacker that takes the web host's secret while it is served, a check that reports
 * the host compromised meanwhile): to the lab's own stream, which only its owner (or an
 * instructor) opens and which carries that lab's ticks alone, and to the staff's stream of the
 * challenge, behind the live wall.
 */
@QuarkusTest
@Tag("docker")
class ScenarioStreamTest {

  /** Longest wait for a pushed tick: a few 5 s ticks on a loaded machine. */
  private static final long WAIT_MILLIS = 90_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The owner's lab, shared by the tests (whichever runs first starts it). */
  private static String ownerLab;

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;

  @TestHTTPResource("/")
  URL base;

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
  @TestSecurity(user = "watch-owner", roles = "trainee")
  void shouldPushEachTickOfMyLabWithItsLightsAttacksAndScore() throws Exception {
    String id = ownerLab();
    try (Stream stream = new Stream("api/labs/" + id + "/scenario/events")) {
      // While the secret is served: the attack succeeds and the secret check says compromised.
      JsonNode attacked = stream.await(p -> light(p, "secret-kept").equals("compromised")
          && light(p, "web-up").equals("ok") && outcome(p).equals("succeeded")
          && p.path("score").isObject());
      assertEquals(id, attacked.at("/report/lab").asText());
      assertEquals("labt-watch", attacked.at("/report/challenge").asText());
      assertEquals("T1005", attacked.at("/report/adversary/0/technique").asText());
      // up 1, attacked -20, compromised -2 (labt-watch's points)
      assertEquals(-21, attacked.at("/score/total").asInt(), attacked.toString());
      assertTrue(attacked.at("/report/nextTickAt").isTextual());

      // The trainee fixes their host as they would from the terminal.
      LabTestSupport.docker("exec", LabTopology.containerName(id, "web"), "rm", "-f",
          "/www/secret.txt");
      JsonNode fixed = stream.await(p -> light(p, "secret-kept").equals("ok")
          && light(p, "web-up").equals("ok") && outcome(p).equals("stopped")
          && p.path("score").isObject());
      assertEquals(12, fixed.at("/score/total").asInt(), fixed.toString());

      // Ticks are pushed in the order they ran; what was pushed is what the panel reads.
      List<Long> ticks = stream.pushes.stream().map(p -> p.at("/report/tick").asLong())
          .toList();
      assertEquals(ticks.stream().sorted().toList(), ticks);
      JsonPath panel = given().get("/api/labs/" + id + "/scenario").then().statusCode(200)
          .extract().jsonPath();
      assertEquals(fixed.at("/score/total").asInt(), panel.getInt("ticks.find { it.tick == "
          + fixed.at("/report/tick").asLong() + " }.total"));
      // The adversary's output (the secret it took) is never pushed to the trainee.
      assertFalse(stream.pushes.toString().contains("payroll-2026"), stream.pushes.toString());
    }
  }

  @Test
  @TestSecurity(user = "watch-other", roles = "trainee")
  void shouldNeverCarryAnotherTraineesTicks() throws Exception {
    String victim = ownerLab();
    // Another trainee cannot open the owner's stream...
    given().header("Accept", "text/event-stream")
        .get("/api/labs/" + victim + "/scenario/events").then().statusCode(404);
    // ...and their own lab's stream carries their lab's ticks only, while the owner's lab
    // ticks all along.
    String mine = LabTestSupport.startRunning(labs, catalog, identities, "watch-other",
        "labt-watch");
    try (Stream stream = new Stream("api/labs/" + mine + "/scenario/events")) {
      stream.await(p -> p.at("/report/tick").asLong() >= 3);
      assertTrue(stream.pushes.stream().allMatch(p -> p.at("/report/lab").asText()
          .equals(mine)), stream.pushes.toString());
    } finally {
      labs.stop(mine, LabTestSupport.trainee(identities, "watch-other").id(), false);
    }
  }

  @Test
  @TestSecurity(user = "watch-official", roles = "official")
  void shouldShowTheLiveWallToOfficials() throws Exception {
    String id = ownerLab();
    try (Stream stream = new Stream("api/admin/scenarios/labt-watch/events")) {
      stream.await(p -> p.at("/report/lab").asText().equals(id));
    }
    // Once the attack succeeded against the owner, the heatmap counts them.
    long until = System.currentTimeMillis() + WAIT_MILLIS;
    JsonPath wall;
    do {
      wall = given().get("/api/admin/scenarios/labt-watch/wall").then().statusCode(200)
          .extract().jsonPath();
    } while (wall.getInt("heat.find { it.step == 'take-secret' }.succeeded") < 1
        && System.currentTimeMillis() < until && sleep());
    assertEquals(List.of("web-up", "secret-kept"), wall.getList("checks"));
    assertEquals(id, wall.getString("participants.find { it.username == 'watch-owner' }"
        + ".row.lab"));
    assertEquals(2, wall.getList("participants.find { it.username == 'watch-owner' }"
        + ".row.checks").size());
    assertTrue(wall.getInt("heat.find { it.step == 'take-secret' }.succeeded") >= 1,
        wall.prettify());
    assertEquals("T1005", wall.getString("heat.find { it.step == 'take-secret' }.technique"));
    given().get("/wall/labt-watch").then().statusCode(200)
        .body(org.hamcrest.Matchers.containsString("data-lab=\"" + id + "\""));
  }

  @Test
  @TestSecurity(user = "watch-trainee", roles = "trainee")
  void shouldRefuseTheWallAndItsStreamToTrainees() {
    given().get("/api/admin/scenarios/labt-watch/wall").then().statusCode(403);
    given().header("Accept", "text/event-stream")
        .get("/api/admin/scenarios/labt-watch/events").then().statusCode(403);
    given().get("/wall/labt-watch").then().statusCode(403);
  }

  @Test
  @TestSecurity(user = "watch-instructor", roles = "instructor")
  void shouldOpenAnyLabsTickStreamAndTheWallToInstructors() throws Exception {
    String id = ownerLab();
    try (Stream stream = new Stream("api/labs/" + id + "/scenario/events")) {
      stream.await(p -> p.at("/report/lab").asText().equals(id));
    }
    given().get("/wall").then().statusCode(200)
        .body(org.hamcrest.Matchers.containsString("/wall/labt-watch"));
  }

  private synchronized String ownerLab() {
    if (ownerLab == null) {
      ownerLab = LabTestSupport.startRunning(labs, catalog, identities, "watch-owner",
          "labt-watch");
    }
    return ownerLab;
  }

  private static String light(JsonNode push, String check) {
    for (JsonNode c : push.at("/report/checks")) {
      if (c.path("name").asText().equals(check)) {
        return c.path("status").asText();
      }
    }
    return "";
  }

  private static String outcome(JsonNode push) {
    return push.at("/report/adversary/0/outcome").asText();
  }

  private static boolean sleep() {
    LabTestSupport.sleep(500);
    return true;
  }

  /** A server-sent event stream read on its own thread: each data line parsed as a push. */
  private final class Stream implements AutoCloseable {

    final List<JsonNode> pushes = new CopyOnWriteArrayList<>();
    private final InputStream body;

    Stream(String path) throws Exception {
      HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest
          .newBuilder(base.toURI().resolve(path)).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      body = response.body();
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body,
            StandardCharsets.UTF_8))) {
          for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("data:")) {
              pushes.add(JSON.readTree(line.substring(5).trim()));
            }
          }
        } catch (Exception ended) {
          // the stream ends when the test closes it
        }
      }, "scenario-stream-test");
      reader.setDaemon(true);
      reader.start();
    }

    JsonNode await(Predicate<JsonNode> wanted) {
      long until = System.currentTimeMillis() + WAIT_MILLIS;
      while (System.currentTimeMillis() < until) {
        for (JsonNode push : pushes) {
          if (wanted.test(push)) {
            return push;
          }
        }
        LabTestSupport.sleep(200);
      }
      throw new AssertionError("no such push within " + WAIT_MILLIS + " ms: " + pushes);
    }

    @Override
    public void close() throws Exception {
      body.close();
    }
  }
}
