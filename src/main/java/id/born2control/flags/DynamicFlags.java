package id.born2control.flags;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pure derivation of per-instance flags: an HMAC-SHA256 of (trainee, challenge, instance) under
 * the range's key, so no two trainees' flags are alike and none can be guessed.
 */
public final class DynamicFlags {

  public static final String TOKEN = "{{token}}";

  private DynamicFlags() {}

  /** The flag for this trainee's instance: the template with its token filled in. */
  public static String derive(byte[] key, String template, long traineeId, String slug,
      String instanceId, int tokenLength) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((traineeId + "\n" + slug + "\n" + instanceId)
          .getBytes(StandardCharsets.UTF_8));
      String token = HexFormat.of().formatHex(digest).substring(0, tokenLength);
      return template.replace(TOKEN, token);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** What is stored instead of the flag itself, so a database leak does not leak flags. */
  public static String hash(String flag) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(flag.trim().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
