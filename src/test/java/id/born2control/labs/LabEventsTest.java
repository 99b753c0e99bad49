package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The state transitions of my labs are pushed as server-sent events. */
@QuarkusTest
@Tag("docker")
class LabEventsTest {

  @Inject CatalogService catalog;

  @TestHTTPResource("/api/labs/events")
  URI events;

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
  @TestSecurity(user = "events-eve", roles = {"trainee", "instructor"})
  void shouldPushEveryTransitionOfMyLab() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    var stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(events)
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> {
      try (Stream<String> body = stream.get().body()) {
        body.forEach(lines::add);
      } catch (Exception ended) {
        // the stream ends with the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    LabTestSupport.sleep(1000);
    String id = given().contentType("application/json").post("/api/labs/labt-web").then().statusCode(202)
        .extract().jsonPath().getString("id");
    waitFor(lines, id, "RUNNING");
    given().contentType("application/json").delete("/api/labs/" + id).then().statusCode(200);
    waitFor(lines, id, "STOPPED");
    String all = String.join("\n", lines);
    // Stored transitions arrive in order: provisioning, starting, running, stopping, stopped.
    int p = all.indexOf("\"PROVISIONING\"");
    int s = all.indexOf("\"STARTING\"");
    int r = all.indexOf("\"RUNNING\"");
    int st = all.indexOf("\"STOPPING\"");
    int d = all.indexOf("\"STOPPED\"");
    assertTrue(p >= 0 && p < s && s < r && r < st && st < d, all);
    stream.cancel(true);
  }

  /** Waits (bounded) until {@code lines} of an event stream carry lab {@code id} in {@code state}. */
  static void waitFor(List<String> lines, String id, String state) {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (lines.stream().anyMatch(l -> l.contains(id) && l.contains("\"" + state + "\""))) {
        return;
      }
      LabTestSupport.sleep(100);
    }
    throw new AssertionError("no " + state + " event for " + id + ": " + lines);
  }
}
