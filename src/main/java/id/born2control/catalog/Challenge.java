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
import java.util.List;
import java.util.Optional;

/** A challenge, keyed by its folder's slug; its content lives in its current version. */
@Entity
@Table(name = "challenge")
class Challenge extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String slug;
  String name;
  String category;
  boolean retired;

  @ManyToOne
  @JoinColumn(name = "current_version_id")
  ChallengeVersion currentVersion;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  @Column(name = "updated_at")
  Instant updatedAt = Instant.now();

  static Optional<Challenge> findBySlug(String slug) {
    return find("slug", slug).firstResultOptional();
  }

  static List<Challenge> listLive() {
    return list("retired = false and currentVersion is not null");
  }

  static List<Challenge> listAllWithVersion() {
    return list("currentVersion is not null");
  }
}
