package id.born2control.scoreboard;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Fans live events out to every connected client without a thread per client: each client is a
 * Mutiny emitter written to by the publishing thread, and the HTTP layer writes it on its event
 * loop. Events get monotonically increasing ids (starting from the start-up time so ids of an
 * earlier run are never mistaken for current ones) and the last ones are kept in a ring, so a
 * client that reconnects with {@code Last-Event-ID} gets what it missed, or a fresh snapshot
 * when its id is no longer (or never was) in the ring.
 */
final class LiveHub {

  /** One event as sent: id, SSE event name, JSON data. */
  record LiveEvent(long id, String name, String data) {}

  private final int capacity;
  private final int clientBuffer;
  private final ArrayDeque<LiveEvent> ring;
  private final Set<MultiEmitter<? super LiveEvent>> clients = ConcurrentHashMap.newKeySet();
  private long lastId;

  LiveHub(int capacity, int clientBuffer, long firstId) {
    this.capacity = capacity;
    this.clientBuffer = clientBuffer;
    this.ring = new ArrayDeque<>(capacity);
    this.lastId = firstId - 1;
  }

  /** Sends an event to every client and keeps it for replay; returns it. */
  synchronized LiveEvent publish(String name, String data) {
    LiveEvent event = new LiveEvent(++lastId, name, data);
    if (ring.size() == capacity) {
      ring.removeFirst();
    }
    ring.addLast(event);
    for (MultiEmitter<? super LiveEvent> client : clients) {
      client.emit(event);
    }
    return event;
  }

  /**
   * The events after {@code lastEventId}, or null when they cannot all be replayed (id unknown,
   * too old, from another run or not a number).
   */
  synchronized List<LiveEvent> since(String lastEventId) {
    long after;
    try {
      after = Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
    if (after == lastId) {
      return List.of();
    }
    if (after > lastId || ring.isEmpty() || after < ring.peekFirst().id() - 1) {
      return null;
    }
    List<LiveEvent> missed = new ArrayList<>();
    for (LiveEvent event : ring) {
      if (event.id() > after) {
        missed.add(event);
      }
    }
    return missed;
  }

  /**
   * A client's stream: the missed events (or a snapshot event carrying the current last id) and
   * then every live event, with nothing lost or repeated in between.
   */
  Multi<LiveEvent> subscribe(String lastEventId, Supplier<String> snapshot) {
    return Multi.createFrom().<LiveEvent>emitter(emitter -> {
      synchronized (this) {
        List<LiveEvent> missed = lastEventId == null ? null : since(lastEventId);
        if (missed == null) {
          emitter.emit(new LiveEvent(lastId, "snapshot", snapshot.get()));
        } else {
          missed.forEach(emitter::emit);
        }
        clients.add(emitter);
      }
      emitter.onTermination(() -> clients.remove(emitter));
    }, clientBuffer);
  }

  int clients() {
    return clients.size();
  }

  synchronized long lastId() {
    return lastId;
  }

  /** The events as server-sent events (id, name, text data), as every live board sends them. */
  static Multi<jakarta.ws.rs.sse.OutboundSseEvent> sse(Multi<LiveEvent> events,
      jakarta.ws.rs.sse.Sse sse) {
    return events.map(e -> sse.newEventBuilder().id(Long.toString(e.id())).name(e.name())
        .mediaType(jakarta.ws.rs.core.MediaType.TEXT_PLAIN_TYPE).data(e.data()).build());
  }
}
