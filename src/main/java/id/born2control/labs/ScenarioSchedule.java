package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The clock of a lab's scenario, a pure function of its start and tick: tick {@code k} (from 1)
 * ends {@code k} ticks after the start and is run then. A step {@code at: t} is due in the tick
 * whose span {@code ((k-1)·tick, k·tick]} holds {@code t} (an offset of 0 in the first); a step
 * {@code every: e} in every tick whose span holds a multiple of {@code e} (at most once a tick).
 */
final class ScenarioSchedule {

  private ScenarioSchedule() {}

  /** The last tick that has ended at {@code now}: 0 before the first tick ends. */
  static long tickAt(Instant start, int tickSeconds, Instant now) {
    long elapsed = Duration.between(start, now).toMillis();
    return elapsed <= 0 ? 0 : elapsed / (tickSeconds * 1000L);
  }

  /** When tick {@code tick} ends (and is run). */
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
