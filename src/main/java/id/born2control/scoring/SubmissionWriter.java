package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.identity.TraineeRef;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Group commit for judged submissions: a few writer threads each take whatever submissions are
 * waiting (up to {@code submission-batch}), store them with their solves, first-blood bonuses,
 * audit entries and live events in one transaction on a plain JDBC connection
 * ({@link SubmissionBatch}), commit, and only then answer each of them. So every answer is
 * durable, with its audit entry, before it is sent, and a crash loses only unanswered
 * submissions; the commit's cost (its WAL flush, the round trips) is shared by the whole batch.
 * A batch that fails before its commit leaves nothing behind: its submissions are retried one by
 * one, so one bad submission cannot fail the others. A failed commit is not retried (its outcome
 * is unknown); those requests get the database's error (503 with Retry-After when the database is
 * unreachable), which may or may not have been stored, as before.
 */
@ApplicationScoped
class SubmissionWriter {

  private static final Logger LOG = Logger.getLogger(SubmissionWriter.class);
  /** Submissions waiting for a writer at most; more are answered 503 busy. */
  private static final int QUEUE = 20_000;

  /** A judged submission waiting to be stored; {@code answer} completes after the commit. */
  record Pending(TraineeRef trainee, CatalogEntry entry, ExerciseRef exercise, String flagHash,
      String preview, String status, String kind, String ip, Instant at,
      CompletableFuture<SubmissionResult> answer) {}

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE);
  private final AgroalDataSource dataSource;
  private final AuditService audit;
  private final SharedFacts facts;
  private final SolveCounters counters;
  private final ScoringConfig config;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;

  SubmissionWriter(AgroalDataSource dataSource, AuditService audit, SharedFacts facts,
      SolveCounters counters, ScoringConfig config) {
    this.dataSource = dataSource;
    this.audit = audit;
    this.facts = facts;
    this.counters = counters;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    for (int i = 0; i < config.submissionWriters(); i++) {
      Thread writer = new Thread(this::run, "b2c-submission-writer-" + i);
      writer.setDaemon(true);
      writer.start();
      writers.add(writer);
    }
  }

  /** Stores what is queued, then stops; what arrives later is answered 503 busy. */
  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      p.answer().completeExceptionally(new ScoringErrors.Busy());
    }
  }

  /** Queues a judged submission; the stage completes with its answer once it is stored. */
  CompletionStage<SubmissionResult> write(Pending pending) {
    if (!running || !queue.offer(pending)) {
      throw new ScoringErrors.Busy();
    }
    return pending.answer();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, config.submissionBatch() - 1);
        fill(batch);
        store(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.errorf(e, "Submissions: the writer failed");
        batch.forEach(p -> p.answer().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  /** Lets more submissions join a short batch for up to {@code submission-fill}. */
  private void fill(List<Pending> batch) throws InterruptedException {
    long deadline = System.nanoTime() + config.submissionFill().toNanos();
    for (long left; batch.size() < config.submissionBatch()
        && (left = deadline - System.nanoTime()) > 0; ) {
      Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, config.submissionBatch() - batch.size());
    }
  }

  private void store(List<Pending> items) {
    SubmissionBatch batch = new SubmissionBatch(items);
    boolean committing = false;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        batch.write(c, counters, config.firstBloodPercentages(), audit, facts);
        committing = true;
        c.commit();
      } catch (SQLException | RuntimeException e) {
        if (!committing) {
          c.rollback();
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException | RuntimeException e) {
      if (!committing && items.size() > 1) {
        // Nothing of this batch is stored: each submission alone, so a bad one fails alone.
        LOG.debugf("Submissions: a batch of %d failed (%s); storing them one by one",
            items.size(), e.getMessage());
        items.forEach(p -> store(List.of(p)));
      } else {
        items.forEach(p -> p.answer().completeExceptionally(e));
      }
      return;
    }
    // Committed: this instance learns the solves (counters, ranking), then everyone is answered.
    facts.applyHere(batch.solves, batch.adjustments, batch.events);
    for (int i = 0; i < items.size(); i++) {
      items.get(i).answer().complete(batch.answer(i));
    }
  }
}
