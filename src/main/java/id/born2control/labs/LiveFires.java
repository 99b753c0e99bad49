package id.born2control.labs;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Live-fire exercises as staff schedule and follow them: the scenario challenge of an exercise,
 * its shared clock and debrief period, and each participant's lab (a trainee's, or a team's in a
 * team exercise; N of M ready, failures with their reason, retried one by one or all, ended
 * early). The leader's {@link LiveFireRunner} provisions and removes the labs; every staff action
 * here is audited.
 */
@ApplicationScoped
public class LiveFires {

  /** Longest debrief period an exercise may keep its labs for. */
  static final Duration DEBRIEF_MAX = Duration.ofDays(7);

  /**
   * What to schedule: the exercise (scoring's), its challenge, window and debrief; {@code teams}
   * when it is a team exercise (its seats are then teams).
   */
  public record Schedule(long exerciseId, String challenge, List<String> cohorts,
      Instant startsAt, Instant endsAt, Duration debrief, boolean teams) {}

  /**
   * One participant's lab: a trainee's ({@code traineeId}, {@code username}) or, in a team
   * exercise, a team's ({@code teamId}, {@code team}; the other two null).
   */
  public record Seat(Long traineeId, String username, Long teamId, String team, String state,
      String reason, String lab, int attempts, Instant updatedAt) {

    /** Who sits here, as staff read it: the team's name or the trainee's user name. */
    public String name() {
      return team != null ? team : username;
    }
  }

  /**
   * An exercise's progress: how many labs of how many are ready, and each participant (each
   * team when {@code teams}).
   */
  public record Progress(long exercise, String challenge, List<String> cohorts, boolean teams,
      String phase, Instant startsAt, Instant endsAt, Instant removeAt, int total, int ready,
      int provisioning, int waiting, int failed, List<Seat> seats) {}

  private final CatalogService catalog;
  private final IdentityService identities;
  private final TeamService teams;
  private final AuditService audit;
  private final LabsConfig config;

  LiveFires(CatalogService catalog, IdentityService identities, TeamService teams,
      AuditService audit, LabsConfig config) {
    this.catalog = catalog;
    this.identities = identities;
    this.teams = teams;
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
    fire.teamMode = s.teams();
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
    details.put("teams", fire.teamMode);
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
   * Starts failed labs again at the next step of the runner: one trainee's, or every failed
   * one when {@code traineeId} is null. Audited.
   */
  @Transactional
  public Progress retry(long exerciseId, Long traineeId, String actor) {
    return retry(exerciseId, traineeId == null ? null : () -> LiveFireSeat
        .find(exerciseId, traineeId).orElseThrow(() -> LiveFireException.noSuchSeat(exerciseId,
            traineeId)), actor);
  }

  /** Starts one team's failed lab again at the next step of the runner (a team exercise's). */
  @Transactional
  public Progress retryTeam(long exerciseId, long teamId, String actor) {
    return retry(exerciseId, () -> LiveFireSeat.findTeam(exerciseId, teamId)
        .orElseThrow(() -> LiveFireException.noSuchTeamSeat(exerciseId, teamId)), actor);
  }

  private Progress retry(long exerciseId, Supplier<LiveFireSeat> one,
      String actor) {
    LiveFire fire = find(exerciseId);
    List<LiveFireSeat> seats = one == null
        ? LiveFireSeat.of(exerciseId).stream()
            .filter(s -> s.state == LiveFireSeat.SeatState.FAILED).toList()
        : List.of(one.get());
    List<Long> trainees = new ArrayList<>();
    List<Long> retriedTeams = new ArrayList<>();
    for (LiveFireSeat seat : seats) {
      if (seat.state == LiveFireSeat.SeatState.FAILED) {
        seat.moveTo(LiveFireSeat.SeatState.WAITING, "retry asked by staff");
        if (seat.teamId != null) {
          retriedTeams.add(seat.teamId);
        } else {
          trainees.add(seat.traineeId);
        }
      }
    }
    audit.record(actor, "livefire.retry", "exercise:" + exerciseId, fire.teamMode
        ? Map.of("teams", retriedTeams) : Map.of("trainees", trainees));
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

  /** One participant's lab as staff see it: a trainee's or a team's (named by teamNames). */
  Seat seat(LiveFireSeat s, Map<Long, String> teamNames) {
    String username = s.traineeId == null ? null
        : identities.byId(s.traineeId).map(TraineeRef::username).orElse("");
    String team = s.teamId == null ? null : teamNames.getOrDefault(s.teamId, "#" + s.teamId);
    return new Seat(s.traineeId, username, s.teamId, team, s.state.name().toLowerCase(),
        s.reason, s.instanceId, s.attempts, s.updatedAt);
  }

  /** The names of the teams, by id, when the exercise seats teams (one read, not one per seat). */
  Map<Long, String> teamNames(LiveFire f) {
    return f.teamMode ? teams.all().stream().collect(Collectors.toMap(TeamRef::id, TeamRef::name))
        : Map.of();
  }

  private Progress progress(LiveFire f, List<LiveFireSeat> seats) {
    int[] count = new int[LiveFireSeat.SeatState.values().length];
    List<Seat> views = new ArrayList<>();
    Map<Long, String> teamNames = teamNames(f);
    for (LiveFireSeat s : seats) {
      count[s.state.ordinal()]++;
      views.add(seat(s, teamNames));
    }
    return new Progress(f.exerciseId, f.challengeSlug, f.cohortList(), f.teamMode,
        f.phase.name().toLowerCase(), f.startsAt, f.endsAt, f.removeAt(), seats.size(),
        count[LiveFireSeat.SeatState.READY.ordinal()],
        count[LiveFireSeat.SeatState.PROVISIONING.ordinal()],
        count[LiveFireSeat.SeatState.WAITING.ordinal()],
        count[LiveFireSeat.SeatState.FAILED.ordinal()], views);
  }
}
