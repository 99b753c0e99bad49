package id.born2control.scoreboard;

import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.SolveRecorded;
import java.util.List;

/**
 * The stored facts a ranking is computed from: every solve (of any trainee, hidden or banned
 * included; the scoreboard leaves those out itself) and every point adjustment, each in time
 * order. The {@code position} of a rebuilt solve does not matter (no first-blood event is sent).
 */
public record ScoreFacts(List<SolveRecorded> solves, List<PointsAdjusted> adjustments) {

  public ScoreFacts {
    solves = List.copyOf(solves);
    adjustments = List.copyOf(adjustments);
  }
}
