package id.born2control.catalog;

import id.born2control.catalog.CatalogViews.CategoryView;
import id.born2control.catalog.CatalogViews.ChallengeDetail;
import id.born2control.catalog.CatalogViews.ChallengeSummary;
import id.born2control.catalog.CatalogViews.CheckSummary;
import id.born2control.catalog.CatalogViews.FileLink;
import id.born2control.catalog.CatalogViews.HintSummary;
import id.born2control.catalog.CatalogViews.LabSummary;
import id.born2control.catalog.CatalogViews.RequirementsState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The challenge board as a trainee sees it (solve counts, own solves, requirements), shared by
 * the board API and the trainee pages.
 */
@ApplicationScoped
public class ChallengeBoard {

  private final CatalogService catalog;
  private final Instance<SolveStatistics> statistics;

  ChallengeBoard(CatalogService catalog, Instance<SolveStatistics> statistics) {
    this.catalog = catalog;
    this.statistics = statistics;
  }

  /** Visible challenges by category for this user name ({@code null}: anonymous). */
  public List<CategoryView> board(String username) {
    Map<String, Long> solves = solveCounts();
    Set<String> solved = solvedBy(username);
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

  /** One visible challenge for this user name ({@code null}: anonymous), or not found. */
  public ChallengeDetail detail(String slug, String username) {
    return detail(catalog.visible(slug), solvedBy(username));
  }

  /**
   * Any live challenge, hidden or scheduled ones included, as a trainee who has solved nothing
   * sees it: the instructors' preview.
   */
  public ChallengeDetail preview(String slug) {
    return detail(catalog.find(slug).orElseThrow(() -> new ChallengeNotFoundException(slug)),
        Set.of());
  }

  private ChallengeDetail detail(CatalogEntry entry, Set<String> solved) {
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
        spec.type().name().toLowerCase(Locale.ROOT), solveCounts().getOrDefault(spec.slug(), 0L),
        spec.tags(), spec.topics(), files, hints, spec.connectionInfo(), spec.attempts(),
        requirements(entry, solved), solved.contains(spec.slug()), spec.next(), lab,
        entry.versionNumber());
  }

  private static RequirementsState requirements(CatalogEntry entry, Set<String> solved) {
    List<String> missing = entry.prerequisites().stream().filter(p -> !solved.contains(p)).toList();
    return new RequirementsState(entry.prerequisites(), missing.isEmpty(), missing);
  }

  private Map<String, Long> solveCounts() {
    return statistics.isResolvable() ? statistics.get().solveCounts() : Map.of();
  }

  private Set<String> solvedBy(String username) {
    if (username == null || !statistics.isResolvable()) {
      return Set.of();
    }
    return statistics.get().solvedBy(username);
  }
}
