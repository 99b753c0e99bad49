package id.born2control.catalog;

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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One loaded content of a challenge; never changed or deleted once stored. */
@Entity
@Table(name = "challenge_version")
class ChallengeVersion extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "challenge_id")
  Challenge challenge;

  int number;

  @Column(name = "content_hash")
  String contentHash;

  /** The {@link ChallengeSpec} as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  String spec;

  @Column(name = "loaded_at")
  Instant loadedAt = Instant.now();

  static Optional<ChallengeVersion> findByHash(Challenge challenge, String contentHash) {
    return find("challenge = ?1 and contentHash = ?2", challenge, contentHash).firstResultOptional();
  }

  static int lastNumber(Challenge challenge) {
    Integer last = find("select max(v.number) from ChallengeVersion v where v.challenge = ?1",
        challenge).project(Integer.class).firstResult();
    return last == null ? 0 : last;
  }
}
