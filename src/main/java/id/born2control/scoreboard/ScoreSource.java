package id.born2control.scoreboard;

import id.born2control.scoring.ExerciseRef;
import java.util.List;

/**
 * Where the scoreboard rebuilds its ranking from at start-up and after a rebuild request: every
 * stored solve and point adjustment, and every exercise. Implemented by the scoring feature
 * (over its solve, adjustment and exercise tables); until a bean implements it the scoreboard
 * starts empty and learns only from the live {@code SolveRecorded}/{@code PointsAdjusted} events.
 */
public interface ScoreSource {

  /** Every solve and adjustment ever recorded, each list in time order. */
  ScoreFacts facts();

  /** Every exercise, the practice exercise included. */
  List<ExerciseRef> exercises();
}
