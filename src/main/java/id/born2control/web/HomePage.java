package id.born2control.web;

import id.born2control.catalog.CatalogService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The range's front page: the challenge board by category. */
@Path("/")
public class HomePage {

  private final CatalogService catalog;
  private final Pages pages;

  HomePage(CatalogService catalog, Pages pages) {
    this.catalog = catalog;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance index(List<Category> categories, int total);
  }

  /** A category of the board as the page shows it. */
  public record Category(String name, List<Card> cards) {}

  /** One challenge card. */
  public record Card(String slug, String name, int value, boolean lab, List<String> tags) {}

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance index() {
    Map<String, List<Card>> byCategory = new LinkedHashMap<>();
    catalog.visibleNow().forEach(e -> byCategory
        .computeIfAbsent(e.spec().category(), c -> new java.util.ArrayList<>())
        .add(new Card(e.slug(), e.spec().name(), e.spec().initialValue(), e.spec().hasLab(),
            e.spec().tags())));
    List<Category> categories = byCategory.entrySet().stream()
        .map(e -> new Category(e.getKey(), List.copyOf(e.getValue()))).toList();
    return pages.page(
        Templates.index(categories, categories.stream().mapToInt(c -> c.cards().size()).sum()));
  }
}
