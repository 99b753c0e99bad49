package id.born2control.scoreboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamChanged;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseService;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.SolveRecorded;
import id.born2control.scoring.TeamPointsAdjusted;
import id.born2control.scoring.TeamScoring;
import id.born2control.scoring.TeamSolveRecorded;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The team boards of team exercises (overall, per cohort, per exercise), in memory and pushed
 * live like the individual boards: the same {@link RankingEngine} ranks teams (a team stands in
 * for a trainee: its id, its name, its cohort), fed by the scoring feature's team solves and
 * adjustments after commit, on its own ranking thread. Each fact keeps the member whose action it
 * was, so every member's contribution can be shown, and the team that earned it, so a member
 * moving to another team moves no points. A live ranking (every fact) and a public one (without
 * the facts of a frozen exercise from its freeze on) are kept; both are rebuilt from the stored
 * team facts at start-up, on request and when a team changes (its name or cohort).
 */
@ApplicationScoped
public class TeamBoards {

  private static final Logger LOG = Logger.getLogger(TeamBoards.class);

  /** What a rebuild did. */
  public record RebuildReport(int solves, int adjustments, int rankedTeams, long millis) {}

  /** One member's share of a team's score on a board ({@code checks}: defense checks held). */
  public record Contribution(String team, String cohort, String member, int solves,
      int firstBloods, int hintsUnlocked, int hintPoints, int checks, long points) {}

  private final ScoreboardConfig config;
  private final TeamScoring scoring;
  private final TeamService teams;
  private final IdentityService identity;
  private final ExerciseService exercises;
  private final CatalogService catalog;
  private final ObjectMapper json;
  private final RankingThread worker = new RankingThread("scoreboard-team-ranking", LOG);
  private final LiveRankings rankings;

  // held by the ranking thread only
  private final Map<Long, TeamSolveRecorded> solves = new LinkedHashMap<>();
  private final Map<Long, TeamPointsAdjusted> adjustments = new LinkedHashMap<>();

  private final Map<Long, TraineeRef> teamRefs = new ConcurrentHashMap<>();
  private final Map<Long, String> members = new ConcurrentHashMap<>();
  private final Map<String, ChallengeSpec> specs = new ConcurrentHashMap<>();

  TeamBoards(ScoreboardConfig config, TeamScoring scoring, TeamService teams,
      IdentityService identity, ExerciseService exercises, CatalogService catalog,
      ObjectMapper json) {
    this.config = config;
    this.scoring = scoring;
    this.teams = teams;
    this.identity = identity;
    this.exercises = exercises;
    this.catalog = catalog;
    this.json = json;
    this.rankings = new LiveRankings(config, this::newEngine, this::shownPublicly);
  }

  void onStart(@Observes StartupEvent event) {
    RebuildReport report = rebuild();
    LOG.infof("Team boards: rebuilt from stored facts (%d solves, %d adjustments, %d teams) in"
        + " %d ms", report.solves(), report.adjustments(), report.rankedTeams(), report.millis());
    worker.every(Math.max(10, config.pushInterval().toMillis()), this::push);
  }

  void onStop(@Observes ShutdownEvent event) {
    worker.stop();
  }

  void onSolve(@Observes(during = TransactionPhase.AFTER_SUCCESS) TeamSolveRecorded solve) {
    worker.execute(() -> {
      if (solves.putIfAbsent(solve.solveId(), solve) == null) {
        rankings.apply(asSolve(solve));
      }
    });
  }

