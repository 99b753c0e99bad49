package id.born2control.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Instructors form teams: create, rename, move a member, take one out, dissolve (all audited). */
@Path("/api/admin/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.INSTRUCTOR)
@Tag(name = "Teams")
public class TeamResource {

  /** A new team: a name, its cohort and its first members (user names). */
  public record NewTeam(String name, String cohort, List<String> members) {}

  /** A new name. */
  public record Rename(String name) {}

  /** Who joins the team (leaving any team they are in). */
  public record Member(String username) {}

  private final TeamService teams;
  private final SecurityIdentity identity;

  TeamResource(TeamService teams, SecurityIdentity identity) {
    this.teams = teams;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "Every team with its current members, dissolved teams included")
  public List<TeamRef> all() {
    return teams.all();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One team")
  public TeamRef one(@PathParam("id") long id) {
    return teams.find(id).orElseThrow(() -> TeamException.notFound(id));
  }

  @POST
  @Operation(summary = "Create a team of one cohort with its members")
  public Response create(NewTeam team) {
    if (team == null) {
      throw TeamException.invalid(List.of("the body must be a team object"));
    }
    TeamRef created = teams.create(team.name(), team.cohort(), team.members(), actor());
    return Response.status(201).entity(created)
        .header("Location", "/api/admin/teams/" + created.id()).build();
  }

  @PUT
  @Path("{id}/name")
  @Operation(summary = "Rename a team")
  public TeamRef rename(@PathParam("id") long id, Rename rename) {
    return teams.rename(id, rename == null ? null : rename.name(), actor());
  }

  @POST
  @Path("{id}/members")
  @Operation(summary = "Move a trainee into the team (out of any other team, from now on)")
  public TeamRef move(@PathParam("id") long id, Member member) {
    return teams.move(id, member == null ? null : member.username(), actor());
  }

  @DELETE
  @Path("{id}/members/{username}")
  @Operation(summary = "Take a trainee out of the team (from now on)")
  public TeamRef remove(@PathParam("id") long id, @PathParam("username") String username) {
    return teams.remove(id, username, actor());
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Dissolve a team: its members leave it, its points stay on the boards")
  public TeamRef dissolve(@PathParam("id") long id) {
    return teams.dissolve(id, actor());
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
