package id.born2control.audit;

import id.born2control.identity.Roles;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every state-changing request a staff member (instructor, official) gets through is a staff
 * action, so it goes into the audit trail, whatever endpoint it reached: catalog sync, roster
 * import, image builds, reconcile, ranking rebuild, awards, lab stops and resets. Features record
 * the specific facts themselves; this is the net under them, in one place, that a new staff
 * endpoint cannot forget.
 */
class StaffRequests {

  private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final AuditService audit;

  StaffRequests(AuditService audit) {
    this.audit = audit;
  }

  @ServerResponseFilter
  public void record(ContainerRequestContext request, ContainerResponseContext response) {
    SecurityContext security = request.getSecurityContext();
    if (!CHANGING.contains(request.getMethod()) || response.getStatus() >= 400
        || security == null || security.getUserPrincipal() == null
        || !(security.isUserInRole(Roles.INSTRUCTOR) || security.isUserInRole(Roles.OFFICIAL))) {
      return;
    }
    String actor = security.getUserPrincipal().getName();
    String subject = request.getMethod() + " " + request.getUriInfo().getPath();
    Map<String, Object> details = Map.of("status", response.getStatus());
    Runnable write = () -> audit.record(actor, "staff.request",
        subject.length() > 255 ? subject.substring(0, 255) : subject, details);
    if (BlockingOperationControl.isBlockingAllowed()) {
      write.run();
    } else {
      Infrastructure.getDefaultWorkerPool().execute(write);
    }
  }
}
