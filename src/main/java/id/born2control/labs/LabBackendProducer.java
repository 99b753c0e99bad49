package id.born2control.labs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Chooses the lab backend named by {@code b2c.labs.backend}. */
class LabBackendProducer {

  @Produces
  @ApplicationScoped
  LabBackend backend(LabsConfig config) {
    return switch (config.backend()) {
      case "docker" -> new DockerLabBackend(config);
      case "swarm" -> new SwarmLabBackend(config);
      default -> throw new IllegalStateException("b2c.labs.backend '" + config.backend()
          + "' is not known; use 'docker' or 'swarm'");
    };
  }

  /** Stops the Swarm backend's background upkeep with the application. */
  void close(@Disposes LabBackend backend) {
    if (backend instanceof SwarmLabBackend swarm) {
      swarm.close();
    }
  }
}
