package id.born2control.catalog;

import id.born2control.catalog.CatalogViews.CategoryView;
import id.born2control.catalog.CatalogViews.ChallengeDetail;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The challenge board for trainees: visible challenges, one challenge, its files. */
@Path("/api/challenges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Challenges")
public class CatalogResource {

  private final CatalogService catalog;
  private final ChallengeBoard board;

  CatalogResource(CatalogService catalog, ChallengeBoard board) {
    this.catalog = catalog;
    this.board = board;
  }

  @GET
  @Operation(summary = "Visible challenges by category, with value, solves and requirements")
  public List<CategoryView> board(@Context SecurityContext security) {
    return board.board(username(security));
  }

  @GET
  @Path("{slug}")
  @Operation(summary = "One visible challenge, its description rendered from Markdown")
  public ChallengeDetail challenge(@PathParam("slug") String slug,
      @Context SecurityContext security) {
    return board.detail(slug, username(security));
  }

  @GET
  @Path("{slug}/files/{file: .+}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Download one of the challenge's listed files")
  public Response file(@PathParam("slug") String slug, @PathParam("file") String file) {
    CatalogEntry entry = catalog.visible(slug);
    // Only files the challenge lists are served, and only if no link leads out of its folder.
    java.nio.file.Path path = entry.spec().files().contains(file)
        ? ChallengeFiles.servable(entry.folder(), file).orElse(null) : null;
    if (path == null) {
      throw new ChallengeFileNotFoundException(slug, file);
    }
    return Response.ok(path.toFile())
        .header("Content-Disposition", "attachment; filename=\"" + path.getFileName() + "\"")
        .build();
  }

  private static String username(SecurityContext security) {
    return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
  }
}
