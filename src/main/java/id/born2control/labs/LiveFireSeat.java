package id.born2control.labs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One participant of a live-fire exercise and where their lab is: a trainee ({@code traineeId})
 * or, in a team exercise, a team ({@code teamId}, whose one lab every member shares).
 */
@Entity
@Table(name = "live_fire_seat")
class LiveFireSeat extends PanacheEntityBase {

  /** Where a participant's lab is. */
  enum SeatState { WAITING, PROVISIONING, READY, FAILED, REMOVED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "exercise_id")
  long exerciseId;

  @Column(name = "trainee_id")
  Long traineeId;

  @Column(name = "team_id")
  Long teamId;

  @Column(name = "instance_id")
  String instanceId;

  @Enumerated(EnumType.STRING)
  SeatState state = SeatState.WAITING;

  String reason;

  int attempts;

  @Column(name = "updated_at")
  Instant updatedAt = Instant.now();

  static List<LiveFireSeat> of(long exerciseId) {
    return list("exerciseId = ?1 order by id", exerciseId);
  }

  static Optional<LiveFireSeat> find(long exerciseId, long traineeId) {
    return find("exerciseId = ?1 and traineeId = ?2", exerciseId, traineeId)
        .firstResultOptional();
  }

  static Optional<LiveFireSeat> findTeam(long exerciseId, long teamId) {
    return find("exerciseId = ?1 and teamId = ?2", exerciseId, teamId).firstResultOptional();
  }

  /** The seat a lab sits on: its team's for a team lab, else its trainee's. */
  static Optional<LiveFireSeat> of(long exerciseId, LabInstance lab) {
    return lab.teamId == null ? find(exerciseId, lab.traineeId)
        : findTeam(exerciseId, lab.teamId);
  }

  /** A new seat for a trainee (teamId null) or a team (traineeId null), stored. */
  static LiveFireSeat create(long exerciseId, Long traineeId, Long teamId) {
    LiveFireSeat seat = new LiveFireSeat();
    seat.exerciseId = exerciseId;
    seat.traineeId = traineeId;
    seat.teamId = teamId;
    seat.persist();
    return seat;
  }

  /** Whether this seat is the one of {@code lab}'s owner (its team, else its trainee). */
  boolean holds(LabInstance lab) {
    return teamId != null ? teamId.equals(lab.teamId)
        : lab.teamId == null && traineeId != null && traineeId == lab.traineeId;
  }

  void moveTo(SeatState next, String why) {
    if (next != state || (why != null && !why.equals(reason))) {
      state = next;
      reason = why == null ? null : why.length() > 500 ? why.substring(0, 500) : why;
      updatedAt = Instant.now();
      LiveFireChanged.fire(exerciseId, id);
    }
  }
}
