package id.born2control.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.ChallengeSpec.DecayFunction;
import id.born2control.catalog.ChallengeSpec.DynamicValue;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CTFd's dynamic values for a table of solve counts. Expected values were computed with CTFd's
 * own Python expressions (math.ceil over the same floating-point steps), not with this class.
 */
class ScoringRulesTest {

  // CTFd's usual example: 500 points down to 100, reached after 15 more solves.
  private static final DynamicValue LOG = new DynamicValue(500, 15, 100, DecayFunction.LOGARITHMIC);
  private static final DynamicValue LINEAR = new DynamicValue(500, 50, 100, DecayFunction.LINEAR);
  private static final DynamicValue FRACTIONAL = new DynamicValue(100, 12.5, 10,
      DecayFunction.LINEAR);

  @ParameterizedTest(name = "{0} solves -> {1} points")
  @CsvSource({"0, 500", "1, 500", "2, 499", "3, 493", "6, 456", "11, 323", "15, 152", "16, 101",
      "17, 100", "30, 100"})
  void shouldDecayLogarithmicallyAsCtfd(int solves, int expected) {
    assertEquals(expected, ScoringRules.dynamicValue(LOG, solves));
  }

  @ParameterizedTest(name = "{0} solves -> {1} points")
  @CsvSource({"1, 500", "2, 450", "5, 300", "9, 100", "10, 100", "20, 100"})
  void shouldDecayLinearlyNeverBelowMinimum(int solves, int expected) {
    assertEquals(expected, ScoringRules.dynamicValue(LINEAR, solves));
  }

  @ParameterizedTest(name = "{0} solves -> {1} points")
  @CsvSource({"1, 100", "2, 88", "3, 75", "4, 63"})
  void shouldRoundFractionalDecayUp(int solves, int expected) {
    assertEquals(expected, ScoringRules.dynamicValue(FRACTIONAL, solves));
  }

  @ParameterizedTest(name = "position {0} of 300 points -> {1}")
  @CsvSource({"1, 30", "2, 15", "3, 6", "4, 0", "0, 0"})
  void shouldGiveFirstBloodToTheFirstThree(int position, int expected) {
    assertEquals(expected, ScoringRules.firstBloodBonus(300, position, List.of(10, 5, 2)));
  }

  @org.junit.jupiter.api.Test
  void shouldRoundFirstBloodUp() {
    // 2 % of 125 is 2.5: the solver gets 3, never less than the configured share.
    assertEquals(3, ScoringRules.firstBloodBonus(125, 3, List.of(10, 5, 2)));
  }
}
