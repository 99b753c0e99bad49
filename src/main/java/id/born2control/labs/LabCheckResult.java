package id.born2control.labs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of one defense check in one lab instance. */
@Entity
@Table(name = "lab_check_result")
class LabCheckResult extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "instance_id")
  String instanceId;

  @Column(name = "trainee_id")
  long traineeId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  @Column(name = "check_name")
  String checkName;

  boolean passed;

  @Column(name = "exit_code")
  int exitCode;

  String output;

  @Column(name = "checked_at")
  Instant checkedAt = Instant.now();
}
