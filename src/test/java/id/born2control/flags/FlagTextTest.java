package id.born2control.flags;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlagTextTest {

  @Test
  void shouldMatchStaticFlagExactlyAfterTrimming() {
    assertTrue(FlagText.staticMatches("B2C{abc}", "  B2C{abc}\n", false));
    assertFalse(FlagText.staticMatches("B2C{abc}", "B2C{ABC}", false));
    assertFalse(FlagText.staticMatches("B2C{abc}", "B2C{abc", false));
    assertFalse(FlagText.staticMatches("B2C{abc}", "B2C{abcd}", false));
  }

  @Test
  void shouldMatchCaseInsensitiveStaticFlag() {
    assertTrue(FlagText.staticMatches("B2C{203.0.113.77}", "b2c{203.0.113.77}", true));
    assertTrue(FlagText.staticMatches("B2C{Admin}", "B2C{aDMIN}", true));
    assertFalse(FlagText.staticMatches("B2C{Admin}", "B2C{admins}", true));
  }

  @Test
  void shouldCompareUnicodeInNormalForm() {
    // "é" as one code point and as e + combining accent are the same flag.
    assertTrue(FlagText.staticMatches("B2C{caf\u00e9}", "B2C{cafe\u0301}", false));
  }

  @Test
  void shouldRequireRegexToMatchTheWholeFlag() {
    Pattern p = FlagText.compile("B2C\\{[0-9]+\\}", false);
    assertTrue(FlagText.regexMatches(p, "B2C{123}"));
    assertFalse(FlagText.regexMatches(p, "xB2C{123}"));
    assertFalse(FlagText.regexMatches(p, "B2C{123}x"));
    assertTrue(FlagText.regexMatches(FlagText.compile("b2c\\{ok\\}", true), "B2C{OK}"));
  }

  @Test
  void shouldNotHangOnHostileRegex() {
    // (a+)+$ backtracks exponentially in java.util.regex on "aaaa...b"; RE2/J is linear. The
    // timeout only guards against a hang: it is not a speed measurement.
    Pattern hostile = FlagText.compile("(a+)+$", false);
    String input = "a".repeat(100_000) + "b";
    assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertFalse(FlagText.regexMatches(hostile, input)));
    assertTrue(FlagText.regexMatches(hostile, "aaaa"));
  }
}
