package id.born2control.labs;

import java.time.Duration;

/**
 * When a pool of warm lab networks (the Swarm's {@link SpareNetworkPool}, the single engine's
 * {@link DockerSpareNetworks}) refills: at the next scheduler tick after a claim, else every
 * {@value #EVERY_SECONDS} s (which also sweeps what a dead instance left).
 */
final class RefillTicks {

  static final int EVERY_SECONDS = 10;

  private volatile boolean wanted = true;
  private long next;

  /** A spare was claimed: refill at the next tick. */
  void wanted() {
    wanted = true;
  }

  /** Whether this tick refills (ticks never overlap: the scheduler skips a busy one). */
  boolean due() {
    long now = System.nanoTime();
    if (!wanted && now - next < 0) {
      return false;
    }
    wanted = false;
    next = now + Duration.ofSeconds(EVERY_SECONDS).toNanos();
    return true;
  }
}
