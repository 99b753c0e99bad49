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

  /** The last tick stored for a lab (its checks or adversary steps), 0 when none. */
  static long lastTick(String instanceId) {
    Long checked = getEntityManager().createQuery("select max(r.tick) from ScenarioCheckResult r"
        + " where r.instanceId = ?1", Long.class).setParameter(1, instanceId).getSingleResult();
    Long ran = getEntityManager().createQuery("select max(r.tick) from ScenarioStepRun r"
        + " where r.instanceId = ?1", Long.class).setParameter(1, instanceId).getSingleResult();
    return Math.max(checked == null ? 0 : checked, ran == null ? 0 : ran);
  }

  /** Every result of a lab, by tick, in check order of storage. */
  static List<ScenarioCheckResult> ofLab(String instanceId) {
    return list("instanceId = ?1 order by tick, id", instanceId);
  }

  /** The latest result of each check of a lab. */
  static List<ScenarioCheckResult> latest(String instanceId) {
    return list("instanceId = ?1 and tick = (select max(r.tick) from ScenarioCheckResult r"
        + " where r.instanceId = ?1) order by id", instanceId);
  }
}
