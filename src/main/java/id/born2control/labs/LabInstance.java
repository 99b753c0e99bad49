package id.born2control.labs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One lab start of one trainee (and, in a team exercise, of their team: {@code teamId}, then every
 * member works in it): its state, containers and lifetime.
 */
@Entity
@Table(name = "lab_instance")
class LabInstance extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "instance_id")
  String instanceId;

  @Column(name = "trainee_id")
  long traineeId;

  /** The team the lab belongs to (a team exercise's lab), else null: the trainee's own. */
  @Column(name = "team_id")
  Long teamId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  @Column(name = "challenge_version_id")
  Long challengeVersionId;

  @Enumerated(EnumType.STRING)
  LabState state;

  String reason;

  String image;

  @Column(name = "network_id")
  String networkId;

  @Column(name = "target_container")
  String targetContainer;

  @Column(name = "workstation_container")
  String workstationContainer;

  @Column(name = "target_ip")
  String targetIp;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  /** Presence key of the service instance that admitted and starts the lab. */
  Integer starter;

  @Column(name = "started_at")
  Instant startedAt;

  @Column(name = "expires_at")
  Instant expiresAt;

  @Column(name = "ended_at")
  Instant endedAt;

  @Column(name = "updated_at")
  Instant updatedAt = Instant.now();

  /** Where a live-fire exercise's shared scenario clock starts; null: at the lab's start. */
  @Column(name = "clock_start")
  Instant clockStart;

  /** When a live-fire exercise's scenario clock stops; null: it runs while the lab does. */
  @Column(name = "clock_end")
  Instant clockEnd;

  static Optional<LabInstance> findByInstanceId(String instanceId) {
    return find("instanceId", instanceId).firstResultOptional();
  }

  /**
   * The lab, its row locked until the transaction ends: a state change made meanwhile (a stop
   * while a worker starts the lab) is waited for and read, never overwritten.
   */
  static Optional<LabInstance> lockByInstanceId(String instanceId) {
    return find("instanceId", instanceId).withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /** The trainee's own active lab of the challenge (not a team lab they started). */
  static Optional<LabInstance> findActive(long traineeId, String slug) {
    return find("traineeId = ?1 and teamId is null and challengeSlug = ?2 and state in ?3",
        traineeId, slug, LabState.ACTIVE).firstResultOptional();
  }

  static Optional<LabInstance> findActiveOfTeam(long teamId, String slug) {
    return find("teamId = ?1 and challengeSlug = ?2 and state in ?3", teamId, slug,
        LabState.ACTIVE).firstResultOptional();
  }

  /**
   * Serializes lab admission across every service instance until the transaction ends, so
   * quota and rate counts are exact.
   */
  static void lockAdmission() {
    getEntityManager().createNativeQuery("select count(*) from (select pg_advisory_xact_lock(6,"
        + " 0)) l").getSingleResult();
  }

  /** When the trainee's own labs created after {@code since} were started, oldest first. */
  static List<Instant> startsSince(long traineeId, Instant since) {
    return LabInstance.<LabInstance>list("traineeId = ?1 and teamId is null and createdAt > ?2"
        + " order by createdAt", traineeId, since).stream().map(i -> i.createdAt).toList();
  }

  /** When the team's labs created after {@code since} were started, oldest first. */
  static List<Instant> teamStartsSince(long teamId, Instant since) {
    return LabInstance.<LabInstance>list("teamId = ?1 and createdAt > ?2 order by createdAt",
        teamId, since).stream().map(i -> i.createdAt).toList();
  }

  static long countActiveOfTeam(long teamId) {
    return count("teamId = ?1 and state in ?2", teamId, LabState.ACTIVE);
  }

  /** The trainee's own active labs (team labs count for their team). */
  static long countActiveOf(long traineeId) {
    return count("traineeId = ?1 and teamId is null and state in ?2", traineeId,
        LabState.ACTIVE);
  }

  static long countActive() {
    return count("state in ?1", LabState.ACTIVE);
  }

  static List<LabInstance> listActive() {
    return list("state in ?1", LabState.ACTIVE);
  }

  /** A page of the active labs, oldest first. */
  static List<LabInstance> pageActive(int offset, int limit) {
    return find("state in ?1 order by createdAt, id", LabState.ACTIVE).range(offset,
        offset + limit - 1).list();
  }

  /** Active labs admitted by another service instance than {@code instanceKey}. */
  static List<LabInstance> listActiveStartedByOthers(int instanceKey) {
    return list("state in ?1 and starter is not null and starter <> ?2", LabState.ACTIVE,
        instanceKey);
  }

  /**
   * Running or starting labs whose time is up, their rows locked until the transaction ends (as
   * {@link #lockByInstanceId}: a stop or a worker's running mark is waited for, never overwritten).
   */
  static List<LabInstance> lockExpired(Instant now) {
    return find("state in ?1 and expiresAt <= ?2", List.of(LabState.RUNNING, LabState.STARTING),
        now).withLock(LockModeType.PESSIMISTIC_WRITE).list();
  }

  /**
   * The trainee's own active labs and their team's ({@code teamId}, -1 for none), then the most
   * recent ended ones, newest first.
   */
  static List<LabInstance> listRecentOf(long traineeId, long teamId, int endedLimit) {
    String whose = "((traineeId = ?1 and teamId is null) or teamId = ?2)";
    List<LabInstance> active = list(whose + " and state in ?3"
        + " order by createdAt desc", traineeId, teamId, LabState.ACTIVE);
    List<LabInstance> ended = find(whose + " and state not in ?3"
        + " order by createdAt desc", traineeId, teamId, LabState.ACTIVE).page(0, endedLimit)
        .list();
    List<LabInstance> all = new java.util.ArrayList<>(active);
    all.addAll(ended);
    return all;
  }

  /** Where this lab's scenario ticks are counted from: its exercise's clock, else its start. */
  Instant clockOrigin() {
    return clockStart != null ? clockStart : startedAt;
  }

  /**
   * Whose scenario ticks this lab runs, for their {@link ScenarioSchedule#phase}: its team's for
   * a team lab, else its trainee's (a restarted lab keeps its participant's phase).
   */
  long participant() {
    return teamId != null ? teamId : traineeId;
  }

  /** The last moment a tick of this lab may end at: now, or its exercise clock's end. */
  Instant clockLimit(Instant now) {
    return clockEnd != null && clockEnd.isBefore(now) ? clockEnd : now;
  }

  void moveTo(LabState next, String why) {
    state = next;
    reason = why;
    updatedAt = Instant.now();
    if (!next.active() && endedAt == null) {
      endedAt = updatedAt;
    }
  }
}
