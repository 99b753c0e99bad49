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

/** What one service check of a lab reported at one tick of its scenario. */
@Entity
@Table(name = "scenario_check_result")
class ScenarioCheckResult extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "instance_id")
  String instanceId;

  long tick;

  @Column(name = "check_name")
  String checkName;

  @Enumerated(EnumType.STRING)
  ServiceCheckStatus status;

  String reason;

  @Column(name = "checked_at")
  Instant checkedAt;

  /** The results of one tick of one lab, in check order of storage. */
  static List<ScenarioCheckResult> ofTick(String instanceId, long tick) {
    return list("instanceId = ?1 and tick = ?2 order by id", instanceId, tick);
  }
}
