package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import id.born2control.labs.LabBackend.LabUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/** One resource reading of a container, computed as {@code docker stats} does. */
final class DockerStats {

  private static final Logger LOG = Logger.getLogger(DockerStats.class);

  private DockerStats() {}

  /** The reading, waiting at most {@code timeout}; empty when gone or not answered in time. */
  static Optional<LabUsage> read(DockerClient docker, String container, Duration timeout) {
    CompletableFuture<Statistics> first = new CompletableFuture<>();
    ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Statistics stats) {
        first.complete(stats);
      }

      @Override
      public void onError(Throwable error) {
        first.completeExceptionally(error);
      }

      @Override
      public void onComplete() {
        first.complete(null);
      }
    };
    try {
      docker.statsCmd(container).withNoStream(true).exec(callback);
      Statistics stats = first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.ofNullable(stats).map(DockerStats::usageOf);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      LOG.debugf("no resource reading of %s: %s", container, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      try {
        callback.close();
      } catch (IOException e) {
        LOG.debugf("closing the stats reading of %s: %s", container, e.toString());
      }
    }
  }

  /** CPU as {@code docker stats} computes it: usage delta over system delta, times online CPUs. */
  private static LabUsage usageOf(Statistics stats) {
    double cpu = 0;
    var now = stats.getCpuStats();
    var before = stats.getPreCpuStats();
    if (now != null && before != null && now.getCpuUsage() != null
        && before.getCpuUsage() != null && now.getSystemCpuUsage() != null
        && before.getSystemCpuUsage() != null) {
      long used = orZero(now.getCpuUsage().getTotalUsage())
          - orZero(before.getCpuUsage().getTotalUsage());
      long system = now.getSystemCpuUsage() - before.getSystemCpuUsage();
      long cpus = now.getOnlineCpus() == null ? 1 : now.getOnlineCpus();
      if (used > 0 && system > 0) {
        cpu = 100.0 * used / system * cpus;
      }
    }
    var memory = stats.getMemoryStats();
    long inUse = memory == null ? 0 : orZero(memory.getUsage());
    if (memory != null && memory.getStats() != null) {
      // Page cache is not the container's own use (docker stats subtracts it the same way).
      inUse -= orZero(memory.getStats().getInactiveFile());
    }
    long limit = memory == null ? 0 : orZero(memory.getLimit());
    long pids = stats.getPidsStats() == null ? 0 : orZero(stats.getPidsStats().getCurrent());
    return new LabUsage(cpu, Math.max(0, inUse), limit, pids);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
