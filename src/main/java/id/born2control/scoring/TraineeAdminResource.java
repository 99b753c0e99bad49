package id.born2control.scoring;

import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ScoreViews.AdjustmentLine;
import id.born2control.scoring.ScoreViews.AwardRequest;
import id.born2control.scoring.ScoreViews.StatusRequest;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Instructors grant awards and penalties, and hide or ban trainees. Every action is audited. */
@Path("/api/admin/trainees/{username}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.INSTRUCTOR)
@Tag(name = "Trainee administration")
public class TraineeAdminResource {

  private final ScoringService scoring;
  private final SolveCounters counters;
  private final SecurityIdentity identity;

  TraineeAdminResource(ScoringService scoring, SolveCounters counters,
      SecurityIdentity identity) {
    this.scoring = scoring;
    this.counters = counters;
    this.identity = identity;
  }

  @POST
  @Path("awards")
  @Operation(summary = "Grant (positive points) or deduct (negative) points with a reason")
  public Response award(@PathParam("username") String username, AwardRequest request) {
    if (request == null || request.points() == null) {
      throw new ScoringErrors.InvalidAward("send {\"points\": n, \"reason\": \"...\"}.");
    }
    AdjustmentLine line = scoring.award(username, request.points(), request.reason(),
        request.exercise(), identity.getPrincipal().getName());
    return Response.status(201).entity(line).build();
  }

  @PUT
  @Path("status")
  @Operation(summary = "Hide a trainee from boards or ban them (both leave solve counts)")
  public TraineeRef status(@PathParam("username") String username, StatusRequest request) {
    if (request == null || request.hidden() == null || request.banned() == null) {
      throw new ScoringErrors.InvalidAward("send {\"hidden\": bool, \"banned\": bool}.");
    }
    TraineeRef updated = scoring.setStatus(username, request.hidden(), request.banned(),
        identity.getPrincipal().getName());
    // Committed: solve counts are rebuilt without (or with) this trainee.
    counters.rebuild();
    return updated;
  }
}
