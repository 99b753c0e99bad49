package id.born2control.scoreboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which events a reconnecting client gets back. */
class LiveHubTest {

  @Test
  void shouldReplayMissedEventsOrAskForASnapshot() {
    LiveHub hub = new LiveHub(3, 16, 1000);
    for (int i = 0; i < 5; i++) {
      hub.publish("rank", "{\"n\":" + i + "}");
    }
    // ids 1000..1004, the ring keeps 1002..1004
    assertEquals(List.of(1003L, 1004L), hub.since("1002").stream().map(LiveHub.LiveEvent::id)
        .toList());
    assertEquals(3, hub.since("1001").size(), "1001 is the last id before the ring: all kept");
    assertEquals(List.of(), hub.since("1004"));
    assertNull(hub.since("1000"), "events after 1000 are partly gone: snapshot");
    assertNull(hub.since("99999"), "an id from the future or another run: snapshot");
    assertNull(hub.since("not-a-number"));
  }
}
