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
 * Who may use one web port of one lab, as carried by the lab host's own cookie: signed with the
 * installation's lab web key, so every instance checks it without a lookup, and bound to the lab
 * host it was issued on (the host name is derived from the same key, {@link #label}).
 */
record LabWebPass(String instanceId, int port, long traineeId, boolean instructor,
    long expiresAt) {

  /** The cookie holding a pass, set host-only on the lab host; never forwarded to the lab. */
  static final String COOKIE = "b2c_lab";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** The opaque host label of a lab's web port: 32 hex digits nobody can derive without the key. */
  static String label(byte[] key, String instanceId, int port) {
    return HexFormat.of().formatHex(mac(key, "host\n" + instanceId + "\n" + port), 0, 16);
  }

  /** The cookie value: payload and its MAC. */
  String encode(byte[] key) {
    String payload = instanceId + "|" + port + "|" + traineeId + "|" + (instructor ? 1 : 0) + "|"
        + expiresAt;
    return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(mac(key, "pass\n" + payload));
  }

  /** The pass in a cookie value, if it is well formed, signed with the key and not expired. */
  static Optional<LabWebPass> decode(byte[] key, String value, Instant now) {
    int dot = value == null ? -1 : value.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    try {
      String payload = new String(B64D.decode(value.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] given = B64D.decode(value.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(key, "pass\n" + payload))) {
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
