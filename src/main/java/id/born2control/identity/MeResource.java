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

  MeResource(IdentityService identities, SecurityIdentity identity) {
    this.identities = identities;
    this.identity = identity;
  }

  @GET
  @Authenticated
  @Operation(summary = "The signed-in person: user name, display name, cohort and roles")
  public Me me() {
    TraineeRef trainee = identities.current(identity);
    List<String> roles = identity.getRoles().stream()
        .filter(r -> r.equals(Roles.TRAINEE) || r.equals(Roles.INSTRUCTOR)
            || r.equals(Roles.OFFICIAL))
        .sorted().toList();
    return new Me(trainee.username(), trainee.displayName(), trainee.cohort(), roles);
  }
}
