package id.born2control.labs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sliding-window count of lab starts per trainee: at most {@code limit} per window. */
final class StartRateLimiter {

  private final int limit;
  private final long windowMillis;
  private final Map<Long, Deque<Long>> starts = new ConcurrentHashMap<>();

  StartRateLimiter(int limit, long windowMillis) {
    this.limit = limit;
    this.windowMillis = windowMillis;
  }

  /** Records a start now, or returns the seconds to wait (then nothing is recorded). */
  long tryAcquire(long traineeId, long nowMillis) {
    Deque<Long> times = starts.computeIfAbsent(traineeId, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
        times.pollFirst();
      }
      if (times.size() >= limit) {
        return Math.max(1, (times.peekFirst() + windowMillis - nowMillis + 999) / 1000);
      }
      times.addLast(nowMillis);
      return 0;
    }
  }

  /** Gives a start back, when it was refused for another reason. */
  void release(long traineeId) {
    Deque<Long> times = starts.get(traineeId);
    if (times != null) {
      synchronized (times) {
        times.pollLast();
      }
    }
  }
}
