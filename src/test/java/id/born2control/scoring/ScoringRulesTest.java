package id.born2control.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.ChallengeSpec.DecayFunction;
import id.born2control.catalog.ChallengeSpec.DynamicValue;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CTFd's dynamic values over a grid, and the first-blood bonus. Expected values come from CTFd's
 * own Python (see the grid's comment), not from this class.
 */
class ScoringRulesTest {

  private static final DynamicValue FRACTIONAL = new DynamicValue(100, 12.5, 10,
      DecayFunction.LINEAR);

  /**
   * CTFd's values over a grid of initial, decay, minimum and solve counts, decay 0 and a minimum
   * above the initial value included. The rows are the output of a throw-away python3 script run
   * once, which evaluated CTFd's published formulas as CTFd writes them (decay.py): n = solves,
   * minus 1 unless 0; linear {@code ceil(initial - decay * n)}; logarithmic (decay 0 read as 1)
   * {@code ceil(((minimum - initial) / (decay ** 2)) * (n ** 2) + initial)}; then never below
   * minimum. Pasted here, not computed by this class.
   */
  @ParameterizedTest(name = "{0} {1}/{2}/{3} at {4} solves -> {5}")
  @CsvSource(textBlock = """
      LINEAR, 500, 100, 50, 0, 500
      LINEAR, 500, 100, 50, 1, 500
      LINEAR, 500, 100, 50, 2, 400
      LINEAR, 500, 100, 50, 5, 100
      LINEAR, 500, 100, 50, 6, 50
      LINEAR, 500, 100, 50, 10, 50
      LINEAR, 500, 100, 50, 16, 50
      LINEAR, 500, 100, 50, 31, 50
      LINEAR, 500, 100, 50, 200, 50
      LINEAR, 500, 15, 100, 0, 500
      LINEAR, 500, 15, 100, 1, 500
      LINEAR, 500, 15, 100, 2, 485
      LINEAR, 500, 15, 100, 5, 440
      LINEAR, 500, 15, 100, 6, 425
      LINEAR, 500, 15, 100, 10, 365
      LINEAR, 500, 15, 100, 16, 275
      LINEAR, 500, 15, 100, 31, 100
      LINEAR, 500, 15, 100, 200, 100
      LINEAR, 500, 0, 100, 0, 500
      LINEAR, 500, 0, 100, 1, 500
      LINEAR, 500, 0, 100, 2, 500
      LINEAR, 500, 0, 100, 5, 500
      LINEAR, 500, 0, 100, 6, 500
      LINEAR, 500, 0, 100, 10, 500
      LINEAR, 500, 0, 100, 16, 500
      LINEAR, 500, 0, 100, 31, 500
      LINEAR, 500, 0, 100, 200, 500
      LINEAR, 100, 0, 10, 0, 100
      LINEAR, 100, 0, 10, 1, 100
      LINEAR, 100, 0, 10, 2, 100
      LINEAR, 100, 0, 10, 5, 100
      LINEAR, 100, 0, 10, 6, 100
      LINEAR, 100, 0, 10, 10, 100
      LINEAR, 100, 0, 10, 16, 100
      LINEAR, 100, 0, 10, 31, 100
      LINEAR, 100, 0, 10, 200, 100
      LINEAR, 100, 3, 200, 0, 200
      LINEAR, 100, 3, 200, 1, 200
      LINEAR, 100, 3, 200, 2, 200
      LINEAR, 100, 3, 200, 5, 200
      LINEAR, 100, 3, 200, 6, 200
      LINEAR, 100, 3, 200, 10, 200
      LINEAR, 100, 3, 200, 16, 200
      LINEAR, 100, 3, 200, 31, 200
      LINEAR, 100, 3, 200, 200, 200
      LINEAR, 1000, 7, 1, 0, 1000
      LINEAR, 1000, 7, 1, 1, 1000
      LINEAR, 1000, 7, 1, 2, 993
      LINEAR, 1000, 7, 1, 5, 972
      LINEAR, 1000, 7, 1, 6, 965
      LINEAR, 1000, 7, 1, 10, 937
      LINEAR, 1000, 7, 1, 16, 895
      LINEAR, 1000, 7, 1, 31, 790
      LINEAR, 1000, 7, 1, 200, 1
      LINEAR, 300, 30, 300, 0, 300
      LINEAR, 300, 30, 300, 1, 300
      LINEAR, 300, 30, 300, 2, 300
      LINEAR, 300, 30, 300, 5, 300
      LINEAR, 300, 30, 300, 6, 300
      LINEAR, 300, 30, 300, 10, 300
      LINEAR, 300, 30, 300, 16, 300
      LINEAR, 300, 30, 300, 31, 300
      LINEAR, 300, 30, 300, 200, 300
      LINEAR, 250, 11, 17, 0, 250
      LINEAR, 250, 11, 17, 1, 250
      LINEAR, 250, 11, 17, 2, 239
      LINEAR, 250, 11, 17, 5, 206
      LINEAR, 250, 11, 17, 6, 195
      LINEAR, 250, 11, 17, 10, 151
      LINEAR, 250, 11, 17, 16, 85
      LINEAR, 250, 11, 17, 31, 17
      LINEAR, 250, 11, 17, 200, 17
      LINEAR, 50, 1, 0, 0, 50
      LINEAR, 50, 1, 0, 1, 50
      LINEAR, 50, 1, 0, 2, 49
      LINEAR, 50, 1, 0, 5, 46
      LINEAR, 50, 1, 0, 6, 45
      LINEAR, 50, 1, 0, 10, 41
      LINEAR, 50, 1, 0, 16, 35
      LINEAR, 50, 1, 0, 31, 20
      LINEAR, 50, 1, 0, 200, 0
      LINEAR, 500, 15.5, 100, 0, 500
      LINEAR, 500, 15.5, 100, 1, 500
      LINEAR, 500, 15.5, 100, 2, 485
      LINEAR, 500, 15.5, 100, 5, 438
      LINEAR, 500, 15.5, 100, 6, 423
      LINEAR, 500, 15.5, 100, 10, 361
      LINEAR, 500, 15.5, 100, 16, 268
      LINEAR, 500, 15.5, 100, 31, 100
      LINEAR, 500, 15.5, 100, 200, 100
      LOGARITHMIC, 500, 100, 50, 0, 500
      LOGARITHMIC, 500, 100, 50, 1, 500
      LOGARITHMIC, 500, 100, 50, 2, 500
      LOGARITHMIC, 500, 100, 50, 5, 500
      LOGARITHMIC, 500, 100, 50, 6, 499
      LOGARITHMIC, 500, 100, 50, 10, 497
      LOGARITHMIC, 500, 100, 50, 16, 490
      LOGARITHMIC, 500, 100, 50, 31, 460
      LOGARITHMIC, 500, 100, 50, 200, 50
      LOGARITHMIC, 500, 15, 100, 0, 500
      LOGARITHMIC, 500, 15, 100, 1, 500
      LOGARITHMIC, 500, 15, 100, 2, 499
      LOGARITHMIC, 500, 15, 100, 5, 472
      LOGARITHMIC, 500, 15, 100, 6, 456
      LOGARITHMIC, 500, 15, 100, 10, 356
      LOGARITHMIC, 500, 15, 100, 16, 100
      LOGARITHMIC, 500, 15, 100, 31, 100
      LOGARITHMIC, 500, 15, 100, 200, 100
      LOGARITHMIC, 500, 0, 100, 0, 500
      LOGARITHMIC, 500, 0, 100, 1, 500
      LOGARITHMIC, 500, 0, 100, 2, 100
      LOGARITHMIC, 500, 0, 100, 5, 100
      LOGARITHMIC, 500, 0, 100, 6, 100
      LOGARITHMIC, 500, 0, 100, 10, 100
      LOGARITHMIC, 500, 0, 100, 16, 100
      LOGARITHMIC, 500, 0, 100, 31, 100
      LOGARITHMIC, 500, 0, 100, 200, 100
      LOGARITHMIC, 100, 0, 10, 0, 100
      LOGARITHMIC, 100, 0, 10, 1, 100
      LOGARITHMIC, 100, 0, 10, 2, 10
      LOGARITHMIC, 100, 0, 10, 5, 10
      LOGARITHMIC, 100, 0, 10, 6, 10
      LOGARITHMIC, 100, 0, 10, 10, 10
      LOGARITHMIC, 100, 0, 10, 16, 10
      LOGARITHMIC, 100, 0, 10, 31, 10
      LOGARITHMIC, 100, 0, 10, 200, 10
      LOGARITHMIC, 100, 3, 200, 0, 200
      LOGARITHMIC, 100, 3, 200, 1, 200
      LOGARITHMIC, 100, 3, 200, 2, 200
      LOGARITHMIC, 100, 3, 200, 5, 278
      LOGARITHMIC, 100, 3, 200, 6, 378
      LOGARITHMIC, 100, 3, 200, 10, 1000
      LOGARITHMIC, 100, 3, 200, 16, 2600
      LOGARITHMIC, 100, 3, 200, 31, 10100
      LOGARITHMIC, 100, 3, 200, 200, 440112
      LOGARITHMIC, 1000, 7, 1, 0, 1000
      LOGARITHMIC, 1000, 7, 1, 1, 1000
      LOGARITHMIC, 1000, 7, 1, 2, 980
      LOGARITHMIC, 1000, 7, 1, 5, 674
      LOGARITHMIC, 1000, 7, 1, 6, 491
      LOGARITHMIC, 1000, 7, 1, 10, 1
      LOGARITHMIC, 1000, 7, 1, 16, 1
      LOGARITHMIC, 1000, 7, 1, 31, 1
      LOGARITHMIC, 1000, 7, 1, 200, 1
      LOGARITHMIC, 300, 30, 300, 0, 300
      LOGARITHMIC, 300, 30, 300, 1, 300
      LOGARITHMIC, 300, 30, 300, 2, 300
      LOGARITHMIC, 300, 30, 300, 5, 300
      LOGARITHMIC, 300, 30, 300, 6, 300
      LOGARITHMIC, 300, 30, 300, 10, 300
      LOGARITHMIC, 300, 30, 300, 16, 300
      LOGARITHMIC, 300, 30, 300, 31, 300
      LOGARITHMIC, 300, 30, 300, 200, 300
      LOGARITHMIC, 250, 11, 17, 0, 250
      LOGARITHMIC, 250, 11, 17, 1, 250
      LOGARITHMIC, 250, 11, 17, 2, 249
      LOGARITHMIC, 250, 11, 17, 5, 220
      LOGARITHMIC, 250, 11, 17, 6, 202
      LOGARITHMIC, 250, 11, 17, 10, 95
      LOGARITHMIC, 250, 11, 17, 16, 17
      LOGARITHMIC, 250, 11, 17, 31, 17
      LOGARITHMIC, 250, 11, 17, 200, 17
      LOGARITHMIC, 50, 1, 0, 0, 50
      LOGARITHMIC, 50, 1, 0, 1, 50
      LOGARITHMIC, 50, 1, 0, 2, 0
      LOGARITHMIC, 50, 1, 0, 5, 0
      LOGARITHMIC, 50, 1, 0, 6, 0
      LOGARITHMIC, 50, 1, 0, 10, 0
      LOGARITHMIC, 50, 1, 0, 16, 0
      LOGARITHMIC, 50, 1, 0, 31, 0
      LOGARITHMIC, 50, 1, 0, 200, 0
      LOGARITHMIC, 500, 15.5, 100, 0, 500
      LOGARITHMIC, 500, 15.5, 100, 1, 500
      LOGARITHMIC, 500, 15.5, 100, 2, 499
      LOGARITHMIC, 500, 15.5, 100, 5, 474
      LOGARITHMIC, 500, 15.5, 100, 6, 459
      LOGARITHMIC, 500, 15.5, 100, 10, 366
      LOGARITHMIC, 500, 15.5, 100, 16, 126
      LOGARITHMIC, 500, 15.5, 100, 31, 100
      LOGARITHMIC, 500, 15.5, 100, 200, 100
      """)
  void shouldMatchCtfdOnEveryRowOfTheGrid(DecayFunction function, int initial, double decay,
      int minimum, int solves, int expected) {
    assertEquals(expected, ScoringRules.dynamicValue(
        new DynamicValue(initial, decay, minimum, function), solves));
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
