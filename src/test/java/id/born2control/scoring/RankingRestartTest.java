package id.born2control.scoring;

import static id.born2control.scoring.Api.as;
import static id.born2control.scoring.Api.submit;
import static id.born2control.scoring.Api.withRoles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.CatalogService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end, scoring to scoreboard: solves, a decaying value, first bloods and an award go in
 * through the API; the board rebuilt from the stored facts (what a restart does) must equal the
 * board built incrementally from the live events.
 */
@QuarkusTest
class RankingRestartTest {

  @Inject
  CatalogService catalog;

  @Test
  void shouldRankTheSameAfterARestartRebuild() throws InterruptedException {
    TestChallenges.write(catalog, "t-restart-dyn", """
        name: "t-restart-dyn"
        category: test
        description: "Dynamic value for the restart test."
        type: dynamic
        extra: {initial: 300, decay: 2, minimum: 50, function: linear}
        flags: ["B2C{restart-dyn}"]
        """);
    TestChallenges.write(catalog, "t-restart-std",
        TestChallenges.staticChallenge("t-restart-std", "B2C{restart-std}", null));
    for (int i = 0; i < 6; i++) {
      submit(as("restart-" + i, "restart-cohort"), "t-restart-dyn", "B2C{restart-dyn}")
          .statusCode(200);
      if (i % 2 == 0) {
        submit(as("restart-" + i, "restart-cohort"), "t-restart-std", "B2C{restart-std}")
            .statusCode(200);
      }
    }
    withRoles("restart-instructor", "instructor").contentType("application/json")
        .body("{\"points\":7,\"reason\":\"helped a peer\"}")
        .post("/api/admin/trainees/restart-5/awards").then().statusCode(201);

    List<String> before = ours(6);
    withRoles("restart-official", "official").contentType("application/json")
        .post("/api/admin/scoreboard/rebuild").then().statusCode(200);
    List<String> after = ours(6);
    assertEquals(before, after);
    // Every solver holds the decayed value, 300 - 2 * 5, the first solvers their bonus on top.
    assertEquals(List.of("restart-0:430:1", "restart-2:401:2", "restart-4:392:3",
        "restart-1:305:4", "restart-5:297:5", "restart-3:290:6"), before);
  }

  /**
   * "user:score:rank" on the live board of this test's own cohort, once all {@code n} trainees
   * and the award are there (the board applies committed facts on its own thread).
   */
  private static List<String> ours(int n) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      List<Map<String, Object>> entries = withRoles("restart-official", "official")
          .get("/api/scoreboard?cohort=restart-cohort&live=true&limit=100").then().statusCode(200)
          .extract().jsonPath().getList("entries");
      List<String> mine = entries.stream().map(e -> e.get("username") + ":" + e.get("score") + ":" + e.get("rank")).toList();
      boolean awarded = mine.stream().anyMatch(r -> r.startsWith("restart-5:297:"));
      if ((mine.size() == n && awarded) || Instant.now().isAfter(deadline)) {
        return mine;
      }
      Thread.sleep(100);
    }
  }
}
