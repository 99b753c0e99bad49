package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.cluster.ClusterMembership;
import id.born2control.labs.LiveFire.Phase;
import id.born2control.labs.LiveFireSeat.SeatState;
import id.born2control.problem.RangeException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The leader moves live-fire exercises on. At the start it seats every participant of the
 * exercise ({@link LiveFireSeating}: its cohorts' trainees, or their teams in a team exercise)
 * and starts their labs in waves of at most
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
  private final LiveFireSeating seating;
  private final CatalogService catalog;
  private final ClusterMembership membership;
  private final LabsConfig config;

  LiveFireRunner(LabAdmission admission, LabLifetime lifetime, LiveFireSeating seating,
      CatalogService catalog, ClusterMembership membership, LabsConfig config) {
    this.admission = admission;
    this.lifetime = lifetime;
    this.seating = seating;
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
        seating.seat(fire);
        phase(fire, Phase.RUNNING);
      }
      LiveFireSeating.follow(fire);
      provision(fire);
    } else if (now.isBefore(fire.removeAt())) {
      phase(fire, Phase.DEBRIEF);
      LiveFireSeating.follow(fire);
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
      LiveFireSeating.Starter starter = LabStates.tx(() -> seating.starter(seat));
      String failure = starter.failure();
      if (entry == null) {
        failure = "the challenge " + fire.challengeSlug + " is no longer in the catalog";
      } else if (failure == null) {
        try {
          // Admission puts the lab on the exercise's clock and marks the seat provisioning; as
          // a team member's start, it is the team's lab (a team that has one keeps it).
          admission.start(starter.trainee(), entry);
        } catch (RangeException e) {
          failure = e.getMessage();
        } catch (RuntimeException e) {
          LOG.warnf("Labs: live-fire lab of seat %d did not start: %s", seat.id,
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
      for (String lab : LiveFireSeating.labsOf(fire, seat)) {
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
