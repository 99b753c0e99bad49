package id.born2control.labs;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Chooses the lab backend named by {@code b2c.labs.backend}, and runs the Swarm backend's
 * upkeep of spare networks on the Quarkus scheduler.
 */
@Singleton
class LabBackendProducer {

  private volatile SpareNetworkPool spares;

  @Produces
  @ApplicationScoped
  LabBackend backend(LabsConfig config) {
    return switch (config.backend()) {
      case "docker" -> new DockerLabBackend(config);
      case "swarm" -> {
        SwarmLabBackend swarm = new SwarmLabBackend(config);
        spares = swarm.spares();
        yield swarm;
      }
      default -> throw new IllegalStateException("b2c.labs.backend '" + config.backend()
          + "' is not known; use 'docker' or 'swarm'");
    };
  }

  /**
   * Ticks the spare networks of the Swarm backend once it exists; the pool decides whether a
   * refill is due (after a claim, or periodically).
   */
  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void keepSpareNetworks() {
    SpareNetworkPool pool = spares;
    if (pool != null) {
      pool.refillWhenDue();
    }
  }
}
