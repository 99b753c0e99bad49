package id.born2control.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** The range's in-memory rate limiters and the gate that bounds concurrent judging. */
@ApplicationScoped
class RateLimiters {

  private final RateLimiter submissions;
  private final java.util.concurrent.Semaphore judging;

  RateLimiters(ScoringConfig config) {
    this.submissions = new RateLimiter(config.rateLimitSubmissions(),
        TimeUnit.SECONDS.toNanos(config.rateLimitSeconds()));
    this.judging = new java.util.concurrent.Semaphore(config.maxConcurrentSubmissions(), true);
  }

  /** Turns for judging submissions, fair (first come, first judged). */
  java.util.concurrent.Semaphore judging() {
    return judging;
  }

  RateLimiter submissions() {
    return submissions;
  }
}
