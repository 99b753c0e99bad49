package id.born2control.scoring;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The range's rate limits and the gate that bounds concurrent judging. The submission limit is
 * a token bucket per trainee kept in PostgreSQL (on the database's clock), so it holds across
 * every instance behind the load balancer; an in-memory bucket with the same limit in front of
 * it turns a flood away without a database round trip (it can only refuse what the shared bucket
 * would refuse too).
 */
@ApplicationScoped
class RateLimiters {

  private static final String SUBMISSIONS = "submissions";

  /** Takes a token if one is there; returns no row when the bucket is empty. */
  private static final String TAKE = """
      insert into rate_bucket as b (scope, key, tokens, updated_at)
      values (?1, ?2, ?3 - 1, clock_timestamp())
      on conflict (scope, key) do update
        set tokens = least(?3, b.tokens
              + extract(epoch from excluded.updated_at - b.updated_at) * ?4) - 1,
            updated_at = excluded.updated_at
        where least(?3, b.tokens + extract(epoch from excluded.updated_at - b.updated_at) * ?4)
              >= 1
      returning 0""";

  /** Seconds until the bucket holds a whole token again. */
  private static final String WAIT = """
      select (1 - least(?3, tokens + extract(epoch from clock_timestamp() - updated_at) * ?4))
             / ?4
      from rate_bucket where scope = ?1 and key = ?2""";

  private final RateLimiter submissions;
  private final java.util.concurrent.Semaphore judging;
  private final EntityManager em;
  private final int capacity;
  private final double perSecond;

  RateLimiters(ScoringConfig config, EntityManager em) {
    this.submissions = new RateLimiter(config.rateLimitSubmissions(),
        TimeUnit.SECONDS.toNanos(config.rateLimitSeconds()));
    this.judging = new java.util.concurrent.Semaphore(config.maxConcurrentSubmissions(), true);
    this.em = em;
    this.capacity = config.rateLimitSubmissions();
    this.perSecond = (double) config.rateLimitSubmissions() / config.rateLimitSeconds();
  }

  /** Turns for judging submissions, fair (first come, first judged). */
  java.util.concurrent.Semaphore judging() {
    return judging;
  }

  /**
   * Takes a submission token of the trainee: 0 when allowed, else the nanoseconds to wait. The
   * token is spent in its own transaction, whatever becomes of the submission.
   */
  long acquireSubmission(long traineeId) {
    long local = submissions.acquire(traineeId, System.nanoTime());
    if (local > 0) {
      return local;
    }
    return QuarkusTransaction.requiringNew().call(() -> {
      List<?> taken = em.createNativeQuery(TAKE).setParameter(1, SUBMISSIONS)
          .setParameter(2, traineeId).setParameter(3, (double) capacity)
          .setParameter(4, perSecond).getResultList();
      if (!taken.isEmpty()) {
        return 0L;
      }
      List<?> wait = em.createNativeQuery(WAIT).setParameter(1, SUBMISSIONS)
          .setParameter(2, traineeId).setParameter(3, (double) capacity)
          .setParameter(4, perSecond).getResultList();
      double seconds = wait.isEmpty() ? 0 : ((Number) wait.get(0)).doubleValue();
      return Math.max(1L, (long) Math.ceil(seconds * 1e9));
    });
  }
}
