package id.born2control.catalog;

import id.born2control.catalog.CatalogProblem.Severity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authors' lint command ({@code infra/lint.sh}): reads a challenge repository with the
 * service's own reader, without the service, a database or Keycloak, and prints every problem as
 * {@code file:line:column: severity: reason}. Requirements are resolved against the challenges of
 * the folder given. Exit status 1 when there is an error, 2 on wrong usage, else 0.
 */
public final class Lint {

  private Lint() {}

  /** {@code Lint [--folders FILE] [folder]}; FILE receives the folders that load, one a line. */
  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    int status = run(args, out);
    out.flush();
    System.exit(status);
  }

  /** Lints as {@link #main} does, printing to {@code out}; returns the exit status. */
  static int run(String[] args, PrintStream out) throws IOException {
    Path root = Path.of("challenges");
    Path foldersOut = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--folders") && i + 1 < args.length) {
        foldersOut = Path.of(args[++i]);
      } else if (args[i].startsWith("-")) {
        System.err.println("usage: lint [--folders FILE] [folder]");
        return 2;
      } else {
        root = Path.of(args[i]);
      }
    }
    if (!Files.isDirectory(root)) {
      System.err.println(root + ": no such folder");
      return 2;
    }
    List<CatalogReader.Read> reads = CatalogReader.read(root, capabilities());
    List<CatalogProblem> problems = problems(reads);
    problems.forEach(p -> out.println(line(p)));
    if (foldersOut != null) {
      Files.write(foldersOut, reads.stream().filter(CatalogReader.Read::loadable)
          .map(r -> r.found().folder().toString()).toList(), StandardCharsets.UTF_8);
    }
    return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR) ? 1 : 0;
  }

  /** Every problem of the repository, by file then line. */
  /**
   * The capabilities labs may ask for: those of {@code B2C_CATALOG_ALLOWED_CAPABILITIES} (the
   * service's {@code b2c.catalog.allowed-capabilities}) when set, else every one an operator
   * could allow: an author's lint cannot know the operator's choice, the service refuses at load.
   */
  private static CapabilityPolicy capabilities() {
    String listed = System.getenv("B2C_CATALOG_ALLOWED_CAPABILITIES");
    return listed == null ? CapabilityPolicy.lenient()
        : new CapabilityPolicy(java.util.Arrays.stream(listed.split(","))
            .filter(c -> !c.isBlank()).toList());
  }

  static List<CatalogProblem> problems(List<CatalogReader.Read> reads) {
    Map<String, String> slugByName = new LinkedHashMap<>();
    reads.stream().filter(CatalogReader.Read::loadable)
        .forEach(r -> slugByName.putIfAbsent(r.result().spec().name(), r.slug()));
    Set<String> slugs = reads.stream().filter(CatalogReader.Read::loadable)
        .map(CatalogReader.Read::slug).collect(Collectors.toSet());
    List<CatalogProblem> problems = new ArrayList<>();
    reads.forEach(r -> problems.addAll(r.problems()));
    problems.addAll(CatalogReader.requirementProblems(reads, slugs, slugByName));
    problems.sort(Comparator.comparing(CatalogProblem::file).thenComparingInt(CatalogProblem::line)
        .thenComparingInt(CatalogProblem::column));
    return problems;
  }

  /** As compilers print it; a problem of the whole file points at its first line. */
  static String line(CatalogProblem p) {
    return p.file() + ":" + Math.max(1, p.line()) + ":" + Math.max(1, p.column()) + ": "
        + p.severity().json() + ": " + p.message();
  }
}
