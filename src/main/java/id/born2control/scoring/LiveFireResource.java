package id.born2control.scoring;

import id.born2control.identity.Roles;
import id.born2control.labs.LiveFires;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Instructors schedule live-fire exercises and follow their labs' provisioning: N of M ready,
 * failures with their reason, retried one by one or all; ended early when staff decide.
 * Officials read the progress (they follow its changes on the live-fire events stream too) but
 * change nothing.
 */
@Path("/api/admin/live-fires")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.INSTRUCTOR)
@Tag(name = "Exercises")
public class LiveFireResource {

  private final LiveFireScheduling scheduling;
  private final LiveFires liveFires;
  private final SecurityIdentity identity;

  LiveFireResource(LiveFireScheduling scheduling, LiveFires liveFires,
      SecurityIdentity identity) {
    this.scheduling = scheduling;
    this.liveFires = liveFires;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
  @Operation(summary = "Every live-fire exercise with its labs' progress, latest first")
  public List<LiveFires.Progress> all() {
    return liveFires.all();
  }

  @POST
  @Operation(summary = "Schedule a live-fire exercise (an exercise of one scenario challenge)")
  public Response schedule(LiveFireRequest request) {
    LiveFires.Progress created = scheduling.schedule(request, actor());
    return Response.status(201).entity(created)
        .header("Location", "/api/admin/live-fires/" + created.exercise()).build();
  }

  @GET
  @Path("{exercise}")
  @RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
  @Operation(summary = "One live-fire exercise: its labs' progress")
  public LiveFires.Progress one(@PathParam("exercise") long exercise) {
    return liveFires.progress(exercise);
  }

  @POST
  @Path("{exercise}/retry")
  @Operation(summary = "Start every failed lab of the exercise again")
  public LiveFires.Progress retryAll(@PathParam("exercise") long exercise) {
    return liveFires.retry(exercise, null, actor());
  }

  @POST
  @Path("{exercise}/end")
  @Operation(summary = "End a running exercise early, at the end of its current tick")
  public LiveFires.Progress end(@PathParam("exercise") long exercise) {
    return scheduling.end(exercise, actor());
  }

  @POST
  @Path("{exercise}/seats/{trainee}/retry")
  @Operation(summary = "Start one participant's failed lab again")
  public LiveFires.Progress retryOne(@PathParam("exercise") long exercise,
      @PathParam("trainee") long trainee) {
    return liveFires.retry(exercise, trainee, actor());
  }

  @POST
  @Path("{exercise}/teams/{team}/retry")
  @Operation(summary = "Start one team's failed lab again (a team exercise's)")
  public LiveFires.Progress retryTeam(@PathParam("exercise") long exercise,
      @PathParam("team") long team) {
    return liveFires.retryTeam(exercise, team, actor());
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
