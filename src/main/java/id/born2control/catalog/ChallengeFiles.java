package id.born2control.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of a challenge folder that may reach a trainee. A challenge repository is not
 * trusted with the range's disk: a symbolic link in it could point at the range's secrets, so
 * links are refused when the catalog loads (with the file's line) and again when a file is
 * served (the folder may have changed since).
 */
final class ChallengeFiles {

  private ChallengeFiles() {}

  /** Whether {@code relative}, or any folder on the way to it, is a symbolic link. */
  static boolean hasLink(Path folder, String relative) {
    Path current = folder;
    for (Path part : Path.of(relative).normalize()) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The file to serve for {@code relative}: a regular file, no link on the way, whose real path
   * lies inside the real challenge folder. Empty for anything else.
   */
  static Optional<Path> servable(Path folder, String relative) {
    if (!YamlReader.insideFolder(relative) || hasLink(folder, relative)) {
      return Optional.empty();
    }
    Path file = folder.resolve(relative);
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(folder.toRealPath())
          || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      return Optional.of(real);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
