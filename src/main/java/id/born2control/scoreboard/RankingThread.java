package id.born2control.scoreboard;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The one thread that writes a ranking (the individual boards have one, the team boards
 * another): facts are applied in order on it, so a ranking has a single writer and submissions
 * never wait for a board. A failing task is logged and the thread goes on.
 */
final class RankingThread {

  /** Longest wait for a task run on the ranking thread (a rebuild of a large board included). */
  private static final long AWAIT_SECONDS = 300;

  private final ScheduledExecutorService worker;
  private final Logger log;

  RankingThread(String name, Logger log) {
    this.log = log;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  void execute(Runnable task) {
    worker.execute(guarded(task));
  }

  /** Runs the task every {@code millis}, first after one period. */
  void every(long millis, Runnable task) {
    worker.scheduleWithFixedDelay(guarded(task), millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Runs the task on the ranking thread and waits for its result. */
  <T> T await(Callable<T> task) {
    try {
      return worker.submit(task).get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ranking", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the ranking task failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the ranking task took over " + AWAIT_SECONDS + " s", e);
    }
  }

  void stop() {
    worker.shutdownNow();
  }

  /** Keeps the ranking thread alive when one task fails, and says what failed. */
  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("A ranking task failed", e);
      }
    };
  }
}
