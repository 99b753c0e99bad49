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

/**
 * Points outside a solve's value: first blood, hint costs (negative), defense checks, awards and
 * penalties. First blood, hints and defense checks happen once per trainee and key (a unique
 * index), so they are inserted with ON CONFLICT by the services.
 */
@Entity
@Table(name = "points_adjustment")
class PointsAdjustment extends PanacheEntityBase {

  static final String FIRST_BLOOD = "first-blood";
  static final String HINT = "hint";
  static final String DEFENSE = "defense";
  static final String AWARD = "award";
  static final String PENALTY = "penalty";
  static final String SCENARIO = "scenario";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "trainee_id")
  long traineeId;

  @Column(name = "exercise_id")
  long exerciseId;

  int points;

  String kind;

  @Column(name = "challenge_slug")
  String challengeSlug;

  @Column(name = "detail_key")
  String detailKey;

  String reason;

  String actor;

  @Column(name = "created_at")
  Instant createdAt = Instant.now();

  static List<PointsAdjustment> listByTrainee(long traineeId) {
    return list("traineeId = ?1 order by id", traineeId);
  }

  static List<PointsAdjustment> listInOrder() {
    return list("order by id");
  }

  static boolean hintUnlocked(long traineeId, String slug, int index) {
    return count("traineeId = ?1 and kind = 'hint' and challengeSlug = ?2 and detailKey = ?3",
        traineeId, slug, Integer.toString(index)) > 0;
  }

  PointsAdjusted event() {
    return new PointsAdjusted(id, traineeId, exerciseId, points, createdAt, kind,
        reason != null ? reason : challengeSlug);
  }
}
