package id.born2control.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** The range's in-memory rate limiters, one per kind of request. */
@ApplicationScoped
class RateLimiters {

  private final RateLimiter submissions;

  RateLimiters(ScoringConfig config) {
    this.submissions = new RateLimiter(config.rateLimitSubmissions(),
        TimeUnit.SECONDS.toNanos(config.rateLimitSeconds()));
  }

  RateLimiter submissions() {
    return submissions;
  }
}
