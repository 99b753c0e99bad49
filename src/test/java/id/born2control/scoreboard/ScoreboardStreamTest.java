package id.born2control.scoreboard;

import static id.born2control.scoreboard.ScoreFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.identity.TraineeRef;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The live stream read by a plain Java SSE client over HTTP ({@link SseClient}), as a browser's
 * EventSource would:
 * delivery of rank changes and first bloods, resume with Last-Event-ID, snapshot fallback, and
 * silence of a frozen exercise. Waits are generous (10 s) to stay reliable on a loaded machine;
 * the one-second delivery target is measured by infra/bench/scoreboard.sh, not asserted here.
 */
@QuarkusTest
class ScoreboardStreamTest {

  private static final Logger LOG = Logger.getLogger(ScoreboardStreamTest.class);

  @TestHTTPResource("/api/scoreboard/stream")
  URI stream;

  @Inject
  ScoreFixtures fx;

  @Test
  void shouldPushRankChangeAndFirstBloodToConnectedClients() throws Exception {
    try (SseClient client = new SseClient(stream, null)) {
      SseClient.Received snapshot = client.await(r -> true);
      assertEquals("snapshot", snapshot.name(), "a new client first gets the top of the board");
      assertTrue(snapshot.data().contains("\"entries\""));
      TraineeRef solver = fx.trainee(unique("live"), "Live One", unique("live"));
      long fired = System.nanoTime();
      fx.solve(solver, "log-forensics", ScoreFixtures.id(), Instant.now(), 1);
      SseClient.Received rank = client.await(SseClient.event("rank", solver.username()));
      SseClient.Received blood =
          client.await(SseClient.event("first-blood", solver.username()));
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
    try (SseClient watcher = new SseClient(stream, null)) {
      String lastSeen;
      try (SseClient leaving = new SseClient(stream, null)) {
        fx.solve(first, "weak-crypto", ScoreFixtures.id(), Instant.now(), 2);
        lastSeen = leaving.await(SseClient.event("rank", first.username())).id();
      }
      // while the client is away another solve is pushed (the watcher proves it was sent)
      fx.solve(missed, "pcap-analysis", ScoreFixtures.id(), Instant.now(), 2);
      String missedId = watcher.await(SseClient.event("rank", missed.username())).id();
      try (SseClient back = new SseClient(stream, lastSeen)) {
        SseClient.Received replayed = back.await(SseClient.event("rank", missed.username()));
        assertEquals(missedId, replayed.id());
        for (SseClient.Received r : back.seen) {
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
      try (SseClient client = new SseClient(stream, id)) {
        SseClient.Received first = client.await(r -> true);
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
    try (SseClient client = new SseClient(stream, null)) {
      client.await(r -> r.name().equals("snapshot"));
      fx.solve(hidden, "pcap-analysis", frozen, Instant.now(), 1);
      fx.solve(shown, "log-forensics", ScoreFixtures.id(), Instant.now(), 1);
      // events are ranked and pushed in order: the frozen solve would have come first
      client.await(SseClient.event("rank", shown.username()));
      assertFalse(client.seen.stream().anyMatch(r -> r.data().contains(hidden.username())),
          "a solve after the freeze must not reach the public stream");
    }
  }
}
