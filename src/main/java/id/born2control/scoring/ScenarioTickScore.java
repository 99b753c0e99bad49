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
import java.util.Optional;

/**
 * The score of one tick of one lab's scenario ({@link TickScoring}) and what paid it: a trainee's
 * points adjustment, or a team adjustment in a team exercise.
 */
@Entity
@Table(name = "scenario_tick_score")
class ScenarioTickScore extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "instance_id")
  String instanceId;

  @Column(name = "trainee_id")
  long traineeId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  long tick;
  int service;
  int defended;
  int attacked;
  int compromised;
  int total;

  @Column(name = "adjustment_id")
  Long adjustmentId;

  /** The team adjustment that paid it, in a team exercise (then adjustmentId is null). */
  @Column(name = "team_adjustment_id")
  Long teamAdjustmentId;

  @Column(name = "scored_at")
  Instant scoredAt;

  static List<ScenarioTickScore> ofLab(String instanceId) {
    return list("instanceId = ?1 order by tick", instanceId);
  }

  /** Whether it was paid (to the trainee or to the team). */
  boolean paid() {
    return adjustmentId != null || teamAdjustmentId != null;
  }

  static Optional<ScenarioTickScore> of(String instanceId, long tick) {
    return find("instanceId = ?1 and tick = ?2", instanceId, tick).firstResultOptional();
  }

  static boolean exists(String instanceId, long tick) {
    return count("instanceId = ?1 and tick = ?2", instanceId, tick) > 0;
  }
}
