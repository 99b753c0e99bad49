package id.born2control.labs;

import id.born2control.identity.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The progress of live-fire exercises pushed to staff as it changes (the studio's live-fire page
 * follows it): each seat that became ready, failed or was retried, with the exercise's phase and
 * its N of M ready. Instructors and officials only; what a stream missed is read again from
 * {@code GET /api/admin/live-fires} when it reopens.
 */
@Path("/api/admin/live-fires/events")
@RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
@Tag(name = "Exercises")
public class LiveFireEventsResource {

  private final LiveFireUpdates updates;

  LiveFireEventsResource(LiveFireUpdates updates) {
    this.updates = updates;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(summary = "Live-fire exercises' progress as it changes, as server-sent events")
  public Multi<LiveFireUpdate> events() {
    return updates.stream();
  }
}
