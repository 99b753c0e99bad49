package id.born2control.identity;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Roster import for instructors and officials. API clients post the CSV as {@code text/csv};
 * browser forms post {@code multipart/form-data} with a {@code file} part and the CSRF token.
 */
@Path("/api/admin/roster")
@RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
@Tag(name = "Roster")
public class RosterResource {

  private final RosterService roster;
  private final SecurityIdentity identity;

  RosterResource(RosterService roster, SecurityIdentity identity) {
    this.roster = roster;
    this.identity = identity;
  }

  @POST
  @Consumes({"text/csv", "application/csv"})
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Import a roster CSV (participant id, full name, email, cohort); runs in the background")
  public Response importCsv(String csv) {
    return accepted(roster.submit(csv == null ? "" : csv, identity.getPrincipal().getName()));
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Import a roster CSV uploaded from a browser form (field 'file')")
  public Response importUpload(@RestForm("file") FileUpload file) {
    if (file == null) {
      throw RosterRejectedException.empty();
    }
    try {
      String csv = Files.readString(file.uploadedFile(), StandardCharsets.UTF_8);
      return accepted(roster.submit(csv, identity.getPrincipal().getName()));
    } catch (java.nio.charset.MalformedInputException e) {
      throw new RosterRejectedException(400, "roster-not-utf8", "Roster is not UTF-8",
          "Save the roster as CSV UTF-8 and upload it again.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Path("{jobId}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Progress and counts of a roster import, with the rows in error")
  public RosterStatus status(@PathParam("jobId") String jobId) {
    return roster.status(jobId).orElseThrow(() -> RosterRejectedException.notFound(jobId));
  }

  @GET
  @Path("{jobId}/result.csv")
  @Produces("text/csv")
  @Operation(summary = "The result of a finished import: every row's outcome and the temporary passwords")
  public Response result(@PathParam("jobId") String jobId) {
    return Response.ok(roster.resultCsv(jobId))
        .type("text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"roster-" + jobId + ".csv\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  private static Response accepted(RosterStatus status) {
    return Response.accepted(status)
        .location(URI.create("/api/admin/roster/" + status.jobId()))
        .build();
  }
}
