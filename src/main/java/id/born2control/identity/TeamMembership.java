package id.born2control.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One stay of a trainee in a team, from joining until leaving ({@code leftAt} null while it
 * lasts). A move closes one stay and opens another; no stay is ever rewritten.
 */
@Entity
@Table(name = "team_membership")
class TeamMembership extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "team_id")
  long teamId;

  @Column(name = "trainee_id")
  long traineeId;

  @Column(name = "joined_at")
  Instant joinedAt;

  @Column(name = "left_at")
  Instant leftAt;

  static Optional<TeamMembership> current(long traineeId) {
    return find("traineeId = ?1 and leftAt is null", traineeId).firstResultOptional();
  }

  static List<TeamMembership> currentOf(long teamId) {
    return list("teamId = ?1 and leftAt is null order by id", teamId);
  }

  /** Opens a stay of a trainee in a team from {@code at}. */
  static void open(long teamId, long traineeId, Instant at) {
    TeamMembership stay = new TeamMembership();
    stay.teamId = teamId;
    stay.traineeId = traineeId;
    stay.joinedAt = at;
    stay.persist();
  }
}
