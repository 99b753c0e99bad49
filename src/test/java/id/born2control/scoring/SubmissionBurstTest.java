package id.born2control.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.TestUsers;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * No submission is lost under load: 200 clients submit as fast as they can for a while (60 s by
 * default; {@code -Db2c.burst.seconds=N} to change), then every answered submission must be a
 * stored row. Each client rotates over its own 10 trainees, so the per-trainee rate limit is
 * rarely reached; refused (429) submissions are counted apart, as they are not stored.
 */
@QuarkusTest
class SubmissionBurstTest {

  private static final int CLIENTS = 200;
  private static final int TRAINEES_PER_CLIENT = 10;

  @Inject
  CatalogService catalog;

  @Inject
  AgroalDataSource db;

  @Inject
  id.born2control.audit.AuditService audit;

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldStoreEverySubmissionAnsweredDuringBurst() throws Exception {
    TestChallenges.write(catalog, "t-burst", TestChallenges.staticChallenge("t-burst",
        "B2C{burst}", null));
    long seconds = Long.getLong("b2c.burst.seconds", 60);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    URI target = base.toURI().resolve("/api/challenges/t-burst/submissions");
    AtomicLong answered = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    Map<Integer, AtomicLong> unexpected = new ConcurrentHashMap<>();
    java.util.Set<String> sentRightFlag = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(pool.submit(() -> {
          long n = 0;
          while (System.nanoTime() < deadline) {
            String user = "burst-" + client + "-" + (n % TRAINEES_PER_CLIENT);
            // Mostly wrong guesses, now and then the right flag (then already_solved).
            String flag = n % 25 == 7 ? "B2C{burst}" : "B2C{guess-" + n + "}";
            HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header(TestUsers.USER, user)
                .POST(HttpRequest.BodyPublishers.ofString("{\"flag\":\"" + flag + "\"}"))
                .build();
            HttpResponse<String> response = http.send(request,
                HttpResponse.BodyHandlers.ofString());
            switch (response.statusCode()) {
              case 200 -> {
                answered.incrementAndGet();
                if (flag.equals("B2C{burst}")) {
                  sentRightFlag.add(user);
                }
              }
              case 429 -> refused.incrementAndGet();
              default -> unexpected.computeIfAbsent(response.statusCode(),
                  k -> new AtomicLong()).incrementAndGet();
            }
            n++;
          }
          return null;
        }));
      }
      for (Future<?> client : clients) {
        client.get(seconds + 300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("burst: %d s, %d answered, %d refused (429), %.0f answered/s%n", seconds,
        answered.get(), refused.get(), answered.get() / (double) seconds);
    assertTrue(unexpected.isEmpty(), "unexpected answers: " + unexpected);
    assertTrue(answered.get() > 0);
    assertEquals(answered.get(), Api.count(db,
        "select count(*) from submission where challenge_slug = 't-burst'"));
    audit.seal();
    assertEquals(answered.get(), Api.count(db, "select count(*) from audit_log"
        + " where action = 'submission' and subject = 'challenge:t-burst'"));
    assertEquals(sentRightFlag.size(), Api.count(db, "select count(*) from solve"
        + " where challenge_slug = 't-burst'"), "every trainee who sent the flag solved once");
  }
}
