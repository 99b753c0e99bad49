package id.born2control.scoring;

import id.born2control.catalog.ChallengeSpec.ScenarioPoints;
import id.born2control.labs.ServiceCheckStatus;
import java.util.Collection;

/**
 * The score of one tick of a live-fire scenario for one lab, a pure function of what was
 * recorded for that tick (the formulas as authors read them: {@code challenges/README.md},
 * scenario section):
 *
 * <pre>
 *   service     = points.check       x (checks ok)
 *   defended    = points.stopped     x (adversary steps stopped)
 *   attacked    = points.succeeded   x (adversary steps that succeeded)
 *   compromised = points.compromised x (checks reporting compromised)
 *   total       = service + defended - attacked - compromised
 * </pre>
 *
 * A compromise is reported by its check every tick until the trainee fixes it, so its penalty
 * is taken every tick it persists. {@code down} and {@code faulty} checks earn nothing. What
 * was not checked or not run (the checker or adversary host was down) counts for nothing either
 * way: it is never the trainee's failure.
 */
public final class TickScoring {

  private TickScoring() {}

  /** What became of an adversary step due in one tick. */
  public enum StepOutcome {
    STOPPED,
    SUCCEEDED,
    NOT_RUN
  }

  /** The parts of a tick's score; {@code attacked} and {@code compromised} are penalties. */
  public record TickScore(int service, int defended, int attacked, int compromised) {
    public int total() {
      return service + defended - attacked - compromised;
    }
  }

  /** The score of one tick from its check results and the outcomes of the steps due in it. */
  public static TickScore score(ScenarioPoints points, Collection<ServiceCheckStatus> checks,
      Collection<StepOutcome> steps) {
    long ok = checks.stream().filter(c -> c == ServiceCheckStatus.OK).count();
    long compromised = checks.stream().filter(c -> c == ServiceCheckStatus.COMPROMISED).count();
    long stopped = steps.stream().filter(s -> s == StepOutcome.STOPPED).count();
    long succeeded = steps.stream().filter(s -> s == StepOutcome.SUCCEEDED).count();
    return new TickScore(Math.toIntExact(points.check() * ok),
        Math.toIntExact(points.stopped() * stopped),
        Math.toIntExact(points.succeeded() * succeeded),
        Math.toIntExact(points.compromised() * compromised));
  }
}
