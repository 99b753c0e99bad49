package id.born2control.labs;

import id.born2control.cluster.ClusterMembership;
import id.born2control.cluster.LeaderElected;
import id.born2control.labs.LabBackend.ManagedLab;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The leader's upkeep of the lab fleet: reconciling the engine with the database when it is
 * elected, and on every reaper run removing expired labs, recording labs that died on the
 * engine, and taking over the labs of service instances that died.
 */
@ApplicationScoped
class LabReconciler {

  private static final Logger LOG = Logger.getLogger(LabReconciler.class);

  private final LabBackend backend;
  private final LabStates states;
  private final LabEndpoints endpoints;
  private final LabProvisioner provisioner;
  private final LabsConfig config;
  private final ClusterMembership membership;

  LabReconciler(LabBackend backend, LabStates states, LabEndpoints endpoints,
      LabProvisioner provisioner, LabsConfig config, ClusterMembership membership) {
    this.backend = backend;
    this.states = states;
    this.endpoints = endpoints;
    this.provisioner = provisioner;
    this.config = config;
    this.membership = membership;
  }

  /**
   * The leader (a lone instance at start-up, or the one taking over from a dead leader) adopts
   * labs the engine still runs and removes what the database does not know.
   */
  void onLeader(@Observes LeaderElected elected) {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.warnf("Labs: the container engine could not be reconciled: %s", e.getMessage());
    }
  }

  /**
   * Makes the database and the engine agree: active rows whose containers are gone become
   * FAILED, containers without an active row are removed, live ones are adopted (their endpoints asked again).
   * Sweeps (this and {@link #detectDead()}) run one at a time: one sweep removing a dead lab's
   * containers must not let another record it as "gone" before the first records why it died.
   */
  synchronized void reconcile() {
    List<ManagedLab> engine = backend.listManaged();
    Map<String, ManagedLab> byId = engine.stream()
        .collect(Collectors.toMap(ManagedLab::instanceId, m -> m, (a, b) -> a));
    List<LabInstance> active = LabStates.tx(LabInstance::listActive);
    Set<String> activeIds = active.stream().map(i -> i.instanceId).collect(Collectors.toSet());
    for (ManagedLab lab : engine) {
      if (!activeIds.contains(lab.instanceId()) || !config.adoptOnStart()) {
        LOG.infof("Labs: removing orphan lab %s from the engine", lab.instanceId());
        endpoints.forget(lab.instanceId());
        backend.remove(lab.instanceId());
      }
    }
    for (LabInstance i : active) {
      ManagedLab lab = config.adoptOnStart() ? byId.get(i.instanceId) : null;
      boolean startedHere = i.starter == null || i.starter == membership.instanceKey();
      if (i.state == LabState.RUNNING && lab != null && (lab.running() || lab.restarting())) {
        // its target may have restarted elsewhere: ask the backend again at the next use
        endpoints.forget(i.instanceId);
        continue;
      }
      if (i.state == LabState.PROVISIONING || i.state == LabState.STARTING) {
        boolean inFlight = startedHere
            ? provisioner.startsInFlight() > 0
            : membership.isAlive(i.starter);
        if (inFlight) {
          continue; // being started by this instance or another live one right now
        }
      }
      if (i.state == LabState.STOPPING) {
        states.finishStop(i.instanceId);
        continue;
      }
      endpoints.forget(i.instanceId);
      backend.remove(i.instanceId);
      states.fail(i.instanceId, lab == null
          ? "the lab's containers are gone (engine restarted or removed from outside)"
          : describeExit(lab));
    }
  }

  /**
   * Periodic, on the leader only: expired labs are removed; labs that died on the engine are
   * marked.
   */
  @Scheduled(every = "${b2c.labs.reaper-every:5s}", delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reap() {
    if (!membership.isLeader()) {
      return;
    }
    try {
      reapExpired();
      detectDead();
      takeOverFromDeadInstances();
    } catch (RuntimeException e) {
      LOG.warnf("Labs: reaper run failed: %s", e.getMessage());
    }
  }

  /** Stops every lab whose time is up. */
  int reapExpired() {
    List<String> expired = LabStates.tx(() -> LabInstance.lockExpired(Instant.now()).stream()
        .map(i -> {
          i.moveTo(LabState.STOPPING, "expired");
          return i.instanceId;
        }).toList());
    for (String id : expired) {
      states.publish(id);
      states.finishStop(id);
    }
    return expired.size();
  }

  /**
   * Labs admitted by a service instance that has died since: a start it left half done (queued
   * in its memory, or waiting for the engine) is removed from the engine and failed, so the
   * trainee can start again at once; a running lab becomes this instance's (its ports are reached
   * from any instance through the tunnel, which needs nothing of the dead one).
   */
  synchronized int takeOverFromDeadInstances() {
    int me = membership.instanceKey();
    Map<Integer, Boolean> alive = new HashMap<>();
    int taken = 0;
    for (LabInstance i : LabStates.tx(() -> LabInstance.listActiveStartedByOthers(me))) {
      if (alive.computeIfAbsent(i.starter, membership::isAlive)) {
        continue;
      }
      taken++;
      if (i.state == LabState.RUNNING) {
        LabStates.tx(() -> LabInstance.lockByInstanceId(i.instanceId)
            .ifPresent(l -> l.starter = me));
        states.publish(i.instanceId);
      } else if (i.state == LabState.STOPPING) {
        states.finishStop(i.instanceId);
      } else {
        endpoints.forget(i.instanceId);
        backend.remove(i.instanceId);
        states.fail(i.instanceId,
            "the range server that was starting this lab stopped; start it again");
      }
    }
    return taken;
  }

  /** Marks running labs whose target is no longer running on the engine. */
  synchronized int detectDead() {
    List<LabInstance> running = LabStates.tx(() -> LabInstance.list("state", LabState.RUNNING));
    if (running.isEmpty()) {
      return 0;
    }
    Map<String, ManagedLab> engine = backend.listManaged().stream()
        .collect(Collectors.toMap(ManagedLab::instanceId, m -> m, (a, b) -> a));
    int dead = 0;
    for (LabInstance i : running) {
      ManagedLab lab = engine.get(i.instanceId);
      if (lab != null && (lab.running() || lab.restarting())) {
        continue;
      }
      String why = lab == null
          ? "the lab's containers are gone (engine restarted or removed from outside)"
          : describeExit(lab);
      // Record why it died before removing the evidence.
      states.fail(i.instanceId, why);
      endpoints.forget(i.instanceId);
      backend.remove(i.instanceId);
      dead++;
    }
    return dead;
  }

  private String describeExit(ManagedLab lab) {
    if (lab.failure() != null) {
      return lab.failure();
    }
    if (lab.targetContainer() == null) {
      return "the lab's containers are gone (engine restarted or removed from outside)";
    }
    if (lab.oomKilled()) {
      return "the lab's main process was killed for using more memory than its limit";
    }
    if (lab.targetExitCode() == 137) {
      return "the lab was killed from outside the range";
    }
    return "the lab's main process exited with code " + lab.targetExitCode()
        + (lab.targetExitCode() != 0 ? " after " + config.maxRestarts() + " restarts" : "");
  }
}
