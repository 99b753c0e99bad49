package id.born2control.labs;

import id.born2control.audit.AuditService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts into the audit trail every time a staff member enters someone else's lab (a terminal, or
 * the lab's web pages through the range). A terminal is recorded at every opening; web pages
 * once per visitor, lab and hour, since every page load of the visit passes here.
 */
@ApplicationScoped
class StaffVisits {

  private static final Duration WEB_VISIT = Duration.ofHours(1);
  private static final int MAX_REMEMBERED = 10_000;

  private final AuditService audit;
  private final IdentityService identities;
  private final LabStates states;
  private final Map<String, Instant> lastWebVisit = new ConcurrentHashMap<>();

  StaffVisits(AuditService audit, IdentityService identities, LabStates states) {
    this.states = states;
    this.audit = audit;
    this.identities = identities;
  }

  /**
   * Records {@code visitorId} entering {@code lab} by {@code how}, unless it is their own lab (or
   * their team's).
   */
  void entered(long visitorId, LabInstance lab, String how) {
    if (states.mayUse(lab, visitorId)) {
      return;
    }
    if ("web".equals(how)) {
      Instant now = Instant.now();
      String key = visitorId + "/" + lab.instanceId;
      Instant last = lastWebVisit.get(key);
      if (last != null && last.plus(WEB_VISIT).isAfter(now)) {
        return;
      }
      if (lastWebVisit.size() >= MAX_REMEMBERED) {
        lastWebVisit.clear();
      }
      lastWebVisit.put(key, now);
    }
    String visitor = identities.byId(visitorId).map(TraineeRef::username)
        .orElse("user#" + visitorId);
    String owner = identities.byId(lab.traineeId).map(TraineeRef::username)
        .orElse("user#" + lab.traineeId);
    audit.record(visitor, "lab.enter." + how, "lab:" + lab.instanceId,
        Map.of("owner", owner, "challenge", lab.challengeSlug));
  }
}
