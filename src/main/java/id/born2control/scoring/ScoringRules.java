package id.born2control.scoring;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.DynamicValue;
import java.util.List;

/**
 * The scoring formulas, pure. Dynamic values follow CTFd's decay, where {@code s} is the number
 * of solves minus one so that the first solver gets the full value, never below the minimum.
 */
public final class ScoringRules {

  private ScoringRules() {}

  /** What each solver of {@code spec} holds when it has {@code solveCount} ranked solves. */
  public static int value(ChallengeSpec spec, int solveCount) {
    return spec.dynamic() == null ? spec.value() : dynamicValue(spec.dynamic(), solveCount);
  }

  /** CTFd's linear and logarithmic decay. */
  public static int dynamicValue(DynamicValue d, int solveCount) {
    int s = Math.max(0, solveCount - 1);
    double value = switch (d.function()) {
      case LINEAR -> d.initial() - d.decay() * s;
      case LOGARITHMIC -> ((d.minimum() - d.initial()) / (d.decay() * d.decay())) * s * s
          + d.initial();
    };
    return Math.max(d.minimum(), (int) Math.ceil(value));
  }

  /**
   * The first-blood bonus of the solver in {@code position} (1-based): {@code percentages[i]}
   * percent of {@code baseValue} for the (i+1)-th solver, rounded up; 0 beyond the list.
   */
  public static int firstBloodBonus(int baseValue, int position, List<Integer> percentages) {
    if (position < 1 || position > percentages.size()) {
      return 0;
    }
    return (int) Math.ceil(baseValue * percentages.get(position - 1) / 100.0);
  }
}
