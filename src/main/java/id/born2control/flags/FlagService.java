package id.born2control.flags;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/** Issues dynamic flags to lab instances and tells whom a submitted dynamic flag belongs to. */
@ApplicationScoped
public class FlagService {

  private final FlagsConfig config;
  private volatile byte[] key;

  FlagService(FlagsConfig config) {
    this.config = config;
  }

  /**
   * Derives, records and returns the flag of one lab instance, started by {@code traineeId} for
   * themselves or for team {@code teamId} (null: no team). Issuing twice for the same instance
   * gives the same flag and one record.
   */
  @Transactional
  public String issue(long traineeId, Long teamId, String slug, String instanceId,
      String template) {
    String flag = DynamicFlags.derive(key(), template, traineeId, slug, instanceId,
        config.tokenLength());
    if (IssuedFlag.findByFlag(flag).isEmpty()) {
      IssuedFlag issued = new IssuedFlag();
      issued.flagHash = DynamicFlags.hash(flag);
      issued.traineeId = traineeId;
      issued.teamId = teamId;
      issued.challengeSlug = slug;
      issued.instanceId = instanceId;
      issued.persist();
    }
    return flag;
  }

  /** Whom this flag was issued to, if it is a dynamic flag the range ever issued. */
  @Transactional
  public Optional<IssuedFlagRef> findIssued(String flag) {
    if (flag == null || flag.isBlank()) {
      return Optional.empty();
    }
    return IssuedFlag.findByFlag(flag).map(IssuedFlag::ref);
  }

  private byte[] key() {
    byte[] current = key;
    if (current == null) {
      synchronized (this) {
        if (key == null) {
          key = config.secret().map(s -> s.getBytes(StandardCharsets.UTF_8))
              .orElseGet(() -> storedKey(Path.of(config.secretFile())));
        }
        current = key;
      }
    }
    return current;
  }

  /** The generated key of an installation without a configured one, created on first use. */
  private static byte[] storedKey(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, HexFormat.of().formatHex(fresh));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return HexFormat.of().parseHex(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the flag key " + file, e);
    }
  }
}
