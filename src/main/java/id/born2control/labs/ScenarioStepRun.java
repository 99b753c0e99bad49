package id.born2control.labs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One run of one adversary step in a lab, at one tick of its scenario. */
@Entity
@Table(name = "scenario_step_run")
class ScenarioStepRun extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "instance_id")
  String instanceId;

  long tick;

  @Column(name = "step_name")
  String stepName;

  String technique;

  @Enumerated(EnumType.STRING)
  AdversaryOutcome outcome;

  String output;

  @Column(name = "ran_at")
  Instant ranAt;

  /** Every step run of a lab, oldest first. */
  static List<ScenarioStepRun> ofLab(String instanceId) {
    return list("instanceId = ?1 order by tick, id", instanceId);
  }

  /** The step runs of one tick of a lab. */
  static List<ScenarioStepRun> ofTick(String instanceId, long tick) {
    return list("instanceId = ?1 and tick = ?2 order by id", instanceId, tick);
  }
}
