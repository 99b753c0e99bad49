package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerException;
import id.born2control.labs.LabBackend.FlagFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Puts a lab's flag file into its created, not yet started container on one Docker engine, with
 * the file's mode and owner (a user name's ids read from the image once, see
 * {@link DockerEngine#knownOwner}).
 */
final class DockerFlagFiles {

  private final DockerEngine engine;

  DockerFlagFiles(DockerEngine engine) {
    this.engine = engine;
  }

  /** Writes the flag with its mode and owner through the archive API, before the start. */
  void write(String container, String image, FlagFile file)
      throws LabBackendException {
    int[] owner = engine.resolveOwner(image, container, file.owner());
    byte[] content = file.content().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry entry = new TarArchiveEntry(file.path().replaceFirst("^/+", ""));
      entry.setSize(content.length);
      entry.setMode(file.mode());
      entry.setIds(owner[0], owner[1]);
      entry.setModTime(System.currentTimeMillis());
      out.putArchiveEntry(entry);
      out.write(content);
      out.closeArchiveEntry();
    } catch (IOException e) {
      throw new LabBackendException("the flag file could not be packed", e);
    }
    try {
      engine.client().copyArchiveToContainerCmd(container)
          .withRemotePath("/")
          .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
          .exec();
    } catch (DockerException e) {
      throw new LabBackendException("the flag could not be written to " + file.path() + ": "
          + DockerEngine.clean(e.getMessage()), e);
    }
  }
}
