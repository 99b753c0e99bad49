package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.ChallengeSpec.DynamicFlagSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.flags.FlagService;
import id.born2control.labs.LabBackend.FlagFile;
import id.born2control.labs.LabBackend.LabHandle;
import id.born2control.labs.LabBackend.LabLaunch;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Creates admitted labs on a bounded worker pool with a first-come queue
 * ({@code b2c.labs.start-workers}, {@code start-queue}): waits for the image, issues the flag,
 * asks the backend for the containers and where their ports are reached, and moves the lab to RUNNING; a lab
 * stopped meanwhile is removed again, a failure is recorded with its reason.
 */
@ApplicationScoped
class LabProvisioner {

  private static final Logger LOG = Logger.getLogger(LabProvisioner.class);
  /** The reason a trainee reads when the start failed in a way no backend explained. */
  private static final String UNEXPLAINED = "the lab could not be started because of an error"
      + " on the range (it is logged); start it again";

  private final LabBackend backend;
  private final LabImages images;
  private final LabEndpoints endpoints;
  private final LabStates states;
  private final FlagService flags;
  private final LabsConfig config;
  private final ThreadPoolExecutor workers;
  private final LabTopologies topologies;

  LabProvisioner(LabBackend backend, LabImages images, LabEndpoints endpoints, LabStates states,
      FlagService flags, LabsConfig config, LabTopologies topologies) {
    this.backend = backend;
    this.images = images;
    this.topologies = topologies;
    this.endpoints = endpoints;
    this.states = states;
    this.flags = flags;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(config.startWorkers(), config.startWorkers(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, config.startQueue())), r -> {
          Thread t = new Thread(r, "b2c-lab-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Whether the queue has room for one more start. */
  boolean hasRoom() {
    return workers.getQueue().remainingCapacity() > 0;
  }

  /**
   * Queues the start of an admitted (PROVISIONING) lab; when the queue is full after all, the
   * lab is failed and the caller told.
   */
  void submit(String instanceId, CatalogEntry entry) {
    try {
      workers.execute(() -> provision(instanceId, entry));
    } catch (RejectedExecutionException e) {
      states.fail(instanceId, "the range is too busy to start the lab now; try again shortly");
      throw LabException.queueFull();
    }
  }

  /** Labs waiting for or being started by a worker of this instance. */
  int startsInFlight() {
    return workers.getActiveCount() + workers.getQueue().size();
  }

  void onStop(@Observes ShutdownEvent event) {
    workers.shutdownNow();
  }

  /** Creates the admitted lab's containers, unless it was stopped while it waited. */
  private void provision(String instanceId, CatalogEntry entry) {
    Optional<LabInstance> claimed = LabStates.tx(() -> LabInstance.lockByInstanceId(instanceId)
        .filter(i -> i.state == LabState.PROVISIONING)
        .map(i -> {
          i.moveTo(LabState.STARTING, null);
          return i;
        }));
    if (claimed.isEmpty()) {
      // stopped while it waited in the queue
      states.finishStop(instanceId);
      return;
    }
    states.publish(instanceId);
    LabInstance instance = claimed.get();
    LabSpec lab = entry.spec().lab();
    try {
      LabImages.Images built;
      try {
        built = images.ensure(entry).get(20, TimeUnit.MINUTES);
      } catch (TimeoutException e) {
        throw new LabBackendException("the lab image is still building; try again later");
      } catch (ExecutionException e) {
        throw new LabBackendException(LabImages.rootMessage(e));
      }
      Map<String, String> env = new LinkedHashMap<>(lab.environment());
      FlagFile flagFile = null;
      DynamicFlagSpec flagSpec = lab.flag();
      if (flagSpec != null) {
        String flag = flags.issue(instance.traineeId, instance.teamId, entry.slug(), instanceId,
            flagSpec.template());
        if (flagSpec.env() != null) {
          env.put(flagSpec.env(), flag);
        } else {
          flagFile = new FlagFile(flagSpec.file(), flag + "\n",
              Integer.parseInt(flagSpec.mode(), 8), flagSpec.owner());
        }
      }
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("b2c.trainee", Long.toString(instance.traineeId));
      labels.put("b2c.challenge", entry.slug());
      labels.put("b2c.expires", instance.expiresAt.toString());
      LabLaunch launch = new LabLaunch(instanceId, built.target(), built.workstation(),
          (int) Math.round(lab.limits().cpus() * 1000), lab.limits().memoryBytes(),
          lab.limits().pids(), lab.capabilities(), lab.egress(), env, LabEndpoints.tcpPorts(lab),
          flagFile, config.maxRestarts(), labels);
      LabHandle handle = lab.multiHost() ? backend.start(launch, topologies.of(entry))
          : backend.start(launch);
      // A Swarm lab's relay must be published on its node before the lab counts as running.
      Map<Integer, InetSocketAddress> published =
          endpoints.of(instanceId, handle.targetIp(), LabEndpoints.tcpPorts(lab));
      boolean keep = LabStates.tx(() -> LabInstance.lockByInstanceId(instanceId).map(i -> {
        i.image = built.target();
        i.networkId = handle.networkId();
        i.targetContainer = handle.targetContainer();
        i.workstationContainer = handle.workstationContainer();
        i.targetIp = handle.targetIp();
        if (i.state != LabState.STARTING) {
          return false;
        }
        i.startedAt = Instant.now();
        i.moveTo(LabState.RUNNING, null);
        return true;
      }).orElse(false));
      if (!keep) {
        states.finishStop(instanceId);
        return;
      }
      LOG.debugf("Labs: %s of %s running (%s)", instanceId, entry.slug(), published);
      states.publish(instanceId);
    } catch (LabBackendException e) {
      LOG.warnf("Labs: %s of %s failed to start: %s", instanceId, entry.slug(), e.getMessage());
      endpoints.forget(instanceId);
      backend.remove(instanceId);
      states.fail(instanceId, e.getMessage());
    } catch (Exception e) {
      // Not a failure the backend explained: its message (a class name, an address) is for the
      // log, not for the trainee.
      LOG.warnf(e, "Labs: %s of %s failed to start", instanceId, entry.slug());
      endpoints.forget(instanceId);
      backend.remove(instanceId);
      states.fail(instanceId, UNEXPLAINED);
    }
  }
}
