package id.born2control.scoreboard;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.SolveRecorded;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fires the scoring feature's events exactly as scoring does (inside a committed transaction, so
 * the scoreboard's AFTER_SUCCESS observers run) and provisions trainees through the identity
 * service. Ids are unique per run so tests sharing the application never see each other's facts.
 */
@ApplicationScoped
class ScoreFixtures {

  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 100);

  private final Event<SolveRecorded> solves;
  private final Event<PointsAdjusted> adjustments;
  private final Event<ExerciseRef> exercises;
  private final IdentityService identity;

  ScoreFixtures(Event<SolveRecorded> solves, Event<PointsAdjusted> adjustments,
      Event<ExerciseRef> exercises, IdentityService identity) {
    this.solves = solves;
    this.adjustments = adjustments;
    this.exercises = exercises;
    this.identity = identity;
  }

  /** A fresh id for an exercise, solve or adjustment. */
  static long id() {
    return IDS.incrementAndGet();
  }

  /** A name no other test uses. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  TraineeRef trainee(String username, String displayName, String cohort) {
    return identity.ensure(username, displayName, cohort);
  }

  void solve(TraineeRef who, String slug, long exercise, Instant at, int position) {
    QuarkusTransaction.requiringNew().run(() ->
        solves.fire(new SolveRecorded(id(), who.id(), slug, exercise, at, position)));
  }

  void points(TraineeRef who, long exercise, int points, Instant at, String kind) {
    QuarkusTransaction.requiringNew().run(() -> adjustments.fire(
        new PointsAdjusted(id(), who.id(), exercise, points, at, kind, "test")));
  }

  void exercise(long id, Instant freezeAt) {
    QuarkusTransaction.requiringNew().run(() -> exercises.fire(new ExerciseRef(id,
        "exercise " + id, Instant.now().minus(Duration.ofDays(1)), null, freezeAt, List.of(),
        List.of(), false)));
  }

  /** Retries the assertion until it holds: the ranking applies events on its own thread. */
  static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
