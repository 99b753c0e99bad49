package id.born2control.catalog;

import id.born2control.catalog.CatalogViews.AdminChallenge;
import id.born2control.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The instructors' side of the catalog: every challenge with its status, sync, problems. */
@Path("/api/admin/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog administration")
@RolesAllowed(Roles.INSTRUCTOR)
public class CatalogAdminResource {

  private final CatalogService catalog;

  CatalogAdminResource(CatalogService catalog) {
    this.catalog = catalog;
  }

  @GET
  @Operation(summary = "Every live challenge, hidden ones included, with its version and problems")
  public List<AdminChallenge> challenges() {
    Map<String, Long> problems = catalog.currentProblems().stream()
        .collect(Collectors.groupingBy(CatalogProblem::slug, Collectors.counting()));
    return catalog.all().stream()
        .map(e -> new AdminChallenge(e.slug(), e.spec().name(), e.spec().category(),
            e.spec().state().name().toLowerCase(Locale.ROOT), e.versionNumber(), e.contentHash(),
            e.spec().hasLab(), problems.getOrDefault(e.slug(), 0L)))
        .toList();
  }

  @POST
  @Path("sync")
  @Operation(summary = "Load the challenge folders now; broken challenges keep their last version")
  public SyncReport sync() {
    return catalog.sync();
  }

  @GET
  @Path("problems")
  @Operation(summary = "Current problems of the catalog, each with file:line:column")
  public List<CatalogProblem> problems() {
    return catalog.currentProblems();
  }
}
