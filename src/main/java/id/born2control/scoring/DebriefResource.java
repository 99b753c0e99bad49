package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.scoring.Debriefs.Debrief;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A participant's lab debrief for instructors and officials (audited). */
@Path("/api/labs/{id}/debrief")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
@Tag(name = "Labs")
public class DebriefResource {

  private final Debriefs debriefs;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  DebriefResource(Debriefs debriefs, IdentityService identities, SecurityIdentity identity) {
    this.debriefs = debriefs;
    this.identities = identities;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "The lab's timeline: adversary steps, check results and score per tick,"
      + " recorded terminal sessions (each replayable as asciicast v2)")
  public Debrief get(@PathParam("id") String id) {
    return debriefs.of(id, identities.current(identity));
  }
}
