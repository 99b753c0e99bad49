package id.born2control.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void shouldAllowBurstThenAskToWait() {
    RateLimiter limiter = new RateLimiter(10, 10 * SECOND);
    for (int i = 0; i < 10; i++) {
      assertEquals(0, limiter.acquire(1, 0));
    }
    long wait = limiter.acquire(1, 0);
    assertTrue(wait > 0 && wait <= SECOND, "one token comes back after a second: " + wait);
    assertEquals(1, RateLimiter.retryAfterSeconds(wait));
  }

  @Test
  void shouldRefillOverTime() {
    RateLimiter limiter = new RateLimiter(10, 10 * SECOND);
    for (int i = 0; i < 10; i++) {
      limiter.acquire(1, 0);
    }
    assertEquals(0, limiter.acquire(1, SECOND), "one token a second");
    assertTrue(limiter.acquire(1, SECOND) > 0);
    assertEquals(0, limiter.acquire(1, 20 * SECOND));
  }

  @Test
  void shouldKeepTraineesApart() {
    RateLimiter limiter = new RateLimiter(1, SECOND);
    assertEquals(0, limiter.acquire(1, 0));
    assertTrue(limiter.acquire(1, 0) > 0);
    assertEquals(0, limiter.acquire(2, 0));
  }
}
