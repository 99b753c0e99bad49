package id.born2control.flags;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A dynamic flag given to one lab instance, stored by hash. */
@Entity
@Table(name = "issued_flag")
class IssuedFlag extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "flag_hash")
  String flagHash;

  @Column(name = "trainee_id")
  long traineeId;

  /** The team the flag was issued to (its lab was the team's), else null. */
  @Column(name = "team_id")
  Long teamId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  @Column(name = "instance_id")
  String instanceId;

  @Column(name = "issued_at")
  Instant issuedAt = Instant.now();

  static Optional<IssuedFlag> findByFlag(String flag) {
    return find("flagHash", DynamicFlags.hash(flag)).firstResultOptional();
  }

  IssuedFlagRef ref() {
    return new IssuedFlagRef(traineeId, teamId, challengeSlug, instanceId, issuedAt);
  }
}
