package id.born2control.audit;

import id.born2control.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail for officials and instructors: pages of it, and proof it is intact. */
@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OFFICIAL, Roles.INSTRUCTOR})
@Tag(name = "Audit")
public class AuditResource {

  static final int MAX_PAGE = 1000;

  private final AuditService audit;
  private final AuditVerifier verifier;

  AuditResource(AuditService audit, AuditVerifier verifier) {
    this.audit = audit;
    this.verifier = verifier;
  }

  @GET
  @Operation(summary = "Records after the given seq, oldest first")
  public List<AuditRecord> page(@QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > MAX_PAGE || after < 0) {
      throw new InvalidAuditPageException(MAX_PAGE);
    }
    return audit.page(after, limit);
  }

  @GET
  @Path("checkpoint")
  @RolesAllowed(Roles.OFFICIAL)
  @Operation(summary = "The latest signed checkpoint of the chain's end, to keep outside the range")
  public AuditCheckpoint latestCheckpoint() {
    return audit.latestCheckpoint().orElseGet(audit::checkpoint);
  }

  @POST
  @Path("checkpoint")
  @RolesAllowed(Roles.OFFICIAL)
  @Operation(summary = "Seal and checkpoint the chain's end now (before an export or a hand-over)")
  public AuditCheckpoint checkpoint() {
    return audit.checkpoint();
  }

  @GET
  @Path("verify")
  @Operation(summary = "Recompute the hash chain and name the first broken record")
  public AuditVerification verify() {
    return verifier.verify();
  }
}
