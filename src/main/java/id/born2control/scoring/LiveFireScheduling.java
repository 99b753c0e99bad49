package id.born2control.scoring;

import id.born2control.labs.LiveFires;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Schedules a live-fire exercise in one transaction: the exercise (its window, cohorts and its
 * one challenge, reserved to it, so points and lab starts follow the exercise's rules) and the
 * labs feature's live fire that provisions the participants' labs (each team's one lab in a
 * team exercise) on the exercise's clock
 * (the API and the studio's live-fire page both schedule through it).
 */
@ApplicationScoped
public class LiveFireScheduling {

  private final ExerciseService exercises;
  private final LiveFires liveFires;

  LiveFireScheduling(ExerciseService exercises, LiveFires liveFires) {
    this.exercises = exercises;
    this.liveFires = liveFires;
  }

  @Transactional
  public LiveFires.Progress schedule(LiveFireRequest r, String actor) {
    if (r == null) {
      throw new ScoringErrors.InvalidExercise(List.of("the body must be a live-fire object"));
    }
    Duration debrief = r.debriefSeconds() == null ? null
        : Duration.ofSeconds(r.debriefSeconds());
    List<String> errors = new ArrayList<>(liveFires.problems(r.challenge(), debrief));
    if (r.cohorts() == null || r.cohorts().isEmpty()) {
      errors.add("cohorts: at least one cohort");
    }
    if (r.endsAt() == null) {
      errors.add("endsAt: required");
    }
    if (!errors.isEmpty()) {
      throw new ScoringErrors.InvalidExercise(errors);
    }
    ExerciseRef exercise = exercises.create(new ExerciseRequest(r.name(), r.startsAt(),
        r.endsAt(), null, r.cohorts(), List.of(r.challenge()), r.mode()), actor);
    // The exercise checked the mode (and, for teams, that every trainee has one).
    return liveFires.schedule(new LiveFires.Schedule(exercise.id(), r.challenge(),
        r.cohorts(), r.startsAt(), r.endsAt(), debrief, exercise.teamMode()), actor);
  }

  /**
   * Ends a running live-fire exercise early (at the end of its current tick): its labs' clock
   * and the exercise's window end together, so points stop counting where the ticks stop.
   */
  @Transactional
  public LiveFires.Progress end(long exerciseId, String actor) {
    LiveFires.Progress ended = liveFires.end(exerciseId, Instant.now(), actor);
    ExerciseRef e = exercises.find(exerciseId)
        .orElseThrow(() -> new ScoringErrors.ExerciseNotFound(exerciseId));
    if (e.endsAt() == null || ended.endsAt().isBefore(e.endsAt())) {
      Instant freeze = e.freezeAt() == null || e.freezeAt().isBefore(ended.endsAt())
          ? e.freezeAt() : ended.endsAt();
      exercises.update(exerciseId, new ExerciseRequest(e.name(), e.startsAt(), ended.endsAt(),
          freeze, e.cohorts(), e.challenges(), e.mode()), actor);
    }
    return ended;
  }
}
