package id.born2control.scoring;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets per key, in memory: {@code capacity} tokens, refilled at {@code capacity} per
 * {@code periodNanos}. Pure apart from the clock, which callers pass in.
 */
final class RateLimiter {

  private static final int MAX_BUCKETS = 200_000;

  private final int capacity;
  private final double tokensPerNano;
  private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(int capacity, long periodNanos) {
    this.capacity = capacity;
    this.tokensPerNano = (double) capacity / periodNanos;
  }

  /** Takes a token for {@code key}: 0 when allowed, else the nanoseconds until one is there. */
  long acquire(long key, long nowNanos) {
    if (buckets.size() > MAX_BUCKETS) {
      // Full buckets hold no state worth keeping; dropping them keeps memory bounded.
      buckets.values().removeIf(b -> b.fullAt(nowNanos));
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(capacity, nowNanos)).take(nowNanos);
  }

  /** Whole seconds to wait for {@code nanos}, at least 1. */
  static long retryAfterSeconds(long nanos) {
    return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      if (now > updated) {
        tokens = Math.min(capacity, tokens + (now - updated) * tokensPerNano);
        updated = now;
      }
    }
  }
}
