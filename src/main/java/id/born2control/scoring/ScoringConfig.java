package id.born2control.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Submission limits and scoring settings. */
@ConfigMapping(prefix = "b2c.scoring")
public interface ScoringConfig {

  /** Submissions a trainee may make in a burst (the token bucket's size). */
  @WithDefault("10")
  int rateLimitSubmissions();

  /** Seconds in which the bucket refills completely: rate = submissions per this many seconds. */
  @WithDefault("10")
  int rateLimitSeconds();

  /** Longest flag accepted, in characters. */
  @WithDefault("512")
  int maxFlagLength();

  /** Largest submission body accepted, in bytes. */
  @WithDefault("4096")
  int maxBodyBytes();

  /**
   * Submissions judged at once; more wait their turn, so that a burst queues here instead of
   * timing out on database connections. Keep it below the connection pool size.
   */
  @WithDefault("24")
  int maxConcurrentSubmissions();

  /**
   * Threads storing judged submissions by group commit, each with one database connection while
   * it writes a batch (issue 17). Two let one batch fill while the other commits.
   */
  @WithDefault("2")
  int submissionWriters();

  /** Submissions stored together in one transaction at most. */
  @WithDefault("500")
  int submissionBatch();

  /**
   * How long a writer that found fewer submissions waiting than {@code submission-batch} lets
   * more join before it stores them: under load, bigger batches share a transaction's fixed cost
   * (its round trips, commit and audit record) among more submissions (issue 17,
   * {@code infra/bench/RESULTS.md}); when quiet, an answer comes at most this much later. 0 stores
   * at once.
   */
  @WithDefault("2ms")
  Duration submissionFill();

  /** Seconds a submission may wait for its turn before it is answered 503 with Retry-After. */
  @WithDefault("30")
  int submissionQueueSeconds();

  /** First-blood bonus, in percent of the challenge's initial value, of the 1st, 2nd, 3rd... solver. */
  @WithDefault("10,5,2")
  List<Integer> firstBloodPercentages();

  /** Wrong answers to one challenge within the brute-force window that flag a trainee. */
  @WithDefault("30")
  int bruteForceAttempts();

  /** Minutes over which wrong answers count towards a brute-force incident. */
  @WithDefault("60")
  int bruteForceWindowMinutes();
}
