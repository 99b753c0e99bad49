package id.born2control.scoreboard;

import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseService;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.ScoringService;
import id.born2control.scoring.SolveRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The scoreboard's source of stored facts: the scoring feature's solves, adjustments, exercises. */
@ApplicationScoped
class ScoringScoreSource implements ScoreSource {

  private final ScoringService scoring;
  private final ExerciseService exercises;

  ScoringScoreSource(ScoringService scoring, ExerciseService exercises) {
    this.scoring = scoring;
    this.exercises = exercises;
  }

  @Override
  public ScoreFacts facts() {
    List<SolveRecorded> solves = new ArrayList<>();
    List<PointsAdjusted> adjustments = new ArrayList<>();
    for (Record fact : scoring.facts()) {
      if (fact instanceof SolveRecorded solve) {
        solves.add(solve);
      } else if (fact instanceof PointsAdjusted adjustment) {
        adjustments.add(adjustment);
      }
    }
    return new ScoreFacts(solves, adjustments);
  }

  @Override
  public List<ExerciseRef> exercises() {
    return exercises.all();
  }
}
