package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.cluster.ClusterMembership;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabViews.LabView;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who may start a lab now: the challenge open to the trainee ({@link LabAccessRules}: its
 * prerequisites, exercise window and cohort reservation), one active lab per trainee and
 * challenge, the start rate, the
 * per-trainee and global limits and room in the start queue, decided from the stored labs under
 * a lock that every service instance shares. An admitted lab is stored {@code PROVISIONING} and
 * handed to the {@link LabProvisioner}.
 */
@ApplicationScoped
class LabAdmission {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LabImages images;
  private final LabEvents events;
  private final LabStates states;
  private final LabProvisioner provisioner;
  private final LabsConfig config;
  private final ClusterMembership membership;
  private final LabAccessRules access;
  private final Object admission = new Object();

  LabAdmission(LabImages images, LabEvents events, LabStates states, LabProvisioner provisioner,
      LabsConfig config, ClusterMembership membership, LabAccessRules access) {
    this.access = access;
    this.images = images;
    this.events = events;
    this.states = states;
    this.provisioner = provisioner;
    this.config = config;
    this.membership = membership;
  }

  /**
   * Starts the trainee's lab of this challenge, or returns the active one; the containers are
   * created by a worker, so this returns at once with the lab {@code PROVISIONING}.
   */
  LabService.Started start(TraineeRef trainee, CatalogEntry entry) {
    if (!entry.spec().hasLab()) {
      throw LabException.noLab(entry.slug());
    }
    Optional<LabView> running = LabStates.tx(() -> LabInstance.findActive(trainee.id(),
        entry.slug()).map(states::view));
    if (running.isPresent()) {
      return new LabService.Started(running.get(), false);
    }
    access.checkStart(trainee, entry);
    var imageStatus = images.status(entry);
    if ("failed".equals(imageStatus.state())) {
      throw LabException.imageUnavailable(entry.slug(), imageStatus.problem());
    }
    LabSpec lab = entry.spec().lab();
    LabView created;
    synchronized (admission) {
      created = LabStates.tx(() -> {
        LabInstance.lockAdmission();
        Optional<LabInstance> active = LabInstance.findActive(trainee.id(), entry.slug());
        if (active.isPresent()) {
          return null;
        }
        checkStartRate(trainee.id());
        if (LabInstance.countActiveOf(trainee.id()) >= config.perTraineeLimit()) {
          throw LabException.perTraineeLimit(config.perTraineeLimit());
        }
        if (LabInstance.countActive() >= config.globalLimit()) {
          throw LabException.capacity(config.globalLimit());
        }
        if (!provisioner.hasRoom()) {
          throw LabException.queueFull();
        }
        LabInstance instance = new LabInstance();
        instance.instanceId = newInstanceId();
        instance.traineeId = trainee.id();
        instance.challengeSlug = entry.slug();
        instance.challengeVersionId = entry.versionId();
        instance.state = LabState.PROVISIONING;
        instance.expiresAt = Instant.now().plusSeconds(lab.ttlSeconds());
        instance.starter = membership.instanceKey();
        instance.persist();
        LiveFire.clockFor(entry.slug(), trainee.cohort(), Instant.now())
            .ifPresent(fire -> fire.join(instance));
        return states.announce(instance);
      });
      if (created == null) {
        return new LabService.Started(LabStates.tx(() -> LabInstance.findActive(trainee.id(),
            entry.slug()).map(states::view)).orElseThrow(() -> LabException.notFound(entry.slug())),
            false);
      }
      provisioner.submit(created.id(), entry);
    }
    events.publish(created);
    images.ensure(entry);
    return new LabService.Started(created, true);
  }

  /** At most {@code start-rate} labs created per trainee in the window, counted from the rows. */
  private void checkStartRate(long traineeId) {
    Instant now = Instant.now();
    Duration window = Duration.ofSeconds(config.startRateWindowSeconds());
    List<Instant> starts = LabInstance.startsSince(traineeId, now.minus(window));
    if (starts.size() >= config.startRate()) {
      Instant freed = starts.get(starts.size() - config.startRate()).plus(window);
      long wait = Math.max(1, (Duration.between(now, freed).toMillis() + 999) / 1000);
      throw LabException.startRate(config.startRate(), config.startRateWindowSeconds(), wait);
    }
  }

  private static String newInstanceId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "lab" + HexFormat.of().formatHex(bytes);
  }
}
