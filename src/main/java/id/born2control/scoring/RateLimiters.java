package id.born2control.scoring;

import id.born2control.cluster.ClusterMembership;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The range's rate limits and the gate that bounds concurrent judging. The submission limit is a
 * token bucket per trainee in memory: each instance holds an equal share of the cluster-wide
 * budget ({@code rate-limit-submissions} over the instances alive, rounded up), so the load
 * balancer spreading a trainee's requests over N instances lets through the configured limit in
 * total without a database round trip per request (issue 17: the shared bucket in PostgreSQL
 * was a write per submission). When the number of instances changes, the buckets start again
 * at the new share.
 */
@ApplicationScoped
class RateLimiters {

  private final Semaphore judging;
  private final ClusterMembership membership;
  private final int capacity;
  private final long periodNanos;
  private volatile Share share;

  private record Share(int members, RateLimiter limiter) {}

  RateLimiters(ScoringConfig config, ClusterMembership membership) {
    this.judging = new Semaphore(config.maxConcurrentSubmissions(), true);
    this.membership = membership;
    this.capacity = config.rateLimitSubmissions();
    this.periodNanos = TimeUnit.SECONDS.toNanos(config.rateLimitSeconds());
    this.share = share(1);
  }

  /** Turns for judging submissions, fair (first come, first judged). */
  Semaphore judging() {
    return judging;
  }

  /** Takes a submission token of the trainee: 0 when allowed, else the nanoseconds to wait. */
  long acquireSubmission(long traineeId) {
    int members = membership.members();
    Share current = share;
    if (current.members() != members) {
      current = share(members);
      share = current;
    }
    return current.limiter().acquire(traineeId, System.nanoTime());
  }

  /** This instance's share: capacity and refill both divided by the instances alive. */
  private Share share(int members) {
    int perInstance = (capacity + members - 1) / members;
    // The refill keeps the configured rate overall: a share of the tokens over the same period.
    return new Share(members, new RateLimiter(perInstance, periodNanos));
  }
}