  void onAdjustment(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) TeamPointsAdjusted adjustment) {
    worker.execute(() -> {
      if (adjustments.putIfAbsent(adjustment.id(), adjustment) == null) {
        rankings.apply(asAdjustment(adjustment));
      }
    });
  }

  /**
   * A team was renamed: boards show names as they are now. Other changes move no points (and a
   * new team is looked up when its first fact arrives), so a roster import of thousands of
   * members causes no rebuild.
   */
  void onTeamChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) TeamChanged change) {
    if (!"team.rename".equals(change.action())) {
      return;
    }
    worker.execute(() -> {
      loadTeams();
      rebuildEngines();
    });
  }

  /** Rebuilds both rankings from the stored team facts only (what a restart does). */
  public RebuildReport rebuild() {
    return worker.await(() -> {
      long started = System.nanoTime();
      loadTeams();
      solves.clear();
      adjustments.clear();
      for (Record fact : scoring.facts()) {
        if (fact instanceof TeamSolveRecorded s) {
          solves.put(s.solveId(), s);
        } else if (fact instanceof TeamPointsAdjusted a) {
          adjustments.put(a.id(), a);
        }
      }
      rebuildEngines();
      return new RebuildReport(solves.size(), adjustments.size(),
          standings(BoardKey.OVERALL, true).total(), (System.nanoTime() - started) / 1_000_000);
    });
  }

  // ---- reads (any thread) ----

  Standings standings(BoardKey key, boolean liveBoard) {
    return rankings.standings(key, liveBoard);
  }

  /** A team's score over time on one board (the big screen's chart in team mode). */
  List<RankingEngine.Point> timeline(long teamId, Long exerciseId, boolean liveBoard) {
    return rankings.read(liveBoard, engine -> engine.timeline(teamId, exerciseId));
  }

  /**
   * Where a team stands on the public overall team board (as a trainee's placing on theirs),
   * from memory: a member's page shows it.
   */
  public ScoreboardService.Placing placing(long teamId) {
    Standings standings = standings(BoardKey.OVERALL, false);
    int index = standings.indexOf(teamId);
    return index < 0 ? new ScoreboardService.Placing(null, 0, standings.total())
        : new ScoreboardService.Placing(standings.rows.get(index).rank(),
            standings.rows.get(index).score(), standings.total());
  }

  Multi<LiveHub.LiveEvent> stream(String lastEventId) {
    return rankings.stream(lastEventId, this::snapshotJson);
  }

  /** Each member's share of each team's score, on the live board of one exercise or of all. */
  List<Contribution> contributions(Long exerciseId) {
    return worker.await(() -> {
      Map<String, long[]> shares = new LinkedHashMap<>();
      Map<String, String[]> who = new LinkedHashMap<>();
      // Read on the ranking thread, the live ranking's only writer.
      RankingEngine engine = rankings.read(true, e -> e);
      for (TeamSolveRecorded s : solves.values()) {
        if (exerciseId == null || s.exerciseId() == exerciseId) {
          long[] share = share(shares, who, s.teamId(), s.traineeId());
          share[0]++;
          share[4] += engine.value(s.exerciseId(), s.slug());
        }
      }
      for (TeamPointsAdjusted a : adjustments.values()) {
        if (a.traineeId() == null || (exerciseId != null && a.exerciseId() != exerciseId)) {
          continue;
        }
        long[] share = share(shares, who, a.teamId(), a.traineeId());
        if ("first-blood".equals(a.kind())) {
          share[1]++;
        } else if ("hint".equals(a.kind())) {
          share[2]++;
          share[3] += a.points();
        } else if ("defense".equals(a.kind())) {
          share[5]++;
        }
        share[4] += a.points();
      }
      List<Contribution> out = new ArrayList<>();
      shares.forEach((key, share) -> {
        String[] names = who.get(key);
        out.add(new Contribution(names[0], names[1], names[2], (int) share[0], (int) share[1],
            (int) share[2], (int) share[3], (int) share[5], share[4]));
      });
      out.sort(Comparator.comparing(Contribution::team).thenComparing(Contribution::member));
      return out;
    });
  }

  int liveClients() {
    return rankings.clients();
  }

  /** Whether the exercise is played in teams. */
  boolean teamExercise(long exerciseId) {
    return exercises.find(exerciseId).map(ExerciseRef::teamMode).orElse(false);
  }

  // ---- the ranking thread ----

  private long[] share(Map<String, long[]> shares, Map<String, String[]> who, long teamId,
      long traineeId) {
    String key = teamId + "/" + traineeId;
    TraineeRef team = teamRefs.get(teamId);
    who.computeIfAbsent(key, k -> new String[] {team == null ? "#" + teamId : team.username(),
        team == null ? null : team.cohort(), member(traineeId)});
    return shares.computeIfAbsent(key, k -> new long[6]);
  }

  private String member(long traineeId) {
    return members.computeIfAbsent(traineeId,
        id -> identity.byId(id).map(TraineeRef::username).orElse("#" + id));
  }

  /** A team's solve as the ranking takes it: the team in the trainee's place. */
  private static SolveRecorded asSolve(TeamSolveRecorded s) {
    return new SolveRecorded(s.solveId(), s.teamId(), s.slug(), s.exerciseId(), s.at(),
        s.position());
  }

  private static PointsAdjusted asAdjustment(TeamPointsAdjusted a) {
    return new PointsAdjusted(a.id(), a.teamId(), a.exerciseId(), a.points(), a.at(), a.kind(),
        a.reason());
  }

  /** Sends the public board's changes since the last push: first bloods, then one rank event. */
  private void push() {
    rankings.push("teams", this::challengeName, this::write);
  }

  private void rebuildEngines() {
    List<Object> facts = new ArrayList<>(solves.size() + adjustments.size());
    solves.values().forEach(s -> facts.add(asSolve(s)));
    adjustments.values().forEach(a -> facts.add(asAdjustment(a)));
    rankings.rebuild(facts, this::snapshotJson);
  }

  private void loadTeams() {
    for (TeamRef team : teams.all()) {
      teamRefs.put(team.id(), new TraineeRef(team.id(), team.name(), team.name(), team.cohort(),
          false, false));
    }
  }

  private RankingEngine newEngine() {
    // A team unknown here (created on another instance a moment ago) is looked up once.
    return new RankingEngine(id -> teamRefs.computeIfAbsent(id, k -> teams.find(k)
        .map(t -> new TraineeRef(t.id(), t.name(), t.name(), t.cohort(), false, false))
        .orElse(null)), this::spec);
  }

  private boolean shownPublicly(long exerciseId, Instant at) {
    return exercises.find(exerciseId).map(e -> !e.frozenAt(at)).orElse(true);
  }

  private ChallengeSpec spec(String slug) {
    return specs.computeIfAbsent(slug, s -> catalog.find(s).map(CatalogEntry::spec)
        .orElse(null));
  }

  private String challengeName(String slug) {
    ChallengeSpec spec = spec(slug);
    return spec == null ? slug : spec.name();
  }

  private String snapshotJson() {
    return write(ScoreboardViews.page(standings(BoardKey.OVERALL, false), 0,
        config.snapshotSize(), new ScoreboardService.Freeze(false, null)));
  }

  String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a team board event", e);
    }
  }
}
