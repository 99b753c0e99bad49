package id.born2control.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.TestUsers;
import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * No submission is lost or doubled when many arrive at once: clients released together send a
 * fixed number of submissions each (a few seconds in all), and every one must be answered with the
 * status its place in the sequence calls for, stored once, audited once, and solve exactly once
 * per trainee. Throughput is measured by {@code infra/bench/submissions.sh}; loss across instance
 * deaths by {@code MultiInstanceIT}. Each trainee stays below the per-trainee rate limit (10 in a
 * burst), so no answer may be a 429.
 */
@QuarkusTest
class SubmissionBurstTest {

  private static final int CLIENTS = 16;
  private static final int TRAINEES_PER_CLIENT = 5;
  /**
   * Per trainee: two wrong guesses, the right flag (correct), then guesses and the right flag
   * again, all answered already_solved.
   */
  private static final int ROUNDS = 6;
  private static final String FLAG = "B2C{burst}";

  @Inject CatalogService catalog;
  @Inject AgroalDataSource db;
  @Inject AuditService audit;

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldAnswerStoreAndAuditEverySubmissionOfBurstExactlyOnce() throws Exception {
    TestChallenges.write(catalog, "t-burst", TestChallenges.staticChallenge("t-burst", FLAG, null));
    URI target = base.toURI().resolve("/api/challenges/t-burst/submissions");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(pool.submit(() -> {
          go.await();
          for (int n = 0; n < ROUNDS * TRAINEES_PER_CLIENT; n++) {
            int round = n / TRAINEES_PER_CLIENT;
            String user = "burst-" + client + "-" + n % TRAINEES_PER_CLIENT;
            String flag = round == 2 || round == 4 ? FLAG : "B2C{guess-" + n + "}";
            String expected = round < 2 ? "wrong" : round == 2 ? "correct" : "already_solved";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header(TestUsers.USER, user)
                .POST(HttpRequest.BodyPublishers.ofString("{\"flag\":\"" + flag + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            boolean asExpected = response.statusCode() == 200
                && response.body().contains("\"status\":\"" + expected + "\"");
            answers.computeIfAbsent(asExpected ? "as expected"
                    : response.statusCode() + " " + response.body(), k -> new AtomicInteger())
                .incrementAndGet();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> client : clients) {
        client.get(300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    int sent = CLIENTS * TRAINEES_PER_CLIENT * ROUNDS;
    assertEquals(Map.of("as expected", sent), plain(answers), "answers by kind");
    assertEquals(sent, Api.count(db,
        "select count(*) from submission where challenge_slug = 't-burst'"));
    audit.seal();
    assertEquals(sent, Api.count(db, Api.submissionsAuditedOnce("t-burst")));
    assertEquals(CLIENTS * TRAINEES_PER_CLIENT, Api.count(db,
        "select count(*) from solve where challenge_slug = 't-burst'"), "one solve per trainee");
  }

  private static Map<String, Integer> plain(Map<String, AtomicInteger> counts) {
    Map<String, Integer> out = new ConcurrentHashMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
