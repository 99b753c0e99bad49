package id.born2control.catalog;

import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.catalog.ChallengeFolders.Found;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a whole challenge repository the same way for the service and for the lint command:
 * every challenge folder parsed, two folders giving one slug refused together, requirements
 * checked against what the catalog holds. Pure apart from reading the files; no database.
 */
final class CatalogReader {

  private static final long MAX_FILE_BYTES = 256 * 1024;

  private CatalogReader() {}

  /** One challenge folder and what its file gave; {@code duplicate}: its slug is taken twice. */
  record Read(Found found, ChallengeParser.Result result, boolean duplicate) {
    String slug() {
      return found.slug();
    }

    /** Whether it may change the live catalog: it parsed and its slug is its own. */
    boolean loadable() {
      return result.ok() && !duplicate;
    }

    /** Its problems, with the duplicate-slug error first when there is one. */
    List<CatalogProblem> problems() {
      return result.problems();
    }
  }

  /** Every challenge folder below {@code root}, read and parsed. */
  static List<Read> read(Path root, CapabilityPolicy capabilities) {
    List<Found> folders = ChallengeFolders.discover(root);
    Map<String, List<Found>> bySlug = folders.stream()
        .collect(Collectors.groupingBy(Found::slug, LinkedHashMap::new, Collectors.toList()));
    List<Read> all = new ArrayList<>();
    for (Found found : folders) {
      List<Found> same = bySlug.get(found.slug());
      ChallengeParser.Result parsed = parse(found, capabilities);
      if (same.size() == 1) {
        all.add(new Read(found, parsed, false));
        continue;
      }
      // Neither folder may win: which one loads would depend on the order of a directory walk.
      List<CatalogProblem> problems = new ArrayList<>();
      problems.add(new CatalogProblem(found.slug(), found.display(), 0, 0, Severity.ERROR,
          "the folders " + same.stream().map(f -> "'" + root.relativize(f.folder()) + "'")
              .collect(Collectors.joining(" and ")) + " both give the slug '" + found.slug()
              + "': rename one; neither changes the catalog until then"));
      problems.addAll(parsed.problems());
      all.add(new Read(found, new ChallengeParser.Result(parsed.spec(), List.copyOf(problems),
          parsed.prerequisites()), true));
    }
    return all;
  }

  /**
   * The requirement problems of every loadable challenge, resolved against the catalog that
   * {@code slugs} and {@code slugByName} describe.
   */
  static List<CatalogProblem> requirementProblems(List<Read> reads, Set<String> slugs,
      Map<String, String> slugByName) {
    List<CatalogProblem> problems = new ArrayList<>();
    for (Read read : reads) {
      if (read.loadable()) {
        problems.addAll(Prerequisites.problems(read.slug(), read.found().display(),
            read.result().prerequisites(), slugs, slugByName));
      }
    }
    return problems;
  }

  private static ChallengeParser.Result parse(Found found,
      CapabilityPolicy capabilities) {
    String slug = found.slug();
    String display = found.display();
    try {
      if (Files.isSymbolicLink(found.file()) || !Files.isRegularFile(found.file())) {
        return failed(slug, display, "challenge.yml is not a regular file (links are refused)");
      }
      if (Files.size(found.file()) > MAX_FILE_BYTES) {
        return failed(slug, display, "the file is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
      }
      String yaml = StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(found.file()))).toString();
      // Editors on Windows may start the file with a byte order mark.
      return ChallengeParser.parse(slug, display, found.folder(),
          yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml, capabilities);
    } catch (CharacterCodingException e) {
      return failed(slug, display, "the file is not UTF-8 text");
    } catch (IOException | UncheckedIOException e) {
      return failed(slug, display, "cannot read the file: " + e.getMessage());
    }
  }

  private static ChallengeParser.Result failed(String slug, String display, String message) {
    return new ChallengeParser.Result(null, List.of(new CatalogProblem(slug, display, 0, 0,
        Severity.ERROR, message)));
  }
}
