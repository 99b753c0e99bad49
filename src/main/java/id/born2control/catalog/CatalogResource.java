package id.born2control.catalog;

import id.born2control.catalog.CatalogViews.CategoryView;
import id.born2control.catalog.CatalogViews.ChallengeDetail;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
  private final SecurityIdentity identity;

  CatalogResource(CatalogService catalog, ChallengeBoard board, SecurityIdentity identity) {
    this.catalog = catalog;
    this.board = board;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "Visible challenges by category, with value, solves and requirements")
  public List<CategoryView> board() {
    return board.board(username());
  }

  @GET
  @Path("{slug}")
  @Operation(summary = "One visible challenge, its description rendered from Markdown")
  public ChallengeDetail challenge(@PathParam("slug") String slug) {
    return board.detail(slug, username());
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

  /**
   * Who asks, or null when anonymous. Read from the security identity, which authenticates the
   * request on first use: with proactive authentication off, the JAX-RS security context of this
   * public endpoint has no principal yet, and the board answered every signed-in caller as
   * anonymous (never "solved" on a page's live re-read).
   */
  private String username() {
    return identity.isAnonymous() ? null : identity.getPrincipal().getName();
  }
}
