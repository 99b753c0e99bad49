package id.born2control.scoreboard;

import id.born2control.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Operations on the ranking for officials: rebuild it from the stored facts (after a direct
 * database repair, say) and see how long the last rebuild took and how many live clients listen.
 */
@Path("/api/admin/scoreboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OFFICIAL})
public class ScoreboardAdminResource {

  /** The state of the ranking. */
  public record Status(ScoreboardService.RebuildReport lastRebuild, int liveClients) {}

  private final ScoreboardService scoreboard;

  ScoreboardAdminResource(ScoreboardService scoreboard) {
    this.scoreboard = scoreboard;
  }

  @POST
  @Path("rebuild")
  public ScoreboardService.RebuildReport rebuild() {
    return scoreboard.rebuild();
  }

  @GET
  @Path("status")
  public Status status() {
    return new Status(scoreboard.lastRebuild(), scoreboard.liveClients());
  }
}
