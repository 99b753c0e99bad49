package id.born2control.labs;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * When a lab's checks may run: at most one run per lab at a time (a second request is answered
 * "check already running" at once), at most {@code check-rate} runs per lab per window, and
 * every run on the check workers, so neither request threads nor the workers that start labs
 * wait for a check. Counted in this service instance's memory: a lab is checked through the
 * instance its owner's request reaches, and a restart forgets at most one window.
 */
@ApplicationScoped
class CheckGate {

  private final LabsConfig config;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Map<String, Deque<Long>> runs = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor workers;

  CheckGate(LabsConfig config) {
    this.config = config;
    AtomicInteger count = new AtomicInteger();
    // One run per lab at a time bounds the queue by the labs; its own bound is a backstop.
    this.workers = new ThreadPoolExecutor(config.checkWorkers(), config.checkWorkers(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(16, config.globalLimit())),
        r -> {
          Thread t = new Thread(r, "lab-check-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Runs {@code work} for lab {@code instanceId} on a check worker, or refuses at once. */
  <T> CompletionStage<T> run(String instanceId, Supplier<T> work) {
    if (!running.add(instanceId)) {
      throw LabException.checkRunning(instanceId);
    }
    try {
      admitRate(instanceId);
      return CompletableFuture.supplyAsync(work, workers)
          .whenComplete((result, error) -> running.remove(instanceId));
    } catch (RejectedExecutionException e) {
      running.remove(instanceId);
      throw LabException.checksBusy();
    } catch (RuntimeException e) {
      running.remove(instanceId);
      throw e;
    }
  }

  private void admitRate(String instanceId) {
    long now = System.nanoTime();
    long window = Duration.ofSeconds(config.checkRateWindowSeconds()).toNanos();
    if (runs.size() > 1024) {
      runs.values().removeIf(d -> {
        synchronized (d) {
          return d.isEmpty() || now - d.peekLast() > window;
        }
      });
    }
    Deque<Long> starts = runs.computeIfAbsent(instanceId, k -> new ArrayDeque<>());
    synchronized (starts) {
      while (!starts.isEmpty() && now - starts.peekFirst() > window) {
        starts.removeFirst();
      }
      if (starts.size() >= config.checkRate()) {
        long wait = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(starts.peekFirst() + window - now)
            + 1);
        throw LabException.checkRate(config.checkRate(), config.checkRateWindowSeconds(), wait);
      }
      starts.addLast(now);
    }
  }

  @PreDestroy
  void stop() {
    workers.shutdownNow();
  }
}
