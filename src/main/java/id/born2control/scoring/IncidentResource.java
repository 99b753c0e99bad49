package id.born2control.scoring;

import id.born2control.identity.Roles;
import id.born2control.scoring.ScoreViews.IncidentView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Incidents (flag sharing) for officials and instructors. */
@Path("/api/admin/incidents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OFFICIAL, Roles.INSTRUCTOR})
@Tag(name = "Incidents")
public class IncidentResource {

  private final IncidentQueries scoring;

  IncidentResource(IncidentQueries scoring) {
    this.scoring = scoring;
  }

  @GET
  @Operation(summary = "Incidents after the given id, oldest first")
  public List<IncidentView> incidents(@QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return scoring.incidents(Math.max(0, after), Math.max(1, Math.min(limit, 1000)));
  }
}
