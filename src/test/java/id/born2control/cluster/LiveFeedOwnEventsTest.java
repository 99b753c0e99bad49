package id.born2control.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An instance's own events come back to its {@code subscribeAll} handlers, so that a commit whose
 * outcome it never learned still counts here; those its publisher applied at commit are skipped
 * (issue 17: re-reading every own solve cost 5 % of the service's CPU). Real PostgreSQL, the
 * feed's own reader thread.
 */
@QuarkusTest
class LiveFeedOwnEventsTest {

  @Inject
  LiveFeed feed;

  @Inject
  AgroalDataSource db;

  @Test
  void shouldSkipOwnEventsAppliedAtCommitAndDeliverTheOthers() throws Exception {
    // Topics are at most 32 characters (live_event.topic).
    String topic = "own-" + UUID.randomUUID().toString().substring(0, 8);
    BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    feed.subscribeAll(topic, String.class, delivered::add);

    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      // Marked before the commit here, not after it as the writer does: the reader, woken by the
      // commit, could otherwise take them first and apply them (twice, harmless in service, but
      // then this test could not tell).
      feed.appliedHere(feed.publish(c, topic, List.of("applied-1", "applied-2")));
      c.commit();
      // An own commit whose outcome this instance did not learn: nobody marks it.
      long[] unknown = feed.publish(c, topic, List.of("unknown-outcome"));
      c.commit();
      assertEquals(1, unknown.length);
    }

    // The feed reads in id order: by the time the later event arrives, the skipped ones were read.
    assertEquals("unknown-outcome", delivered.poll(30, TimeUnit.SECONDS),
        "an own event nobody applied reaches the handler");
    assertTrue(delivered.isEmpty(), "events applied at commit are not delivered: " + delivered);
  }

  @Test
  void shouldReturnOneIdPerEventInTheirOrder() throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      long[] ids = feed.publish(c, "ids", List.of("a", "b", "c"));
      c.rollback();
      assertEquals(3, ids.length);
      assertTrue(ids[0] < ids[1] && ids[1] < ids[2], "ids in the payloads' order");
      assertEquals(0, feed.publish(c, "ids", List.of()).length, "nothing to publish");
    }
  }
}
