package id.born2control.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash chain, pure: what a record's hash is computed over. Records sealed since V60 are
 * keyed ({@link #KEYED}: HMAC-SHA-256 under the audit key); older ones are plain SHA-256
 * ({@link #PLAIN}) and keep verifying.
 */
final class AuditChain {

  /** The previous hash of the very first record. */
  static final String GENESIS = "0".repeat(64);
  /** Plain SHA-256, what installations before the keyed chain sealed. */
  static final String PLAIN = "sha256";
  /** HMAC-SHA-256 under the audit key. */
  static final String KEYED = "hmac-sha256";

  private AuditChain() {}

  /** Everything of a record but its seq, in a fixed order, one field per line. */
  static String content(Instant at, String actor, String action, String subject, String details) {
    return at.toString() + "\n" + actor + "\n" + action + "\n" + subject + "\n" + details;
  }

  /** SHA-256 (hex) over the previous hash, the record's seq and its content. */
  static String hash(String prevHash, long seq, String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input(prevHash, seq, content));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-SHA-256 (hex) under {@code key} over the same input as {@link #hash}. */
  static String hmac(byte[] key, String prevHash, long seq, String content) {
    return mac(key, input(prevHash, seq, content));
  }

  /**
   * A MAC under {@code key}, to seal many records with one key set-up ({@link #hmac(Mac, String,
   * long, String)}); not thread-safe.
   */
  static Mac keyed(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As {@link #hmac(byte[], String, long, String)}, with a MAC from {@link #keyed}. */
  static String hmac(Mac mac, String prevHash, long seq, String content) {
    return HexFormat.of().formatHex(mac.doFinal(input(prevHash, seq, content)));
  }

  /** The hash a record of algorithm {@code alg} must carry. */
  static String hash(String alg, byte[] key, String prevHash, long seq, String content) {
    return KEYED.equals(alg) ? hmac(key, prevHash, seq, content) : hash(prevHash, seq, content);
  }

  /** HMAC-SHA-256 (hex) of arbitrary text, for checkpoints. */
  static String mac(byte[] key, String text) {
    return mac(key, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String mac(byte[] key, byte[] input) {
    return HexFormat.of().formatHex(keyed(key).doFinal(input));
  }

  private static byte[] input(String prevHash, long seq, String content) {
    return (prevHash + "\n" + seq + "\n" + content).getBytes(StandardCharsets.UTF_8);
  }
}
