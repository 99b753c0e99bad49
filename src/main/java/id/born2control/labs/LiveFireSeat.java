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

/** One participant of a live-fire exercise and where their lab is. */
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
  long traineeId;

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

  void moveTo(SeatState next, String why) {
    if (next != state || (why != null && !why.equals(reason))) {
      state = next;
      reason = why == null ? null : why.length() > 500 ? why.substring(0, 500) : why;
      updatedAt = Instant.now();
      LiveFireChanged.fire(exerciseId, traineeId);
    }
  }
}
