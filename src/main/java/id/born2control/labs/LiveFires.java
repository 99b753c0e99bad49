package id.born2control.labs;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live-fire exercises as staff schedule and follow them: the scenario challenge of an exercise,
 * its shared clock and debrief period, and each participant's lab (N of M ready, failures with
 * their reason, retried one by one or all, ended early). The leader's {@link LiveFireRunner} provisions and
 * removes the labs; every staff action here is audited.
 */
@ApplicationScoped
public class LiveFires {

  /** Longest debrief period an exercise may keep its labs for. */
  static final Duration DEBRIEF_MAX = Duration.ofDays(7);

  /** What to schedule: the exercise (scoring's), its challenge, window and debrief. */
  public record Schedule(long exerciseId, String challenge, List<String> cohorts,
      Instant startsAt, Instant endsAt, Duration debrief) {}

  /** One participant's lab. */
  public record Seat(long traineeId, String username, String state, String reason,
      String lab, int attempts, Instant updatedAt) {}

  /** An exercise's progress: how many labs of how many are ready, and each participant. */
  public record Progress(long exercise, String challenge, List<String> cohorts, String phase,
      Instant startsAt, Instant endsAt, Instant removeAt, int total, int ready, int provisioning,
      int waiting, int failed, List<Seat> seats) {}

  private final CatalogService catalog;
  private final IdentityService identities;
  private final AuditService audit;
  private final LabsConfig config;

  LiveFires(CatalogService catalog, IdentityService identities, AuditService audit,
      LabsConfig config) {
    this.catalog = catalog;
    this.identities = identities;
    this.audit = audit;
    this.config = config;
  }

  /**
   * Checks what would be scheduled, without storing anything: the errors (field: why), empty
   * when it can be scheduled.
   */
  public List<String> problems(String challenge, Duration debrief) {
    List<String> errors = new ArrayList<>();
    if (challenge == null || challenge.isBlank()) {
      errors.add("challenge: required");
    } else {
      CatalogEntry entry = catalog.find(challenge).orElse(null);
      if (entry == null) {
        errors.add("challenge: '" + challenge + "' is not in the catalog");
      } else if (!entry.spec().hasLab() || entry.spec().scenario() == null) {
        errors.add("challenge: '" + challenge + "' has no lab with a scenario");
      }
    }
    if (debrief != null && (debrief.isNegative() || debrief.compareTo(DEBRIEF_MAX) > 0)) {
      errors.add("debriefSeconds: between 0 and " + DEBRIEF_MAX.toSeconds());
    }
    return errors;
  }

  /** Stores a live-fire exercise (in the caller's transaction, with its exercise). */
  @Transactional
  public Progress schedule(Schedule s, String actor) {
    List<String> errors = problems(s.challenge(), s.debrief());
    if (s.endsAt() == null) {
      errors.add("endsAt: required");
    }
    if (!errors.isEmpty()) {
      throw LiveFireException.invalid(errors);
    }
    LiveFire fire = new LiveFire();
    fire.exerciseId = s.exerciseId();
    fire.challengeSlug = s.challenge();
    fire.cohorts = String.join("\n", s.cohorts() == null ? List.of() : s.cohorts());
    fire.startsAt = s.startsAt();
    fire.endsAt = s.endsAt();
    fire.debriefSeconds = (int) (s.debrief() == null ? config.liveFireDebrief() : s.debrief())
        .toSeconds();
    fire.persist();
    LiveFireChanged.fire(fire.exerciseId, null);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("challenge", fire.challengeSlug);
    details.put("cohorts", fire.cohortList());
    details.put("startsAt", String.valueOf(fire.startsAt));
    details.put("endsAt", String.valueOf(fire.endsAt));
    details.put("debriefSeconds", fire.debriefSeconds);
    audit.record(actor, "livefire.schedule", "exercise:" + fire.exerciseId, details);
    return progress(fire, List.of());
  }

  /** Every live-fire exercise's progress, latest start first. */
  @Transactional
  public List<Progress> all() {
    List<LiveFire> fires = LiveFire.list("order by startsAt desc, exerciseId desc");
    return fires.stream().map(f -> progress(f, LiveFireSeat.of(f.exerciseId))).toList();
  }

