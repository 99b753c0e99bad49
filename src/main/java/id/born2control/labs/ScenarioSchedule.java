package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The clock of a lab's scenario, a pure function of its start and tick: tick {@code k} (from 1)
 * ends {@code k} ticks after the start. A step {@code at: t} is due in the tick whose span
 * {@code ((k-1)·tick, k·tick]} holds {@code t} (an offset of 0 in the first); a step
 * {@code every: e} in every tick whose span holds a multiple of {@code e} (at most once a tick).
 *
 * <p>Each participant's ticks are run (their due steps, then their checks) a fixed
 * {@link #phase} after they end, the same for all their ticks: the ticks of an exercise's
 * thousands of labs, which all end at the same instant, are run spread over the first third of
 * the next tick (at most {@value #SPREAD_MAX_MILLIS} ms) instead of in one burst, as
 * attack-defense game servers spread their checkers over a tick. The tick itself, its steps and
 * the moment its points count for stay those of the exercise clock, the same for everyone.
 */
final class ScenarioSchedule {

  /** The longest a participant's ticks are run after they end. */
  static final long SPREAD_MAX_MILLIS = 10_000;
  /** Fractions of the golden ratio: any run of consecutive participants spreads evenly. */
  private static final double GOLDEN = 0.6180339887498949;

  private ScenarioSchedule() {}

  /**
   * How long after each of its ends participant {@code participant}'s (a trainee's, or a team's
   * for a team lab) ticks are run: the fractional part of {@code participant}·0.618… (golden
   * ratio) of a third of the tick, at most {@link #SPREAD_MAX_MILLIS}; so participants with
   * consecutive ids (a cohort seated together) are spread evenly and any leader computes the
   * same phase.
   */
  static Duration phase(long participant, int tickSeconds) {
    long spread = Math.min(SPREAD_MAX_MILLIS, tickSeconds * 1000L / 3);
    double fraction = (Math.abs(participant) * GOLDEN) % 1.0;
    return Duration.ofMillis((long) (fraction * spread));
  }

  /** The last tick that has ended at {@code now}: 0 before the first tick ends. */
  static long tickAt(Instant start, int tickSeconds, Instant now) {
    long elapsed = Duration.between(start, now).toMillis();
    return elapsed <= 0 ? 0 : elapsed / (tickSeconds * 1000L);
  }

  /** When tick {@code tick} ends (it is run a participant's {@link #phase} later). */
  static Instant tickEnd(Instant start, int tickSeconds, long tick) {
    return start.plusSeconds(tick * tickSeconds);
  }

  /** The steps due in tick {@code tick}, in their order. */
  static List<AdversaryStep> due(List<AdversaryStep> steps, int tickSeconds, long tick) {
    return steps.stream().filter(s -> isDue(s, tickSeconds, tick)).toList();
  }

  static boolean isDue(AdversaryStep step, int tickSeconds, long tick) {
    long from = (tick - 1) * tickSeconds;
    long to = tick * tickSeconds;
    if (step.atSeconds() != null) {
      return Math.max(1, (step.atSeconds() + tickSeconds - 1) / tickSeconds) == tick;
    }
    long every = step.everySeconds();
    return to / every > from / every;
  }
}
