package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.cluster.ClusterMembership;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LiveFire.Phase;
import id.born2control.labs.LiveFireSeat.SeatState;
import id.born2control.problem.RangeException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The leader moves live-fire exercises on. At the start it seats every trainee of the
 * exercise's cohorts and starts their labs in waves of at most
 * {@code b2c.labs.live-fire-concurrency} provisioning at once; while the exercise runs it
 * follows each lab (ready, failed with the reason, restarted by its trainee) and starts the
 * labs staff asked to retry. The labs' scenario clock is the exercise's ({@link LiveFire#join}),
 * so at the end their adversary and ticks stop; the labs stay for the debrief period, then are
 * removed.
 */
@ApplicationScoped
class LiveFireRunner {

  private static final Logger LOG = Logger.getLogger(LiveFireRunner.class);
  static final String REMOVED = "the live-fire exercise's debrief ended";

  private final LabAdmission admission;
  private final LabLifetime lifetime;
  private final IdentityService identities;
  private final CatalogService catalog;
  private final ClusterMembership membership;
  private final LabsConfig config;

  LiveFireRunner(LabAdmission admission, LabLifetime lifetime, IdentityService identities,
      CatalogService catalog, ClusterMembership membership, LabsConfig config) {
    this.admission = admission;
    this.lifetime = lifetime;
    this.identities = identities;
    this.catalog = catalog;
    this.membership = membership;
    this.config = config;
  }

  @Scheduled(every = "${b2c.labs.live-fire-every:2s}", delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    if (!membership.isLeader()) {
      return;
    }
    List<LiveFire> open;
    try {
      open = LabStates.tx(LiveFire::listOpen);
    } catch (RuntimeException e) {
      LOG.warnf("Labs: live-fire sweep failed: %s", e.getMessage());
      return;
    }
    Instant now = Instant.now();
    for (LiveFire fire : open) {
      try {
        step(fire, now);
      } catch (RuntimeException e) {
        LOG.warnf("Labs: live-fire exercise %d did not move on: %s", fire.exerciseId,
            e.getMessage());
      }
    }
  }

  private void step(LiveFire fire, Instant now) {
    if (now.isBefore(fire.startsAt)) {
      return;
    }
    if (now.isBefore(fire.endsAt)) {
      if (fire.phase == Phase.SCHEDULED) {
        seatCohorts(fire);
        phase(fire, Phase.RUNNING);
      }
      follow(fire);
      provision(fire);
    } else if (now.isBefore(fire.removeAt())) {
      phase(fire, Phase.DEBRIEF);
      follow(fire);
    } else {
      remove(fire);
      phase(fire, Phase.DONE);
    }
  }

  private static void phase(LiveFire fire, Phase next) {
    if (fire.phase != next) {
      LabStates.tx(() -> LiveFire.<LiveFire>findByIdOptional(fire.exerciseId)
          .ifPresent(f -> f.moveTo(next)));
      fire.phase = next;
      LOG.infof("Labs: live-fire exercise %d is %s", fire.exerciseId, next);
    }
  }

  /** Seats every (ranked) trainee of the exercise's cohorts who has no seat yet. */
  private void seatCohorts(LiveFire fire) {
    // In the order they joined the range, so the labs start in a stable order.
    List<TraineeRef> trainees = identities.all().stream()
        .filter(t -> !t.banned() && fire.includes(t.cohort()))
        .sorted(java.util.Comparator.comparingLong(TraineeRef::id)).toList();
    LabStates.tx(() -> {
      Set<Long> seated = LiveFireSeat.of(fire.exerciseId).stream().map(s -> s.traineeId)
          .collect(Collectors.toSet());
      for (TraineeRef t : trainees) {
        if (!seated.contains(t.id())) {
          LiveFireSeat seat = new LiveFireSeat();
          seat.exerciseId = fire.exerciseId;
          seat.traineeId = t.id();
          seat.persist();
        }
      }
    });
  }

  /**
   * Brings each seat in line with its trainee's lab: the active lab of the challenge (started
   * by the range, late, or again after a restart) is provisioning or ready; a lab that ended
   * leaves the seat failed with the lab's reason, for staff to retry.
   */
  private static void follow(LiveFire fire) {
    LabStates.tx(() -> {
      Map<Long, LabInstance> active = LabInstance.<LabInstance>list(
          "challengeSlug = ?1 and state in ?2", fire.challengeSlug, LabState.ACTIVE).stream()
          .collect(Collectors.toMap(i -> i.traineeId, Function.identity(), (a, b) -> a));
      List<LiveFireSeat> seats = LiveFireSeat.of(fire.exerciseId);
      List<String> gone = seats.stream().filter(s -> s.instanceId != null
          && !active.containsKey(s.traineeId)).map(s -> s.instanceId).toList();
      Map<String, LabInstance> ended = gone.isEmpty() ? Map.of()
          : LabInstance.<LabInstance>list("instanceId in ?1", gone).stream()
              .collect(Collectors.toMap(i -> i.instanceId, Function.identity()));
      for (LiveFireSeat seat : seats) {
        LabInstance lab = active.get(seat.traineeId);
        if (lab != null) {
          seat.instanceId = lab.instanceId;
          seat.moveTo(lab.state == LabState.RUNNING ? SeatState.READY : SeatState.PROVISIONING,
              null);
        } else if (seat.instanceId != null && (seat.state == SeatState.READY
            || seat.state == SeatState.PROVISIONING)) {
          LabInstance last = ended.get(seat.instanceId);
          seat.moveTo(SeatState.FAILED, last == null || last.reason == null
              ? "the lab ended" : "the lab ended: " + last.reason);
        }
      }
    });
  }

  /** Starts waiting seats' labs while fewer than the configured number are provisioning. */
  private void provision(LiveFire fire) {
    List<LiveFireSeat> seats = LabStates.tx(() -> LiveFireSeat.of(fire.exerciseId));
    long busy = seats.stream().filter(s -> s.state == SeatState.PROVISIONING).count();
    List<LiveFireSeat> waiting = seats.stream().filter(s -> s.state == SeatState.WAITING)
        .limit(Math.max(0, config.liveFireConcurrency() - busy)).toList();
    if (waiting.isEmpty()) {
      return;
    }
    CatalogEntry entry = catalog.find(fire.challengeSlug).orElse(null);
    for (LiveFireSeat seat : waiting) {
      String failure = null;
      TraineeRef trainee = identities.byId(seat.traineeId).orElse(null);
      if (entry == null) {
        failure = "the challenge " + fire.challengeSlug + " is no longer in the catalog";
      } else if (trainee == null) {
        failure = "the trainee no longer exists";
      } else {
        try {
          // Admission puts the lab on the exercise's clock and marks the seat provisioning.
          admission.start(trainee, entry);
        } catch (RangeException e) {
          failure = e.getMessage();
        } catch (RuntimeException e) {
          LOG.warnf("Labs: live-fire lab of trainee %d did not start: %s", seat.traineeId,
              e.getMessage());
          failure = "the range could not start the lab";
        }
      }
      String why = failure;
      LabStates.tx(() -> LiveFireSeat.<LiveFireSeat>findByIdOptional(seat.id).ifPresent(s -> {
        s.attempts++;
        if (why != null) {
          s.moveTo(SeatState.FAILED, why);
        }
      }));
    }
  }

  /** After the debrief: removes every participant's lab of the exercise. */
  private void remove(LiveFire fire) {
    List<LiveFireSeat> seats = LabStates.tx(() -> LiveFireSeat.of(fire.exerciseId));
    for (LiveFireSeat seat : seats) {
      List<String> labs = LabStates.tx(() -> LabInstance.<LabInstance>list(
          "traineeId = ?1 and challengeSlug = ?2 and state in ?3 and clockStart = ?4",
          seat.traineeId, fire.challengeSlug, LabState.ACTIVE, fire.startsAt)).stream()
          .map(i -> i.instanceId).toList();
      for (String lab : labs) {
        try {
          lifetime.remove(lab, REMOVED);
        } catch (RangeException gone) {
          // stopped meanwhile
        }
      }
      LabStates.tx(() -> LiveFireSeat.<LiveFireSeat>findByIdOptional(seat.id)
          .ifPresent(s -> s.moveTo(SeatState.REMOVED, null)));
    }
  }
}
