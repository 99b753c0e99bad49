package id.born2control.scoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A trainee solved a challenge: at most one per trainee and challenge (a database constraint),
 * inserted by {@link SubmissionService} with ON CONFLICT so races answer already_solved.
 */
@Entity
@Table(name = "solve")
class Solve extends PanacheEntityBase {

  @Id
  Long id;

  @Column(name = "trainee_id")
  long traineeId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  @Column(name = "challenge_version_id")
  long challengeVersionId;

  @Column(name = "exercise_id")
  long exerciseId;

  @Column(name = "submission_id")
  long submissionId;

  @Column(name = "created_at")
  Instant createdAt;

  static List<Solve> listByTrainee(long traineeId) {
    return list("traineeId = ?1 order by id", traineeId);
  }

  static List<Solve> listInOrder() {
    return list("order by id");
  }
}
