package id.born2control.flags;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;

/** Pure flag comparisons: normalization, constant-time equality, linear-time regex matching. */
public final class FlagText {

  private FlagText() {}

  /** What is compared: Unicode NFC without surrounding white space. */
  public static String normalize(String flag) {
    return Normalizer.normalize(flag, Normalizer.Form.NFC).strip();
  }

  /**
   * Whether {@code submitted} equals {@code expected} after normalization. Both sides are hashed
   * first and compared with {@link MessageDigest#isEqual}, so the time taken tells neither the
   * length of the flag nor how many leading characters were right.
   */
  public static boolean staticMatches(String expected, String submitted, boolean caseInsensitive) {
    String a = normalize(expected);
    String b = normalize(submitted);
    if (caseInsensitive) {
      a = a.toLowerCase(Locale.ROOT);
      b = b.toLowerCase(Locale.ROOT);
    }
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }

  /**
   * Whether the whole of {@code submitted} matches {@code pattern} (RE2/J: linear in the input,
   * whatever the pattern, so no pattern or input can make the service hang).
   */
  public static boolean regexMatches(Pattern pattern, String submitted) {
    return pattern.matcher(normalize(submitted)).matches();
  }

  /** Compiles a flag pattern, case-insensitive if asked. */
  public static Pattern compile(String regex, boolean caseInsensitive) {
    return Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
