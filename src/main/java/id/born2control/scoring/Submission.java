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

/** One submitted flag, right or wrong, stored by hash with a short preview. */
@Entity
@Table(name = "submission")
class Submission extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "trainee_id")
  long traineeId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  @Column(name = "exercise_id")
  long exerciseId;

  @Column(name = "flag_hash")
  String flagHash;

  @Column(name = "flag_preview")
  String flagPreview;

  boolean correct;

  String status;

  String kind;

  String ip;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  /** The trainee's latest submissions, newest first. */
  static List<Submission> listLatestOf(long traineeId, int limit) {
    return find("traineeId = ?1 order by id desc", traineeId).page(0, limit).list();
  }

  /** Wrong answers so far, what the {@code attempts} limit counts. */
  static long countWrong(long traineeId, String slug) {
    return count("traineeId = ?1 and challengeSlug = ?2 and status in ('wrong', 'shared-flag')",
        traineeId, slug);
  }
}
