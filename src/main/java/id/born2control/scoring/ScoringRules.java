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

  /**
   * CTFd's linear and logarithmic decay, written as CTFd's {@code decay.py} writes them: the
   * same operation order (so the same floating-point rounding before the ceiling), the solve
   * count lowered by one only when it is not 0, and a logarithmic decay of 0 read as 1 (CTFd's
   * guard against dividing by zero). A minimum above the initial value wins, as in CTFd.
   */
  public static int dynamicValue(DynamicValue d, int solveCount) {
    long s = solveCount != 0 ? solveCount - 1L : 0;
    double value = switch (d.function()) {
      case LINEAR -> d.initial() - (d.decay() * s);
      case LOGARITHMIC -> {
        double decay = d.decay() == 0 ? 1 : d.decay();
        yield (((double) (d.minimum() - d.initial()) / (decay * decay)) * (double) (s * s))
            + d.initial();
      }
    };
    long rounded = (long) Math.ceil(value);
    return (int) Math.max(d.minimum(), Math.min(rounded, Integer.MAX_VALUE));
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
