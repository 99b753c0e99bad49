package id.born2control.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A group of trainees trained and ranked together. */
@Entity
@Table(name = "cohort")
class Cohort extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String name;

  @Column(name = "display_name")
  String displayName;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  static Optional<Cohort> findByName(String name) {
    return find("name", name).firstResultOptional();
  }
}
