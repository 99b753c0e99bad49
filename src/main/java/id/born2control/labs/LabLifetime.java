package id.born2control.labs;

import id.born2control.labs.LabViews.LabView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The owner's say over a running lab's life: stop it now (a lab still being started is removed
 * by its worker), or give it another TTL within {@code b2c.labs.max-lifetime-seconds}.
 */
@ApplicationScoped
class LabLifetime {

  private final LabStates states;
  private final LabQueries queries;
  private final LabsConfig config;

  LabLifetime(LabStates states, LabQueries queries, LabsConfig config) {
    this.states = states;
    this.queries = queries;
    this.config = config;
  }

  /** Stops and removes the lab; progress (flags, checks, solves) stays recorded. */
  LabView stop(String instanceId, long traineeId, boolean anyOwner) {
    stop(instanceId, traineeId, anyOwner, "stopped by its owner");
    return queries.get(instanceId, traineeId, anyOwner);
  }

  /** Stops and removes any lab for the range itself, saying why (a live fire's end). */
  void remove(String instanceId, String why) {
    stop(instanceId, 0, true, why);
  }

  private void stop(String instanceId, long traineeId, boolean anyOwner, String why) {
    LabState before = LabStates.tx(() -> states.ownedForChange(instanceId, traineeId, anyOwner)
        .map(i -> {
          LabState was = i.state;
          if (was.active() && was != LabState.STOPPING) {
            i.moveTo(LabState.STOPPING, why);
          }
          return was;
        })).orElseThrow(() -> LabException.notFound(instanceId));
    if (before == LabState.RUNNING || before == LabState.STOPPING) {
      states.publish(instanceId);
      states.finishStop(instanceId);
    } else if (before == LabState.PROVISIONING || before == LabState.STARTING) {
      // the worker sees STOPPING and removes what it created
      states.publish(instanceId);
    }
  }

  /** Gives the lab another TTL from now, within the maximum lifetime. */
  LabView extend(String instanceId, long traineeId, boolean anyOwner) {
    LabStates.tx(() -> {
      LabInstance i = states.owned(instanceId, traineeId, anyOwner)
          .orElseThrow(() -> LabException.notFound(instanceId));
      if (i.state != LabState.RUNNING && i.state != LabState.STARTING
          && i.state != LabState.PROVISIONING) {
        throw LabException.notRunning(instanceId, i.state);
      }
      long ttl = states.spec(i).lab().ttlSeconds();
      Instant limit = i.createdAt.plusSeconds(config.maxLifetimeSeconds());
      Instant wanted = Instant.now().plusSeconds(ttl);
      if (!wanted.isAfter(i.expiresAt)) {
        return;
      }
      if (!i.expiresAt.isBefore(limit)) {
        throw LabException.lifetime(config.maxLifetimeSeconds());
      }
      i.expiresAt = wanted.isAfter(limit) ? limit : wanted;
      i.updatedAt = Instant.now();
    });
    states.publish(instanceId);
    return queries.get(instanceId, traineeId, anyOwner);
  }
}
