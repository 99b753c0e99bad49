package id.born2control.identity;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who am I: the signed-in person, their cohort and roles. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity")
public class MeResource {

  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final TeamService teams;

  MeResource(IdentityService identities, SecurityIdentity identity, TeamService teams) {
    this.identities = identities;
    this.identity = identity;
    this.teams = teams;
  }

  @GET
  @Authenticated
  @Operation(summary = "The signed-in person: user name, display name, cohort, roles and team")
  public Me me() {
    TraineeRef trainee = identities.current(identity);
    List<String> roles = identity.getRoles().stream()
        .filter(r -> r.equals(Roles.TRAINEE) || r.equals(Roles.INSTRUCTOR)
            || r.equals(Roles.OFFICIAL))
        .sorted().toList();
    String team = teams.currentTeam(trainee.id()).map(TeamRef::name).orElse(null);
    return new Me(trainee.username(), trainee.displayName(), trainee.cohort(), roles, team);
  }
}
