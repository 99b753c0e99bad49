package id.born2control.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The checkpoint file, b2c.data-dir/audit/checkpoints.jsonl: one signed checkpoint per line,
 * appended, never rewritten, outside the database so that whoever rewrites the database cannot
 * rewrite it too. Officials also download the latest one (AuditResource) to keep elsewhere.
 */
@ApplicationScoped
class AuditCheckpoints {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).findAndAddModules().build();

  private final AuditKey key;
  private final Path file;

  AuditCheckpoints(AuditKey key, @ConfigProperty(name = "b2c.data-dir") Path dataDir) {
    this.key = key;
    this.file = dataDir.resolve("audit").resolve("checkpoints.jsonl");
  }

  /** Signs and appends a checkpoint of record {@code seq} with {@code hash}. */
  synchronized AuditCheckpoint write(long seq, String hash) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    AuditCheckpoint checkpoint = new AuditCheckpoint(seq, hash, at,
        AuditChain.mac(key.bytes(), AuditCheckpoint.signed(seq, hash, at)));
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, JSON.writeValueAsString(checkpoint) + "\n",
          StandardOpenOption.APPEND);
      return checkpoint;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit checkpoint " + file, e);
    }
  }

  /** The last checkpoint written, signature not yet checked; empty before the first. */
  synchronized Optional<AuditCheckpoint> latest() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(JSON.readValue(lines.get(lines.size() - 1), AuditCheckpoint.class));
    } catch (JsonProcessingException e) {
      // A garbled last line is itself tampering: an unsigned checkpoint fails verification.
      return Optional.of(new AuditCheckpoint(-1, "", Instant.EPOCH, null));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit checkpoints " + file, e);
    }
  }

  boolean authentic(AuditCheckpoint checkpoint) {
    return checkpoint.signedWith(key.bytes());
  }
}
