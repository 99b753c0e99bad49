package id.born2control.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key of the audit chain and its checkpoints, kept outside the database: from configuration
 * (b2c.audit.key) or a file under the data folder, generated once and readable by this user only.
 * Someone who can write the database but not read this key cannot forge a record or a checkpoint.
 */
@ApplicationScoped
class AuditKey {

  static final int MIN_BYTES = 32;

  private final byte[] key;

  AuditKey(AuditConfig config, @ConfigProperty(name = "b2c.data-dir") Path dataDir) {
    this.key = config.key().map(AuditKey::decode)
        .orElseGet(() -> fromFile(dataDir.resolve("audit").resolve("audit.key")));
  }

  byte[] bytes() {
    return key.clone();
  }

  private static byte[] decode(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("b2c.audit.key is not base64: " + e.getMessage());
    }
    if (bytes.length < MIN_BYTES) {
      throw new IllegalStateException("b2c.audit.key must hold at least " + MIN_BYTES
          + " bytes (it holds " + bytes.length + ")");
    }
    return bytes;
  }

  private static byte[] fromFile(Path file) {
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file));
      }
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[MIN_BYTES];
      new SecureRandom().nextBytes(bytes);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, Base64.getEncoder().encodeToString(bytes));
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the audit key " + file, e);
    }
  }
}
