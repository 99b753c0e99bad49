package id.born2control.catalog;

import id.born2control.catalog.CatalogProblem.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A challenge's requirements resolved against the catalog, by folder slug or by name. Pure, so
 * the service and the lint command resolve alike. A requirement that names nothing stays in the
 * resolved list as written: no trainee ever solves it, so the challenge stays locked (never
 * silently unlocked) until the catalog has what it names.
 */
final class Prerequisites {

  /** How CTFd numeric ids are kept in a spec: never a slug, and never resolved. */
  static final String CTFD_ID = "#";

  private Prerequisites() {}

  /** One requirement as written in a file, with where it is written. */
  record Written(String text, int line, int column) {
    boolean ctfdId() {
      return text.startsWith(CTFD_ID);
    }
  }

  /** The slugs a challenge needs; what names nothing is kept as written. */
  static List<String> resolve(List<String> needs, Set<String> slugs,
      Map<String, String> slugByName) {
    List<String> resolved = new ArrayList<>();
    for (String need : needs) {
      String target = target(need, slugs, slugByName);
      String kept = target == null ? need : target;
      if (!resolved.contains(kept)) {
        resolved.add(kept);
      }
    }
    return List.copyOf(resolved);
  }

  /** An error at each written requirement that names no challenge of the catalog. */
  static List<CatalogProblem> problems(String slug, String file, List<Written> written,
      Set<String> slugs, Map<String, String> slugByName) {
    List<CatalogProblem> problems = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      Written need = written.get(i);
      String where = "requirements[" + i + "] ";
      if (need.ctfdId()) {
        problems.add(new CatalogProblem(slug, file, need.line(), need.column(), Severity.ERROR,
            where + need.text().substring(CTFD_ID.length()) + " is a CTFd challenge id, which"
                + " names nothing here: write the challenge's name or folder slug; the"
                + " challenge stays locked until then"));
      } else if (target(need.text(), slugs, slugByName) == null) {
        problems.add(new CatalogProblem(slug, file, need.line(), need.column(), Severity.ERROR,
            where + "'" + need.text() + "' names no challenge in the catalog (by name or folder"
                + " slug): the challenge stays locked until it does"));
      } else if (slug.equals(target(need.text(), slugs, slugByName))) {
        problems.add(new CatalogProblem(slug, file, need.line(), need.column(), Severity.ERROR,
            where + "'" + need.text() + "' is this challenge itself: it could never be solved"));
      }
    }
    return problems;
  }

  private static String target(String need, Set<String> slugs, Map<String, String> slugByName) {
    if (need.startsWith(CTFD_ID)) {
      return null;
    }
    return slugs.contains(need) ? need : slugByName.get(need);
  }
}
