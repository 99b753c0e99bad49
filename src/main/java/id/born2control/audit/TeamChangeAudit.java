package id.born2control.audit;

import id.born2control.identity.TeamChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Records every team change in the audit trail, in the transaction that makes it (a synchronous
 * observer): the change and its record commit or roll back together.
 */
@ApplicationScoped
class TeamChangeAudit {

  private final AuditService audit;

  TeamChangeAudit(AuditService audit) {
    this.audit = audit;
  }

  void onChange(@Observes TeamChanged change) {
    audit.record(change.actor(), change.action(), "team:" + change.teamId(), change.details());
  }
}
