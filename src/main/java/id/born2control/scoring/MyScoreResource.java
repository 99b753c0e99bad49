package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.scoring.ScoreViews.Score;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A trainee's own score: solves, awards, hint costs and the total. */
@Path("/api/me/score")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TRAINEE)
@Tag(name = "Scores")
public class MyScoreResource {

  private final ScoringService scoring;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  MyScoreResource(ScoringService scoring, IdentityService identities, SecurityIdentity identity) {
    this.scoring = scoring;
    this.identities = identities;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "My solves at their current value, adjustments and total")
  public Score score() {
    return scoring.score(identities.current(identity));
  }
}
