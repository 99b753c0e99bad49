package id.born2control.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A person known to the range, created on first sign-in from the identity provider. */
@Entity
@Table(name = "trainee")
class Trainee extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  /** The identity provider's stable subject ({@code sub}). */
  String subject;

  String username;

  @Column(name = "display_name")
  String displayName;

  String email;

  @ManyToOne
  @JoinColumn(name = "cohort_id")
  Cohort cohort;

  boolean hidden;
  boolean banned;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  @Column(name = "updated_at")
  Instant updatedAt = Instant.now();

  static Optional<Trainee> findBySubject(String subject) {
    return find("subject", subject).firstResultOptional();
  }

  static Optional<Trainee> findByUsername(String username) {
    return find("username", username).firstResultOptional();
  }

  TraineeRef ref() {
    return new TraineeRef(id, username, displayName == null ? username : displayName,
        cohort == null ? null : cohort.name, hidden, banned);
  }
}
