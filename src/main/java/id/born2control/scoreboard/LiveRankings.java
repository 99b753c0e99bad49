package id.born2control.scoreboard;

import id.born2control.identity.TraineeRef;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.SolveRecorded;
import io.smallrye.mutiny.Multi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The two rankings of one kind of board (trainees or teams) and its live clients: the live
 * ranking with every fact, the public one without the facts of a frozen exercise from its freeze
 * on (exactly the board as it stood when it froze), and the hub that pushes the public one's
 * changes. Written by one ranking thread; read by any thread under the read lock.
 */
final class LiveRankings {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Supplier<RankingEngine> engines;
  private final BiPredicate<Long, Instant> shownPublicly;
  private final LiveHub hub;
  private volatile RankingEngine live;
  private volatile RankingEngine pub;

  /**
   * @param engines makes an empty ranking
   * @param shownPublicly whether a fact of this exercise at this time is on the public board
   */
  LiveRankings(ScoreboardConfig config, Supplier<RankingEngine> engines,
      BiPredicate<Long, Instant> shownPublicly) {
    this.engines = engines;
    this.shownPublicly = shownPublicly;
    this.hub = new LiveHub(config.replayEvents(), config.clientBuffer(),
        System.currentTimeMillis() * 1000);
    this.live = engines.get();
    this.pub = engines.get();
    this.pub.trackChanges();
  }

  /** The ranked copy of a board: the live one, or the public one. */
  Standings standings(BoardKey key, boolean liveBoard) {
    return read(liveBoard, engine -> engine.standings(key));
  }

  /** Anything read from one of the rankings, under the read lock. */
  <T> T read(boolean liveBoard, Function<RankingEngine, T> reading) {
    lock.readLock().lock();
    try {
      return reading.apply(liveBoard ? live : pub);
    } finally {
      lock.readLock().unlock();
    }
  }

  void apply(SolveRecorded solve) {
    lock.writeLock().lock();
    try {
      live.apply(solve);
      if (shownPublicly.test(solve.exerciseId(), solve.at())) {
        pub.apply(solve);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  void apply(PointsAdjusted adjustment) {
    lock.writeLock().lock();
    try {
      live.apply(adjustment);
      if (shownPublicly.test(adjustment.exerciseId(), adjustment.at())) {
        pub.apply(adjustment);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Both rankings made afresh from the facts and swapped in at once; live clients get the
   * {@code snapshot}.
   */
  void rebuild(List<Object> facts, Supplier<String> snapshot) {
    List<Object> ordered = new ArrayList<>(facts);
    ordered.sort(Comparator.comparing(RankingEngine::at).thenComparingLong(RankingEngine::id));
    RankingEngine newLive = engines.get();
    RankingEngine newPub = engines.get();
    newLive.applyAll(ordered);
    newPub.applyAll(ordered.stream().filter(f -> shownPublicly.test(exerciseId(f),
        RankingEngine.at(f))).toList());
    newPub.trackChanges();
    lock.writeLock().lock();
    try {
      live = newLive;
      pub = newPub;
    } finally {
      lock.writeLock().unlock();
    }
    if (hub.clients() > 0) {
      hub.publish("snapshot", snapshot.get());
    }
  }

  /**
   * Sends the public ranking's changes since the last push: first bloods, then one {@code rank}
   * event for {@code board}.
   */
  void push(String board, Function<String, String> challengeName,
      Function<Object, String> write) {
    List<String[]> events = new ArrayList<>();
    lock.writeLock().lock();
    try {
      RankingEngine.Drained drained = pub.drainChanges();
      if (drained.isEmpty()) {
        return;
      }
      for (SolveRecorded blood : drained.firstBloods()) {
        TraineeRef who = pub.trainee(blood.traineeId());
        if (who != null) {
          events.add(new String[] {"first-blood", write.apply(new LiveViews.FirstBlood(
              who.username(), who.displayName(), who.cohort(), blood.slug(),
              challengeName.apply(blood.slug()), blood.exerciseId(), blood.at()))});
        }
      }
      List<LiveViews.RankChange> changes = new ArrayList<>();
      for (RankingEngine.Change change : drained.changes()) {
        TraineeRef who = pub.trainee(change.traineeId());
        RankingEngine.Entry entry = pub.entry(BoardKey.OVERALL, change.traineeId());
        if (who != null && entry != null) {
          changes.add(new LiveViews.RankChange(who.username(), who.displayName(), who.cohort(),
              entry.score(), pub.rank(BoardKey.OVERALL, change.traineeId()),
              change.previousRank()));
        }
      }
      changes.sort(Comparator.comparingInt(LiveViews.RankChange::rank));
      if (!changes.isEmpty()) {
        events.add(new String[] {"rank",
            write.apply(new LiveViews.RankEvent(board, Instant.now(), changes))});
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (String[] event : events) {
      hub.publish(event[0], event[1]);
    }
  }

  /** The live stream of a client, resumed after {@code lastEventId} when possible. */
  Multi<LiveHub.LiveEvent> stream(String lastEventId, Supplier<String> snapshot) {
    return hub.subscribe(lastEventId, snapshot);
  }

  int clients() {
    return hub.clients();
  }

  private static long exerciseId(Object fact) {
    return fact instanceof SolveRecorded s ? s.exerciseId() : ((PointsAdjusted) fact).exerciseId();
  }
}
