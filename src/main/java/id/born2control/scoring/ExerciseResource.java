package id.born2control.scoring;

import id.born2control.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

/** Instructors plan exercises: named, time-boxed challenge sets for cohorts. */
@Path("/api/admin/exercises")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.INSTRUCTOR)
@Tag(name = "Exercises")
public class ExerciseResource {

  private final ExerciseService exercises;
  private final SecurityIdentity identity;

  ExerciseResource(ExerciseService exercises, SecurityIdentity identity) {
    this.exercises = exercises;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "Every exercise, practice first")
  public List<ExerciseRef> all() {
    return exercises.all();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One exercise")
  public ExerciseRef one(@PathParam("id") long id) {
    return exercises.find(id).orElseThrow(() -> new ScoringErrors.ExerciseNotFound(id));
  }

  @POST
  @Operation(summary = "Create an exercise")
  public Response create(ExerciseRequest request) {
    ExerciseRef created = exercises.create(request, identity.getPrincipal().getName());
    return Response.status(201).entity(created)
        .header("Location", "/api/admin/exercises/" + created.id()).build();
  }

  @PUT
  @Path("{id}")
  @Operation(summary = "Change an exercise (not the practice exercise)")
  public ExerciseRef update(@PathParam("id") long id, ExerciseRequest request) {
    return exercises.update(id, request, identity.getPrincipal().getName());
  }
}
