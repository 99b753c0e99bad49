package id.born2control.labs;

import id.born2control.cluster.LiveFeed;
import id.born2control.labs.LiveFireSeat.SeatState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Pushes the progress of live-fire exercises to the staff streams on every instance, as seats
 * become ready, fail or are retried and as exercises are scheduled, run, go to debrief and end.
 *
 * <p>Each {@link LiveFireChanged} is taken once its transaction has committed and collected; one
 * thread then reads what changed, per exercise, in one transaction (its counts and the changed
 * seats, fresh from the database, so a later read never shows less than an earlier one), and
 * publishes it here and through the live feed. A burst (the runner following a thousand seats in
 * one transaction) is thus one read and a few pushes, not one per seat. A push lost with an
 * instance is not fatal: a page re-reads the whole progress whenever its stream (re)opens.
 */
@ApplicationScoped
class LiveFireUpdates {

  private static final Logger LOG = Logger.getLogger(LiveFireUpdates.class);
  private static final String TOPIC = "livefire";
  /** Most seats in one push (an exercise of thousands is pushed in parts). */
  static final int SEATS_PER_PUSH = 200;
  /** Changed seats above which the exercise is read whole rather than seat by seat. */
  private static final int READ_WHOLE_ABOVE = 1000;
  /** Pushes a slow client may lag before its stream fails (it then reconnects and re-reads). */
  private static final int CLIENT_BUFFER = 1024;

  private final LiveFires liveFires;
  private final LiveFeed feed;
  private final BroadcastProcessor<LiveFireUpdate> processor = BroadcastProcessor.create();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "b2c-live-fire-updates");
    t.setDaemon(true);
    return t;
  });
  /** Exercise -> the seats that changed since the last read; null: read it whole. */
  private final Map<Long, Set<Long>> pending = new HashMap<>();
  private boolean sending;

  LiveFireUpdates(LiveFires liveFires, LiveFeed feed) {
    this.liveFires = liveFires;
    this.feed = feed;
  }

  void onStart(@Observes StartupEvent event) {
    feed.subscribe(TOPIC, LiveFireUpdate.class, this::publish);
  }

  void onStop(@Observes ShutdownEvent event) {
    sender.shutdownNow();
  }

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) LiveFireChanged change) {
    synchronized (pending) {
      if (change.seatId() == null) {
        pending.put(change.exerciseId(), null);
      } else if (!pending.containsKey(change.exerciseId())
          || pending.get(change.exerciseId()) != null) {
        pending.computeIfAbsent(change.exerciseId(), e -> new HashSet<>())
            .add(change.seatId());
      }
      if (!sending) {
        try {
          sender.execute(this::send);
          sending = true;
        } catch (RejectedExecutionException stopping) {
          // the service is shutting down: its streams are closing too
        }
      }
    }
  }

  /** The progress of every live-fire exercise as it changes (staff only), buffered per client. */
  Multi<LiveFireUpdate> stream() {
    return processor.onOverflow().buffer(CLIENT_BUFFER);
  }

  private void send() {
    Map<Long, Set<Long>> batch;
    synchronized (pending) {
      batch = new HashMap<>(pending);
      pending.clear();
      sending = false;
    }
    batch.forEach((exercise, seats) -> {
      try {
        QuarkusTransaction.requiringNew().call(() -> {
          List<LiveFireUpdate> updates = read(exercise, seats);
          updates.forEach(u -> feed.publish(TOPIC, u));
          return updates;
        }).forEach(this::publish);
      } catch (RuntimeException e) {
        // stored already; a page that missed it re-reads when its stream reopens
        LOG.warnf("Labs: progress of live-fire exercise %d not pushed: %s", exercise,
            e.getMessage());
      }
    });
  }

  private synchronized void publish(LiveFireUpdate update) {
    processor.onNext(update);
  }

  /** What staff see of the exercise now: its counts, and the changed seats (null: every one). */
  private List<LiveFireUpdate> read(long exerciseId, Set<Long> changed) {
    LiveFire fire = LiveFire.<LiveFire>findByIdOptional(exerciseId).orElse(null);
    if (fire == null) {
      return List.of();
    }
    int[] count = new int[SeatState.values().length];
    for (Object[] row : LiveFireSeat.getEntityManager().createQuery("select s.state, count(s)"
        + " from LiveFireSeat s where s.exerciseId = ?1 group by s.state", Object[].class)
        .setParameter(1, exerciseId).getResultList()) {
      count[((SeatState) row[0]).ordinal()] = ((Number) row[1]).intValue();
    }
    List<LiveFireSeat> seats = changed == null || changed.size() > READ_WHOLE_ABOVE
        ? LiveFireSeat.of(exerciseId)
        : LiveFireSeat.list("exerciseId = ?1 and id in ?2 order by id", exerciseId, changed);
    Map<Long, String> teamNames = liveFires.teamNames(fire);
    List<LiveFireUpdate> updates = new ArrayList<>();
    int from = 0;
    do {
      List<LiveFires.Seat> part = seats.subList(from, Math.min(seats.size(),
          from + SEATS_PER_PUSH)).stream().map(s -> liveFires.seat(s, teamNames)).toList();
      updates.add(new LiveFireUpdate(exerciseId, fire.phase.name().toLowerCase(), fire.endsAt,
          fire.removeAt(), Arrays.stream(count).sum(),
          count[SeatState.READY.ordinal()], count[SeatState.PROVISIONING.ordinal()],
          count[SeatState.WAITING.ordinal()], count[SeatState.FAILED.ordinal()], part));
      from += SEATS_PER_PUSH;
    } while (from < seats.size());
    return updates;
  }
}
