package id.born2control.labs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use one port of one lab, signed with the installation's lab web key so every instance
 * checks it without a lookup: carried by the lab host's own cookie for the web (bound to the lab
 * host it was issued on, whose name is derived from the same key, {@link #label}), or by the
 * tunnel client for a tcp port. The MAC covers the use ({@link #WEB}, {@link #TUNNEL}), so a pass
 * of one kind is never taken for the other.
 */
record LabWebPass(String instanceId, int port, long traineeId, boolean instructor,
    long expiresAt) {

  /** The cookie holding a pass, set host-only on the lab host; never forwarded to the lab. */
  static final String COOKIE = "b2c_lab";
  /** The use of a lab host's cookie. */
  static final String WEB = "pass";
  /** The use of a tunnel client's pass. */
  static final String TUNNEL = "tunnel";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** The opaque host label of a lab's web port: 32 hex digits nobody can derive without the key. */
  static String label(byte[] key, String instanceId, int port) {
    return HexFormat.of().formatHex(mac(key, "host\n" + instanceId + "\n" + port), 0, 16);
  }

  /** The cookie value: payload and its MAC. */
  String encode(byte[] key) {
    return encode(key, WEB);
  }

  /** The pass in a lab host's cookie ({@link #decode(byte[], String, Instant, String)}). */
  static Optional<LabWebPass> decode(byte[] key, String value, Instant now) {
    return decode(key, value, now, WEB);
  }

  /** The pass for this use: payload and its MAC. */
  String encode(byte[] key, String use) {
    String payload = instanceId + "|" + port + "|" + traineeId + "|" + (instructor ? 1 : 0) + "|"
        + expiresAt;
    return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(mac(key, use + "\n" + payload));
  }

  /** The pass in a value, if it is well formed, signed with the key for this use, not expired. */
  static Optional<LabWebPass> decode(byte[] key, String value, Instant now, String use) {
    int dot = value == null ? -1 : value.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    try {
      String payload = new String(B64D.decode(value.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] given = B64D.decode(value.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(key, use + "\n" + payload))) {
        return Optional.empty();
      }
      String[] f = payload.split("\\|");
      LabWebPass pass = new LabWebPass(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]),
          "1".equals(f[3]), Long.parseLong(f[4]));
      return pass.expiresAt > now.getEpochSecond() ? Optional.of(pass) : Optional.empty();
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private static byte[] mac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
