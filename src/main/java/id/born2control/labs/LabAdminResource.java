package id.born2control.labs;

import id.born2control.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Instructors' lab operations: image builds and reconciliation with the engine. */
@Path("/api/admin/labs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.INSTRUCTOR)
@Tag(name = "Labs administration")
public class LabAdminResource {

  private final LabImages images;
  private final LabService labs;

  LabAdminResource(LabImages images, LabService labs) {
    this.images = images;
    this.labs = labs;
  }

  @POST
  @Path("/images/build")
  @Operation(summary = "Build (in the background) every lab image that does not exist yet")
  public List<LabImages.ImageStatus> build() {
    return images.buildAll();
  }

  @POST
  @Path("/reconcile")
  @Operation(summary = "Make the database and the engine agree now (adopt, fail, remove orphans)")
  public void reconcile() {
    labs.reconcile();
  }
}
