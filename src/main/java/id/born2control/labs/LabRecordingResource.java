package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.labs.LabRecordings.RecordingView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The terminal sessions recorded in a lab: its owner's, or any lab's for staff (audited). */
@Path("/api/labs/{id}/recordings")
@RolesAllowed({Roles.TRAINEE, Roles.INSTRUCTOR, Roles.OFFICIAL})
@Tag(name = "Labs")
public class LabRecordingResource {

  /** The media type of asciicast files. */
  static final String ASCIICAST = "application/x-asciicast";

  private final LabRecordings recordings;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  LabRecordingResource(LabRecordings recordings, IdentityService identities,
      SecurityIdentity identity) {
    this.recordings = recordings;
    this.identities = identities;
    this.identity = identity;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The terminal sessions recorded in my lab (any lab for staff)")
  public List<RecordingView> list(@PathParam("id") String id) {
    return recordings.ofLab(id, identities.current(identity).id(), staff());
  }

  @GET
  @Path("/{recording}")
  @Produces({ASCIICAST, MediaType.APPLICATION_JSON})
  @Operation(summary = "One recorded terminal session as asciicast v2 (staff reads are audited)")
  public Response cast(@PathParam("id") String id, @PathParam("recording") long recording) {
    LabRecordings.Cast cast = recordings.cast(id, recording, identities.current(identity).id(),
        staff());
    return Response.ok(cast.text(), ASCIICAST)
        .header("Content-Disposition", "inline; filename=\"" + id + "-" + recording + ".cast\"")
        .header("Cache-Control", "no-store").build();
  }

  private boolean staff() {
    return identity.hasRole(Roles.INSTRUCTOR) || identity.hasRole(Roles.OFFICIAL);
  }
}
