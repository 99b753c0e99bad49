package id.born2control.scoreboard;

import static id.born2control.scoreboard.ScoreFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.identity.TraineeRef;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The live stream read by a plain Java SSE client over HTTP, as a browser's EventSource would:
 * delivery of rank changes and first bloods, resume with Last-Event-ID, snapshot fallback, and
 * silence of a frozen exercise. Waits are generous (10 s) to stay reliable on a loaded machine;
 * the one-second delivery target is measured by infra/bench/scoreboard.sh, not asserted here.
 */
@QuarkusTest
class ScoreboardStreamTest {

  private static final Logger LOG = Logger.getLogger(ScoreboardStreamTest.class);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TestHTTPResource("/api/scoreboard/stream")
  URI stream;

  @Inject
  ScoreFixtures fx;

  /** One received server-sent event. */
  record Received(String id, String name, String data, long receivedNanos) {}

  /** A connected client reading events on its own thread. */
  final class Client implements AutoCloseable {
    final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    final List<Received> seen = new ArrayList<>();
    final InputStream body;

    Client(String lastEventId) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(stream)
          .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<InputStream> response = HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("")
          .startsWith("text/event-stream"));
      body = response.body();
      Thread reader = new Thread(this::read, "sse-test-client");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String id = null;
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.isEmpty()) {
            if (data.length() > 0) {
              queue.add(new Received(id, name, data.toString(), System.nanoTime()));
            }
            id = null;
            name = "message";
            data.setLength(0);
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
          }
        }
      } catch (IOException e) {
        // the test closed the connection
      }
    }

    /** The next event matching, or fails after the wait. */
    Received await(Predicate<Received> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (Received r : seen) {
        if (wanted.test(r)) {
          return r;
        }
      }
      while (true) {
        long left = deadline - System.nanoTime();
        Received next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
        assertNotNull(next, "no matching event within " + WAIT + "; seen " + seen);
        seen.add(next);
        if (wanted.test(next)) {
          return next;
        }
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  static Predicate<Received> event(String name, String username) {
    return r -> r.name().equals(name) && r.data().contains("\"" + username + "\"");
  }

  @Test
  void shouldPushRankChangeAndFirstBloodToConnectedClients() throws Exception {
    try (Client client = new Client(null)) {
      Received snapshot = client.await(r -> true);
      assertEquals("snapshot", snapshot.name(), "a new client first gets the top of the board");
      assertTrue(snapshot.data().contains("\"entries\""));
      TraineeRef solver = fx.trainee(unique("live"), "Live One", unique("live"));
      long fired = System.nanoTime();
      fx.solve(solver, "log-forensics", ScoreFixtures.id(), Instant.now(), 1);
      Received rank = client.await(event("rank", solver.username()));
      Received blood = client.await(event("first-blood", solver.username()));
      LOG.infof("rank change received %d ms after the solve committed",
          (rank.receivedNanos() - fired) / 1_000_000);
      assertTrue(rank.data().contains("\"score\":100"), rank.data());
      assertTrue(rank.data().contains("\"previousRank\":null"), rank.data());
      assertTrue(blood.data().contains("\"challenge\":\"log-forensics\""), blood.data());
      assertTrue(Long.parseLong(blood.id()) > Long.parseLong(snapshot.id()));
    }
  }

  @Test
  void shouldReplayMissedEventsToAClientResumingWithLastEventId() throws Exception {
    TraineeRef first = fx.trainee(unique("resume-1"), null, unique("resume"));
    TraineeRef missed = fx.trainee(unique("resume-2"), null, unique("resume"));
    try (Client watcher = new Client(null)) {
      String lastSeen;
      try (Client leaving = new Client(null)) {
        fx.solve(first, "weak-crypto", ScoreFixtures.id(), Instant.now(), 2);
        lastSeen = leaving.await(event("rank", first.username())).id();
      }
      // while the client is away another solve is pushed (the watcher proves it was sent)
      fx.solve(missed, "pcap-analysis", ScoreFixtures.id(), Instant.now(), 2);
      String missedId = watcher.await(event("rank", missed.username())).id();
      try (Client back = new Client(lastSeen)) {
        Received replayed = back.await(event("rank", missed.username()));
        assertEquals(missedId, replayed.id());
        for (Received r : back.seen) {
          assertNotEquals("snapshot", r.name(), "a resumable client gets no snapshot");
          assertTrue(Long.parseLong(r.id()) > Long.parseLong(lastSeen),
              "only events after Last-Event-ID are replayed: " + r);
        }
      }
    }
  }

  @Test
  void shouldSendASnapshotWhenTheLastEventIdIsTooOldOrUnknown() throws Exception {
    for (String id : new String[] {"1", "999999999999999999", "garbage"}) {
      try (Client client = new Client(id)) {
        Received first = client.await(r -> true);
        assertEquals("snapshot", first.name(), "Last-Event-ID " + id);
        assertTrue(first.data().contains("\"total\""));
      }
    }
  }

  @Test
  void shouldNotPushPublicChangesOfAFrozenExercise() throws Exception {
    long frozen = ScoreFixtures.id();
    fx.exercise(frozen, Instant.now().minusSeconds(60));
    TraineeRef hidden = fx.trainee(unique("after-freeze"), null, unique("fr"));
    TraineeRef shown = fx.trainee(unique("open"), null, unique("fr"));
    try (Client client = new Client(null)) {
      client.await(r -> r.name().equals("snapshot"));
      fx.solve(hidden, "pcap-analysis", frozen, Instant.now(), 1);
      fx.solve(shown, "log-forensics", ScoreFixtures.id(), Instant.now(), 1);
      // events are ranked and pushed in order: the frozen solve would have come first
      client.await(event("rank", shown.username()));
      assertFalse(client.seen.stream().anyMatch(r -> r.data().contains(hidden.username())),
          "a solve after the freeze must not reach the public stream");
    }
  }
}
