package id.born2control.scoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A named, time-boxed event: a challenge set for some cohorts between start and end. */
@Entity
@Table(name = "exercise")
class Exercise extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String name;

  @Column(name = "starts_at")
  Instant startsAt;

  @Column(name = "ends_at")
  Instant endsAt;

  @Column(name = "freeze_at")
  Instant freezeAt;

  boolean practice;

  @Convert(converter = NameListConverter.class)
  List<String> cohorts = new ArrayList<>();

  @Convert(converter = NameListConverter.class)
  List<String> challenges = new ArrayList<>();

  /** {@code individual} or {@code team} ({@link ExerciseRef#mode}). */
  String mode = ExerciseRef.INDIVIDUAL;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  @Column(name = "updated_at")
  Instant updatedAt = Instant.now();

  static Optional<Exercise> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  static List<Exercise> listByStart() {
    return list("order by startsAt, id");
  }

  ExerciseRef ref() {
    return new ExerciseRef(id, name, startsAt, endsAt, freezeAt, List.copyOf(cohorts),
        List.copyOf(challenges), practice, mode);
  }
}
