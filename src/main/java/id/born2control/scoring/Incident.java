package id.born2control.scoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** Something officials must look at, such as a trainee submitting another's dynamic flag. */
@Entity
@Table(name = "incident")
class Incident extends PanacheEntityBase {

  static final String FLAG_SHARING = "flag-sharing";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String kind;

  @Column(name = "submitter_id")
  long submitterId;

  @Column(name = "owner_id")
  long ownerId;

  /** The submitter's team when they submitted in a team exercise, else null. */
  @Column(name = "submitter_team_id")
  Long submitterTeamId;

  /** The team the flag was issued to (a team lab's flag), else null. */
  @Column(name = "owner_team_id")
  Long ownerTeamId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  @Column(name = "issued_slug")
  String issuedSlug;

  @Column(name = "instance_id")
  String instanceId;

  @Column(name = "submission_id")
  long submissionId;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  /** The incidents naming the trainee, as submitter or as owner of the flag, newest first. */
  static List<Incident> listInvolving(long traineeId, int limit) {
    return find("submitterId = ?1 or ownerId = ?1 order by id desc", traineeId).page(0, limit)
        .list();
  }

  static List<Incident> page(long afterId, int limit) {
    return find("id > ?1 order by id", afterId).page(0, limit).list();
  }
}
