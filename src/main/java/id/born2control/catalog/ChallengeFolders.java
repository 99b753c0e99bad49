package id.born2control.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Finds the challenges of a repository laid out any way public ctfcli repositories are: every
 * folder below the root holding a {@code challenge.yml} (or {@code .yaml}), at any depth, except
 * in folders whose name starts with a dot. A challenge folder is not searched further, and
 * symbolic links to folders are not followed. The slug comes from the folder's path.
 */
final class ChallengeFolders {

  /** Deep enough for category/sub-category/challenge layouts, bounded against odd trees. */
  private static final int MAX_DEPTH = 8;

  private ChallengeFolders() {}

  /** One challenge folder: its slug, folder, file and the file's path as problems name it. */
  record Found(String slug, Path folder, Path file, String display) {}

  /** Every challenge folder below {@code root}, ordered by path. */
  static List<Found> discover(Path root) {
    List<Found> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try {
      Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              if (dir.getFileName().toString().startsWith(".")) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              Path file = Files.isRegularFile(dir.resolve("challenge.yml"))
                  ? dir.resolve("challenge.yml") : dir.resolve("challenge.yaml");
              if (!Files.exists(file)) {
                return FileVisitResult.CONTINUE;
              }
              Path relative = root.relativize(dir);
              found.add(new Found(slugOf(relative), dir, file,
                  root.resolve(relative).resolve(file.getFileName()).toString()));
              return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the catalog folder " + root, e);
    }
    found.sort(Comparator.comparing(f -> f.folder().toString()));
    return found;
  }

  /**
   * A folder path as a slug: lowercase, every run of other characters than a-z and 0-9 (path
   * separators included) one dash, no dash at either end. {@code Crypto/AES Round 4} gives
   * {@code crypto-aes-round-4}.
   */
  static String slugOf(Path relative) {
    String text = relative.toString().replace('\\', '/').toLowerCase(Locale.ROOT);
    return text.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }
}
