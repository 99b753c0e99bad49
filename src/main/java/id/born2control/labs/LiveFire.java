package id.born2control.labs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The live-fire side of an exercise: its scenario challenge, shared clock and debrief. */
@Entity
@Table(name = "live_fire")
class LiveFire extends PanacheEntityBase {

  /** Where an exercise is in its life, moved on by the leader's {@link LiveFireRunner}. */
  enum Phase { SCHEDULED, RUNNING, DEBRIEF, DONE }

  /** Time allowed for a lab's last tick to be run and stored once it is due. */
  private static final long LAST_TICK_MILLIS = 10_000;

  @Id
  @Column(name = "exercise_id")
  Long exerciseId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  /** Newline-separated cohort names; empty: every cohort. */
  String cohorts;

  @Column(name = "starts_at")
  Instant startsAt;

  @Column(name = "ends_at")
  Instant endsAt;

  @Column(name = "debrief_seconds")
  int debriefSeconds;

  /** A team exercise's: its seats are teams, each with the one lab of the team. */
  @Column(name = "team_mode")
  boolean teamMode;

  @Enumerated(EnumType.STRING)
  Phase phase = Phase.SCHEDULED;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  List<String> cohortList() {
    return cohorts == null || cohorts.isEmpty() ? List.of() : Arrays.asList(cohorts.split("\n"));
  }

  /** Whether a trainee of {@code cohort} takes part. */
  boolean includes(String cohort) {
    return cohortList().isEmpty() || (cohort != null && cohortList().contains(cohort));
  }

  /** Moves the exercise to its next phase (staff following it see it). */
  void moveTo(Phase next) {
    if (phase != next) {
      phase = next;
      LiveFireChanged.fire(exerciseId, null);
    }
  }

  /** Ends the exercise's clock at {@code end} (staff following it see it). */
  void endAt(Instant end) {
    endsAt = end;
    LiveFireChanged.fire(exerciseId, null);
  }

  /**
   * When the exercise's labs go: after the debrief, and never before every lab's last tick was
   * run (up to {@link ScenarioSchedule#SPREAD_MAX_MILLIS} after the end, its participant's
   * phase) and stored, so no participant loses their last tick to a short debrief.
   */
  Instant removeAt() {
    Instant debriefEnd = endsAt.plusSeconds(debriefSeconds);
    Instant lastTickRun = endsAt.plusMillis(ScenarioSchedule.SPREAD_MAX_MILLIS + LAST_TICK_MILLIS);
    return debriefEnd.isAfter(lastTickRun) ? debriefEnd : lastTickRun;
  }

  /**
   * The live-fire exercise whose clock a lab of {@code slug} started now by a trainee of
   * {@code cohort} joins, if any: the latest started one running for them.
   */
  static java.util.Optional<LiveFire> clockFor(String slug, String cohort, Instant now) {
    return runningFor(slug, now).stream().filter(f -> f.includes(cohort)).findFirst();
  }

  /**
   * Puts a lab being admitted on this exercise's clock (late or restarted, it rejoins the same
   * ticks), keeps it until the debrief ends, and seats its owner: its team for a team lab (any
   * member's start or restart is the team's seat), else its trainee.
   */
  void join(LabInstance lab) {
    lab.clockStart = startsAt;
    lab.clockEnd = endsAt;
    if (lab.expiresAt == null || lab.expiresAt.isBefore(removeAt())) {
      lab.expiresAt = removeAt();
    }
    LiveFireSeat seat = LiveFireSeat.of(exerciseId, lab).orElseGet(() -> lab.teamId == null
        ? LiveFireSeat.create(exerciseId, lab.traineeId, null)
        : LiveFireSeat.create(exerciseId, null, lab.teamId));
    seat.instanceId = lab.instanceId;
    seat.moveTo(LiveFireSeat.SeatState.PROVISIONING, null);
  }

  /** The exercises not yet done, oldest start first. */
  static List<LiveFire> listOpen() {
    return list("phase <> ?1 order by startsAt, exerciseId", Phase.DONE);
  }

  /** The exercises whose clock runs at {@code now} for {@code slug}, latest start first. */
  static List<LiveFire> runningFor(String slug, Instant now) {
    return list("challengeSlug = ?1 and startsAt <= ?2 and endsAt > ?2 order by startsAt desc",
        slug, now);
  }
}
