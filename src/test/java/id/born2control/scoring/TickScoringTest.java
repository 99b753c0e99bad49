package id.born2control.scoring;

import static id.born2control.labs.ServiceCheckStatus.COMPROMISED;
import static id.born2control.labs.ServiceCheckStatus.DOWN;
import static id.born2control.labs.ServiceCheckStatus.FAULTY;
import static id.born2control.labs.ServiceCheckStatus.NOT_CHECKED;
import static id.born2control.labs.ServiceCheckStatus.OK;
import static id.born2control.scoring.TickScoring.StepOutcome.NOT_RUN;
import static id.born2control.scoring.TickScoring.StepOutcome.STOPPED;
import static id.born2control.scoring.TickScoring.StepOutcome.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.ChallengeSpec.ScenarioPoints;
import id.born2control.labs.ServiceCheckStatus;
import id.born2control.scoring.TickScoring.StepOutcome;
import id.born2control.scoring.TickScoring.TickScore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tick scores against a table worked out by hand from the formulas (README), with the default
 * points (check 1, stopped 10, succeeded 20, compromised 2) and with an author's own.
 */
class TickScoringTest {

  private static final ScenarioPoints DEFAULT = ScenarioPoints.DEFAULT;
  private static final ScenarioPoints AUTHOR = new ScenarioPoints(5, 25, 40, 15);

  static Stream<Arguments> ticks() {
    return Stream.of(
        // a quiet tick with every service up: 3 x 1
        Arguments.of(DEFAULT, List.of(OK, OK, OK), List.of(), 3, 0, 0, 0, 3),
        // one service down, one defaced: only the ok one earns, no penalty
        Arguments.of(DEFAULT, List.of(OK, DOWN, FAULTY), List.of(), 1, 0, 0, 0, 1),
        // an attack stopped while services stay up: 2 x 1 + 1 x 10
        Arguments.of(DEFAULT, List.of(OK, OK), List.of(STOPPED), 2, 10, 0, 0, 12),
        // the attack succeeds and the check sees the compromise: 1 x 1 - 20 - 2
        Arguments.of(DEFAULT, List.of(OK, COMPROMISED), List.of(SUCCEEDED), 1, 0, 20, 2, -21),
        // the next tick, the compromise persists with no new step: 1 - 2
        Arguments.of(DEFAULT, List.of(OK, COMPROMISED), List.of(), 1, 0, 0, 2, -1),
        // checker down: nothing checked and a step not run count for nothing either way
        Arguments.of(DEFAULT, List.of(NOT_CHECKED, NOT_CHECKED), List.of(NOT_RUN),
            0, 0, 0, 0, 0),
        // two steps in one tick, one of each: 10 - 20, with one service up: + 1
        Arguments.of(DEFAULT, List.of(OK, DOWN), List.of(STOPPED, SUCCEEDED), 1, 10, 20, 0, -9),
        // an author's points: 2 x 5 + 25 - 40 - 2 x 15
        Arguments.of(AUTHOR, List.of(OK, OK, COMPROMISED, COMPROMISED),
            List.of(STOPPED, SUCCEEDED), 10, 25, 40, 30, -35),
        // nothing recorded at all
        Arguments.of(AUTHOR, List.of(), List.of(), 0, 0, 0, 0, 0));
  }

  @ParameterizedTest
  @MethodSource("ticks")
  void shouldScoreATickAsTheFormulasSay(ScenarioPoints points, List<ServiceCheckStatus> checks,
      List<StepOutcome> steps, int service, int defended, int attacked, int compromised,
      int total) {
    TickScore score = TickScoring.score(points, checks, steps);
    assertEquals(new TickScore(service, defended, attacked, compromised), score);
    assertEquals(total, score.total());
  }
}
