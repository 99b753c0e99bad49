package id.born2control.labs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Chooses the lab backend named by {@code b2c.labs.backend}, and runs the upkeep of either
 * backend's spare networks on the Quarkus scheduler (removing the single engine's unclaimed
 * spares at shutdown).
 */
@Singleton
class LabBackendProducer {

  private volatile SpareNetworkPool spares;
  private volatile DockerSpareNetworks engineSpares;

  @Produces
  @ApplicationScoped
  LabBackend backend(LabsConfig config) {
    return switch (config.backend()) {
      case "docker" -> {
        DockerLabBackend docker = new DockerLabBackend(config);
        engineSpares = docker.spares();
        yield docker;
      }
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
   * Ticks the spare networks of the backend once it exists; the pool decides whether a
   * refill is due (after a claim, or periodically).
   */
  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void keepSpareNetworks() {
    SpareNetworkPool pool = spares;
    if (pool != null) {
      pool.refillWhenDue();
    }
    DockerSpareNetworks engine = engineSpares;
    if (engine != null) {
      engine.refillWhenDue();
    }
  }

  /** Unclaimed spares of the single engine go with the service; claimed ones with their labs. */
  void onStop(@Observes ShutdownEvent event) {
    DockerSpareNetworks engine = engineSpares;
    if (engine != null) {
      engine.drain();
    }
  }
}
