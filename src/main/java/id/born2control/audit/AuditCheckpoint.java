package id.born2control.audit;

import java.time.Instant;

/**
 * A signed statement that the chain's record {@code seq} had {@code hash} at {@code at}, kept
 * outside the database. A chain that no longer reaches {@code seq}, or reaches it with another
 * hash, was cut or rewritten. {@code signature} is the audit key's HMAC over {@link #signed}.
 */
public record AuditCheckpoint(long seq, String hash, Instant at, String signature) {

  /** The text the signature covers. */
  static String signed(long seq, String hash, Instant at) {
    return "born2control-audit-checkpoint\n" + seq + "\n" + hash + "\n" + at;
  }

  boolean signedWith(byte[] key) {
    return signature != null
        && AuditChain.mac(key, signed(seq, hash, at)).equals(signature);
  }
}