  /** One exercise's progress; 404 when it is not a live-fire exercise. */
  @Transactional
  public Progress progress(long exerciseId) {
    LiveFire fire = find(exerciseId);
    return progress(fire, LiveFireSeat.of(exerciseId));
  }

  /**
   * Starts failed labs again at the next step of the runner: one participant's, or every failed
   * one when {@code traineeId} is null. Audited.
   */
  @Transactional
  public Progress retry(long exerciseId, Long traineeId, String actor) {
    LiveFire fire = find(exerciseId);
    List<LiveFireSeat> seats = traineeId == null
        ? LiveFireSeat.of(exerciseId).stream()
            .filter(s -> s.state == LiveFireSeat.SeatState.FAILED).toList()
        : List.of(LiveFireSeat.find(exerciseId, traineeId)
            .orElseThrow(() -> LiveFireException.noSuchSeat(exerciseId, traineeId)));
    List<Long> retried = new ArrayList<>();
    for (LiveFireSeat seat : seats) {
      if (seat.state == LiveFireSeat.SeatState.FAILED) {
        seat.moveTo(LiveFireSeat.SeatState.WAITING, "retry asked by staff");
        retried.add(seat.traineeId);
      }
    }
    audit.record(actor, "livefire.retry", "exercise:" + exerciseId,
        Map.of("trainees", retried));
    return progress(fire, LiveFireSeat.of(exerciseId));
  }

  /**
   * Ends a running exercise early, at the end of the tick running {@code now} (so every lab's
   * last tick is a whole one and a tick already on its way still counts): its labs' clock stops
   * there and the debrief period starts. Answers the new end; audited.
   */
  @Transactional
  public Progress end(long exerciseId, Instant now, String actor) {
    LiveFire fire = find(exerciseId);
    if (now.isBefore(fire.startsAt) || !now.isBefore(fire.endsAt)) {
      throw LiveFireException.notRunning(exerciseId, fire.phase.name().toLowerCase());
    }
    int tick = catalog.find(fire.challengeSlug).map(e -> e.spec().scenario())
        .map(ScenarioSpec::tickSeconds).orElse(1);
    Instant end = ScenarioSchedule.tickEnd(fire.startsAt, tick,
        ScenarioSchedule.tickAt(fire.startsAt, tick, now) + 1);
    if (end.isBefore(fire.endsAt)) {
      Instant planned = fire.endsAt;
      fire.endAt(end);
      // Every lab on its clock (started by the range, late or again by its trainee) joined it
      // with the planned end.
      LabInstance.update("clockEnd = ?1 where challengeSlug = ?2 and clockStart = ?3"
          + " and clockEnd = ?4", end, fire.challengeSlug, fire.startsAt, planned);
      audit.record(actor, "livefire.end", "exercise:" + exerciseId,
          Map.of("endsAt", end.toString(), "plannedEndsAt", planned.toString()));
    }
    return progress(fire, LiveFireSeat.of(exerciseId));
  }

  private static LiveFire find(long exerciseId) {
    return LiveFire.<LiveFire>findByIdOptional(exerciseId)
        .orElseThrow(() -> LiveFireException.notFound(exerciseId));
  }

  /** One participant's lab as staff see it. */
  Seat seat(LiveFireSeat s) {
    String username = identities.byId(s.traineeId).map(TraineeRef::username).orElse("");
    return new Seat(s.traineeId, username, s.state.name().toLowerCase(), s.reason,
        s.instanceId, s.attempts, s.updatedAt);
  }

  private Progress progress(LiveFire f, List<LiveFireSeat> seats) {
    int[] count = new int[LiveFireSeat.SeatState.values().length];
    List<Seat> views = new ArrayList<>();
    for (LiveFireSeat s : seats) {
      count[s.state.ordinal()]++;
      views.add(seat(s));
    }
    return new Progress(f.exerciseId, f.challengeSlug, f.cohortList(),
        f.phase.name().toLowerCase(), f.startsAt, f.endsAt, f.removeAt(), seats.size(),
        count[LiveFireSeat.SeatState.READY.ordinal()],
        count[LiveFireSeat.SeatState.PROVISIONING.ordinal()],
        count[LiveFireSeat.SeatState.WAITING.ordinal()],
        count[LiveFireSeat.SeatState.FAILED.ordinal()], views);
  }
}
