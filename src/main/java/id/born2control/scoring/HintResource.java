package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.scoring.ScoreViews.HintContent;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Hints: unlocking charges the cost once; reading an unlocked hint again is free. */
@Path("/api/challenges/{slug}/hints/{index}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TRAINEE)
@Tag(name = "Hints")
public class HintResource {

  private final Hints scoring;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  HintResource(Hints scoring, IdentityService identities, SecurityIdentity identity) {
    this.scoring = scoring;
    this.identities = identities;
    this.identity = identity;
  }

  @POST
  @Path("unlock")
  @Operation(summary = "Unlock a hint: its cost is deducted the first time only")
  public HintContent unlock(@PathParam("slug") String slug, @PathParam("index") int index) {
    return scoring.unlockHint(identities.acting(identity), slug, index);
  }

  @GET
  @Operation(summary = "A hint already unlocked (or free)")
  public HintContent read(@PathParam("slug") String slug, @PathParam("index") int index) {
    return scoring.hint(identities.current(identity), slug, index);
  }
}
