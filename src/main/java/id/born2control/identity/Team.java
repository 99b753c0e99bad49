package id.born2control.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A named team of trainees of one cohort; dissolved teams stay, as their points do. */
@Entity
@Table(name = "team")
class Team extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String name;

  @ManyToOne
  @JoinColumn(name = "cohort_id")
  Cohort cohort;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  @Column(name = "dissolved_at")
  Instant dissolvedAt;

  static Optional<Team> findLive(String name) {
    return find("lower(name) = lower(?1) and dissolvedAt is null", name.strip())
        .firstResultOptional();
  }

  static List<Team> listInOrder() {
    return list("order by id");
  }

  /** Locks a live team for a change (so two moves into it cannot overfill it). */
  static Team lockLive(long id) {
    Team team = Team.<Team>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
        .orElseThrow(() -> TeamException.notFound(id));
    if (team.dissolvedAt != null) {
      throw TeamException.dissolved(id);
    }
    return team;
  }
}
