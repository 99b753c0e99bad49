package id.born2control.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash chain, pure: what a record's hash is computed over. The database computes the same
 * hash when appending (see {@code AuditService}); verification recomputes it here.
 */
final class AuditChain {

  /** The previous hash of the very first record. */
  static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** Everything of a record but its seq, in a fixed order, one field per line. */
  static String content(Instant at, String actor, String action, String subject, String details) {
    return at.toString() + "\n" + actor + "\n" + action + "\n" + subject + "\n" + details;
  }

  /** SHA-256 (hex) over the previous hash, the record's seq and its content. */
  static String hash(String prevHash, long seq, String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((prevHash + "\n" + seq + "\n" + content).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
