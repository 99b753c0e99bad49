package id.born2control.scoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

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

  /**
   * Inserts an adjustment that happens once per trainee, kind, challenge and key (first blood,
   * hint, defense check): empty when it was there already (the unique index decided).
   */
  static Optional<PointsAdjustment> insertOnce(long traineeId, long exerciseId, int points,
      String kind, String slug, String key, String reason, String actor) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<?> id = getEntityManager().createNativeQuery("""
            insert into points_adjustment (trainee_id, exercise_id, points, kind, challenge_slug,
                                           detail_key, reason, actor, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            on conflict (trainee_id, kind, challenge_slug, detail_key)
                where kind in ('first-blood', 'hint', 'defense') do nothing
            returning id""")
        .setParameter(1, traineeId).setParameter(2, exerciseId).setParameter(3, points)
        .setParameter(4, kind).setParameter(5, slug).setParameter(6, key)
        .setParameter(7, reason).setParameter(8, actor)
        .setParameter(9, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .getResultList();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    PointsAdjustment a = new PointsAdjustment();
    a.id = ((Number) id.get(0)).longValue();
    a.traineeId = traineeId;
    a.exerciseId = exerciseId;
    a.points = points;
    a.kind = kind;
    a.challengeSlug = slug;
    a.detailKey = key;
    a.reason = reason;
    a.actor = actor;
    a.createdAt = at;
    return Optional.of(a);
  }

  PointsAdjusted event() {
    return new PointsAdjusted(id, traineeId, exerciseId, points, createdAt, kind,
        reason != null ? reason : challengeSlug);
  }
}
