package id.born2control.scoring;

import id.born2control.cluster.LiveFeed;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamChanged;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The scoring facts every service instance must learn. A fact that happens here is fired to this
 * instance's observers (they act after commit) and published on the live feed in the same
 * transaction; a fact from another instance arrives from the feed, in commit order, and is fired
 * here outside any transaction, so the same after-commit observers (solve counters, the ranking)
 * apply it at once. Solves and points come back to the instance that made them too: those
 * observers ignore a fact they hold, and so an own commit whose answer was lost with the
 * database connection still counts here. (The submission writer's, applied here as they commit,
 * are not read back.) Each instance thus applies every fact once.
 */
@ApplicationScoped
class SharedFacts {

  private static final String SOLVE = "solve";
  private static final String POINTS = "points";
  private static final String EXERCISE = "exercise";
  private static final String TRAINEE_STATUS = "trainee-status";
  private static final String TEAM_SOLVE = "team-solve";
  private static final String TEAM_POINTS = "team-points";
  private static final String TEAM_CHANGE = "team-change";

  private final LiveFeed feed;
  private final Event<SolveRecorded> solves;
  private final Event<PointsAdjusted> adjustments;
  private final Event<ExerciseRef> exerciseChanges;
  private final Event<TeamSolveRecorded> teamSolves;
  private final Event<TeamPointsAdjusted> teamAdjustments;
  private final ExerciseService exercises;
  private final SolveCounters counters;
  private final IdentityService identities;
  private final SolvedChallenges solved;

  SharedFacts(LiveFeed feed, Event<SolveRecorded> solves, Event<PointsAdjusted> adjustments,
      Event<ExerciseRef> exerciseChanges, ExerciseService exercises, SolveCounters counters,
      IdentityService identities, Event<TeamSolveRecorded> teamSolves,
      Event<TeamPointsAdjusted> teamAdjustments, SolvedChallenges solved) {
    this.solved = solved;
    this.teamSolves = teamSolves;
    this.teamAdjustments = teamAdjustments;
    this.identities = identities;
    this.feed = feed;
    this.solves = solves;
    this.adjustments = adjustments;
    this.exerciseChanges = exerciseChanges;
    this.exercises = exercises;
    this.counters = counters;
  }

  void onStart(@Observes StartupEvent event) {
    feed.subscribeAll(SOLVE, SolveRecorded.class, solves::fire);
    feed.subscribeAll(POINTS, PointsAdjusted.class, adjustments::fire);
    feed.subscribeAll(TEAM_SOLVE, TeamSolveRecorded.class, teamSolves::fire);
    feed.subscribeAll(TEAM_POINTS, TeamPointsAdjusted.class, teamAdjustments::fire);
    feed.subscribe(EXERCISE, ExerciseRef.class, exercise -> {
      exercises.changedElsewhere();
      exerciseChanges.fire(exercise);
    });
    feed.subscribe(TRAINEE_STATUS, String.class, username -> {
      identities.forget(username);
      counters.rebuild();
    });
    feed.subscribe(TEAM_CHANGE, Long.class, team -> solved.forgetTeams());
  }

  /**
   * A team changed (in the staff's transaction): other instances forget whom they knew in which
   * team, as this one does after commit, so a moved member's pages follow the new team.
   */
  void onTeamChange(@Observes TeamChanged change) {
    feed.publish(TEAM_CHANGE, change.teamId());
  }

  void solve(SolveRecorded solve) {
    solves.fire(solve);
    feed.publish(SOLVE, solve);
  }

  void adjustment(PointsAdjusted adjustment) {
    adjustments.fire(adjustment);
    feed.publish(POINTS, adjustment);
  }

  /**
   * Publishes facts stored by the submission writer in its own JDBC transaction (autocommit
   * off); {@link #applyHere} fires them here once that transaction has committed. Returns the
   * ids of their events.
   */
  long[] publish(Connection c, List<SolveRecorded> solved, List<PointsAdjusted> adjusted)
      throws SQLException {
    return LongStream.concat(LongStream.of(feed.publish(c, SOLVE, solved)),
        LongStream.of(feed.publish(c, POINTS, adjusted))).toArray();
  }

  /**
   * Fires committed facts to this instance's observers (outside any transaction: at once); the
   * feed then skips their {@code events} rather than apply them here a second time.
   */
  void applyHere(List<SolveRecorded> solved, List<PointsAdjusted> adjusted, long[] events) {
    solved.forEach(solves::fire);
    adjusted.forEach(adjustments::fire);
    feed.appliedHere(events);
  }

  void teamSolve(TeamSolveRecorded solve) {
    teamSolves.fire(solve);
    feed.publish(TEAM_SOLVE, solve);
  }

  void teamAdjustment(TeamPointsAdjusted adjustment) {
    teamAdjustments.fire(adjustment);
    feed.publish(TEAM_POINTS, adjustment);
  }

  void exercise(ExerciseRef exercise) {
    exerciseChanges.fire(exercise);
    feed.publish(EXERCISE, exercise);
  }

  /** A trainee was hidden, shown, banned or unbanned: other instances recount solves. */
  void traineeStatus(String username) {
    feed.publish(TRAINEE_STATUS, username);
  }
}
