package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.cluster.ClusterMembership;
import id.born2control.identity.TeamRef;
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
 * prerequisites, exercise window and cohort reservation), one active lab per trainee (per team in
 * a team exercise) and challenge, the start rate, the
 * per-trainee (per-team) and global limits and room in the start queue, decided from the stored labs under
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
   * Starts the trainee's lab of this challenge (their team's in a team exercise), or returns the
   * active one; the containers are created by a worker, so this returns at once with the lab
   * {@code PROVISIONING}.
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
    Long teamId = access.labTeam(trainee, entry).map(TeamRef::id).orElse(null);
    Optional<LabView> teams = teamId == null ? Optional.empty() : LabStates.tx(() ->
        LabInstance.findActiveOfTeam(teamId, entry.slug()).map(states::view));
    if (teams.isPresent()) {
      return new LabService.Started(teams.get(), false);
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
        if (active(trainee, teamId, entry.slug()).isPresent()) {
          return null;
        }
        // A team lab counts against its team's quota, whichever member starts it.
        checkStartRate(teamId == null ? LabInstance.startsSince(trainee.id(), windowStart())
            : LabInstance.teamStartsSince(teamId, windowStart()));
        long active = teamId == null ? LabInstance.countActiveOf(trainee.id())
            : LabInstance.countActiveOfTeam(teamId);
        if (active >= config.perTraineeLimit()) {
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
        instance.teamId = teamId;
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
        return new LabService.Started(LabStates.tx(() -> active(trainee, teamId, entry.slug())
            .map(states::view)).orElseThrow(() -> LabException.notFound(entry.slug())), false);
      }
      provisioner.submit(created.id(), entry);
    }
    events.publish(created);
    images.ensure(entry);
    return new LabService.Started(created, true);
  }

  /** The trainee's own active lab of the challenge, else their team's. */
  private static Optional<LabInstance> active(TraineeRef trainee, Long teamId, String slug) {
    return LabInstance.findActive(trainee.id(), slug)
        .or(() -> teamId == null ? Optional.empty() : LabInstance.findActiveOfTeam(teamId, slug));
  }

  private Instant windowStart() {
    return Instant.now().minusSeconds(config.startRateWindowSeconds());
  }

  /**
   * At most {@code start-rate} labs created in the window (the trainee's, or their team's for a
   * team lab), counted from the rows: {@code starts} are those the window holds, oldest first.
   */
  private void checkStartRate(List<Instant> starts) {
    Instant now = Instant.now();
    Duration window = Duration.ofSeconds(config.startRateWindowSeconds());
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
