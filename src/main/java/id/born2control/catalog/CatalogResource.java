package id.born2control.catalog;

import id.born2control.catalog.CatalogViews.CategoryView;
import id.born2control.catalog.CatalogViews.ChallengeDetail;
import id.born2control.catalog.CatalogViews.ChallengeSummary;
import id.born2control.catalog.CatalogViews.CheckSummary;
import id.born2control.catalog.CatalogViews.FileLink;
import id.born2control.catalog.CatalogViews.HintSummary;
import id.born2control.catalog.CatalogViews.LabSummary;
import id.born2control.catalog.CatalogViews.RequirementsState;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The challenge board for trainees: visible challenges, one challenge, its files. */
@Path("/api/challenges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Challenges")
public class CatalogResource {

  private final CatalogService catalog;
  private final Instance<SolveStatistics> statistics;

  CatalogResource(CatalogService catalog, Instance<SolveStatistics> statistics) {
    this.catalog = catalog;
    this.statistics = statistics;
  }

  @GET
  @Operation(summary = "Visible challenges by category, with value, solves and requirements")
  public List<CategoryView> board(@Context SecurityContext security) {
    Map<String, Long> solves = solveCounts();
    Set<String> solved = solvedBy(security);
    Map<String, List<ChallengeSummary>> byCategory = new LinkedHashMap<>();
    for (CatalogEntry entry : catalog.visibleNow()) {
      ChallengeSpec spec = entry.spec();
      RequirementsState requirements = requirements(entry, solved);
      boolean anonymize = !requirements.met() && spec.requirements().anonymize();
      byCategory.computeIfAbsent(spec.category(), c -> new ArrayList<>()).add(
          new ChallengeSummary(entry.slug(), anonymize ? "???" : spec.name(), spec.category(),
              spec.initialValue(), solves.getOrDefault(entry.slug(), 0L), spec.tags(),
              spec.hasLab(), requirements, solved.contains(entry.slug())));
    }
    return byCategory.entrySet().stream()
        .map(e -> new CategoryView(e.getKey(), List.copyOf(e.getValue())))
        .toList();
  }

  @GET
  @Path("{slug}")
  @Operation(summary = "One visible challenge, its description rendered from Markdown")
  public ChallengeDetail challenge(@PathParam("slug") String slug,
      @Context SecurityContext security) {
    CatalogEntry entry = catalog.visible(slug);
    return detail(entry, solvedBy(security), solveCounts().getOrDefault(slug, 0L));
  }

  @GET
  @Path("{slug}/files/{file: .+}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Download one of the challenge's listed files")
  public Response file(@PathParam("slug") String slug, @PathParam("file") String file) {
    CatalogEntry entry = catalog.visible(slug);
    // Only files the challenge lists are served: the path never reaches the disk unchecked.
    if (!entry.spec().files().contains(file) || !Files.isRegularFile(entry.folder().resolve(file))) {
      throw new ChallengeFileNotFoundException(slug, file);
    }
    java.nio.file.Path path = entry.folder().resolve(file);
    return Response.ok(path.toFile())
        .header("Content-Disposition", "attachment; filename=\"" + path.getFileName() + "\"")
        .build();
  }

  static ChallengeDetail detail(CatalogEntry entry, Set<String> solved, long solves) {
    ChallengeSpec spec = entry.spec();
    List<FileLink> files = spec.files().stream()
        .map(f -> new FileLink(java.nio.file.Path.of(f).getFileName().toString(),
            "/api/challenges/" + spec.slug() + "/files/" + f))
        .toList();
    List<HintSummary> hints = new ArrayList<>();
    for (int i = 0; i < spec.hints().size(); i++) {
      ChallengeSpec.HintSpec hint = spec.hints().get(i);
      hints.add(new HintSummary(i, hint.title() == null ? "Hint " + (i + 1) : hint.title(),
          hint.cost()));
    }
    LabSummary lab = spec.lab() == null ? null : new LabSummary(spec.lab().ports(),
        spec.lab().ttlSeconds(), spec.lab().workstation() != null,
        spec.lab().checks().stream()
            .map(c -> new CheckSummary(c.name(), c.description(), c.points())).toList());
    return new ChallengeDetail(spec.slug(), spec.name(), spec.category(), spec.author(),
        spec.attribution(), entry.descriptionHtml(), spec.initialValue(),
        spec.type().name().toLowerCase(Locale.ROOT), solves, spec.tags(), spec.topics(), files,
        hints, spec.connectionInfo(), spec.attempts(), requirements(entry, solved),
        solved.contains(spec.slug()), spec.next(), lab, entry.versionNumber());
  }

  static RequirementsState requirements(CatalogEntry entry, Set<String> solved) {
    List<String> missing = entry.prerequisites().stream().filter(p -> !solved.contains(p)).toList();
    return new RequirementsState(entry.prerequisites(), missing.isEmpty(), missing);
  }

  private Map<String, Long> solveCounts() {
    return statistics.isResolvable() ? statistics.get().solveCounts() : Map.of();
  }

  private Set<String> solvedBy(SecurityContext security) {
    if (security.getUserPrincipal() == null || !statistics.isResolvable()) {
      return Set.of();
    }
    return statistics.get().solvedBy(security.getUserPrincipal().getName());
  }
}
