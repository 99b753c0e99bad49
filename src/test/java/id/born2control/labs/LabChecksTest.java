package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Defense checks a trainee cannot fake (root in the lab replacing every program a check could
 * use) and that cannot stall the range (many concurrent check requests on one lab).
 */
@QuarkusTest
@Tag("docker")
class LabChecksTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
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
  @TestSecurity(user = "check-cheater", roles = {"trainee", "instructor"})
  void shouldNotPassCheckWhenLabRootOverwritesScript() throws Exception {
    String id = given().contentType("application/json").post("/api/labs/labt-checks").then()
        .statusCode(202).extract().jsonPath().getString("id");
    TraineeRef me = identities.byUsername("check-cheater").orElseThrow();
    LabTestSupport.await(labs, id, me.id(), LabState.RUNNING, Duration.ofMinutes(3));
    String target = QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow()).targetContainer;

    // The attack, as root in the lab: the old check script, /bin/sh and busybox (every applet
    // links to it) all become "exit 0".
    LabBackend.ExecResult cheat = backend.exec(target, "0", List.of("/bin/busybox", "sh", "-c",
        "mkdir /k && cp /bin/busybox /k/busybox"
            + " && printf '#!/k/busybox sh\\nexit 0\\n' > /fake && chmod 755 /fake"
            + " && cp /fake /opt/checks/check.sh && rm /bin/sh /bin/busybox"
            + " && /k/busybox cp /fake /bin/sh && /k/busybox cp /fake /bin/busybox"),
        Duration.ofSeconds(10));
    assertEquals(0, cheat.exitCode(), cheat.output());
    // It fools anything that runs the lab's own files: the old way passed here.
    assertEquals(0, backend.exec(target, "0", List.of("/opt/checks/check.sh"),
        Duration.ofSeconds(10)).exitCode());
    assertEquals(0, backend.exec(target, "0", List.of("/bin/sh", "-c", "test -f /srv/defended"),
        Duration.ofSeconds(10)).exitCode());

    // The range's checks bring their own busybox and script: without the defense, all fail.
    JsonPath before = given().contentType("application/json").post("/api/labs/" + id + "/check")
        .then().statusCode(200).extract().jsonPath();
    assertEquals(0, before.getInt("passed"), before.prettify());
    assertEquals(3, before.getInt("total"));

    // The defense, put in place through the engine (the lab's tools are broken now): every
    // check sees it, from inside and from the probe.
    Path marker = Files.createTempFile("defended", ".html");
    Files.writeString(marker, "defended\n");
    LabTestSupport.docker("cp", marker.toString(), target + ":/srv/defended");
    LabTestSupport.docker("cp", marker.toString(), target + ":/www/defended.html");
    Files.delete(marker);
    given().contentType("application/json").post("/api/labs/" + id + "/check")
        .then().statusCode(200).body("passed", equalTo(3));
    // Nothing the checks copied in stays in the lab, and no probe is left on its network.
    assertEquals("", LabTestSupport.docker("exec", target, "/k/busybox", "sh", "-c",
        "ls -d /.b2c-check-* 2>/dev/null; true"));
    assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter", "label=b2c.instance=" + id,
        "--filter", "label=b2c.role=probe"));
    given().contentType("application/json").delete("/api/labs/" + id).then().statusCode(200);
  }

  @Test
  void shouldAnswerEveryConcurrentCheckWhileAnotherLabStarts() throws Exception {
    String stormer = "check-stormer";
    // Instructor too: the test labs are hidden challenges.
    String id = Api.withRoles(stormer, "trainee,instructor").contentType("application/json")
        .post("/api/labs/labt-web").then().statusCode(202).extract().jsonPath().getString("id");
    TraineeRef owner = identities.byUsername(stormer).orElseThrow();
    LabTestSupport.await(labs, id, owner.id(), LabState.RUNNING, Duration.ofMinutes(3));

    ExecutorService callers = Executors.newFixedThreadPool(64);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int n = 0; n < 200; n++) {
        answers.add(callers.submit(() -> Api.withRoles(stormer, "trainee,instructor")
            .contentType("application/json")
            .post("/api/labs/" + id + "/check").then().extract().statusCode()));
      }
      // Meanwhile another trainee's lab starts as usual.
      TraineeRef other = LabTestSupport.trainee(identities, "check-bystander");
      String started = labs.start(other, LabTestSupport.entry(catalog, "labt-ws")).lab().id();
      LabTestSupport.await(labs, started, other.id(), LabState.RUNNING, Duration.ofMinutes(3));

      Map<Integer, Integer> byStatus = new TreeMap<>();
      for (Future<Integer> answer : answers) {
        byStatus.merge(answer.get(3, TimeUnit.MINUTES), 1, Integer::sum);
      }
      // Every call is answered: a run, "already running" (409) or "too often" (429).
      assertEquals(200, byStatus.values().stream().mapToInt(Integer::intValue).sum());
      assertTrue(List.of(200, 409, 429).containsAll(byStatus.keySet()), byStatus.toString());
      assertTrue(byStatus.getOrDefault(200, 0) >= 1, byStatus.toString());
      assertTrue(byStatus.getOrDefault(200, 0) <= 6, "at most check-rate runs: " + byStatus);
      labs.stop(started, other.id(), false);
    } finally {
      callers.shutdownNow();
    }
    // Once the lab's runs of the window are used up, the answer is a clear problem.
    io.restassured.response.Response refused = null;
    for (int n = 0; n < 8 && refused == null; n++) {
      io.restassured.response.Response r = Api.withRoles(stormer, "trainee,instructor")
          .contentType("application/json").post("/api/labs/" + id + "/check");
      if (r.statusCode() == 429) {
        refused = r;
      }
    }
    assertTrue(refused != null, "no 429 within 8 calls");
    assertEquals("Checking too often", refused.jsonPath().getString("title"));
    assertTrue(refused.jsonPath().getString("type").endsWith("check-rate-limited"));
    assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
    labs.stop(id, owner.id(), false);
  }
}
