package id.born2control.scoreboard.bench;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoreboard.TeamBoards;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseRequest;
import id.born2control.scoring.ExerciseService;
import id.born2control.scoring.TeamSolveRecorded;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BENCHMARK BUILD ONLY (compiled in by infra/bench/scoreboard.sh with TEAMS set, never part of
 * the range): teams made through {@link TeamService#create} from the trainees {@code /bench/seed}
 * provisioned, one running team exercise made through {@link ExerciseService#create}, and team
 * solves stored and fired by {@link BenchTeamSolves} in committed transactions, so the team board
 * learns them through its after-commit observers. The closing rebuild re-reads the stored rows,
 * so it also checks that what was fired is what was stored.
 */
@Path("/bench/teams")
@Produces(MediaType.APPLICATION_JSON)
public class BenchTeamSeedResource {

  public record Seeded(int teams, int members, int solves, int firstBloods, long teamMillis,
      long solveMillis, TeamBoards.RebuildReport rebuild) {}

  public record Prepared(String team, long teamId) {}

  public record Fired(long solveId, String team, String slug, int position) {}

  private static final String EXERCISE = "bench teams";

  private final IdentityService identity;
  private final TeamService teams;
  private final ExerciseService exercises;
  private final TeamBoards boards;
  private final BenchTeamSolves writer;
  /** Marker teams made by {@link #prepare}: team id and the member who fires its solve. */
  private final Map<String, long[]> markers = new ConcurrentHashMap<>();
  private volatile Long exerciseId;

  BenchTeamSeedResource(IdentityService identity, TeamService teams, ExerciseService exercises,
      TeamBoards boards, BenchTeamSolves writer) {
    this.identity = identity;
    this.teams = teams;
    this.exercises = exercises;
    this.boards = boards;
    this.writer = writer;
  }

  /**
   * Makes {@code teams} teams of {@code members} from the seeded trainees t00000.. (trainee i is
   * in cohort i % cohorts, so each cohort's trainees are cut into teams in order), the team
   * exercise, and {@code solves} team solves: popular challenges solved more (harmonic weights,
   * as the trainee seeder), each team solves each challenge at most once, by a random member,
   * solve times spread over ten hours.
   */
  @POST
  @Path("seed")
  public synchronized Seeded seed(@QueryParam("teams") int teamCount,
      @QueryParam("members") int members, @QueryParam("cohorts") int cohorts,
      @QueryParam("challenges") int challenges, @QueryParam("solves") int solveCount) {
    if (teamCount % cohorts != 0) {
      throw new IllegalArgumentException("teams must be a multiple of cohorts");
    }
    long started = System.nanoTime();
    int perCohort = teamCount / cohorts;
    List<long[]> made = new ArrayList<>(); // team id, then its member ids
    for (int from = 0; from < teamCount; from += 100) {
      int start = from;
      made.addAll(QuarkusTransaction.requiringNew().call(() -> {
        List<long[]> batch = new ArrayList<>();
        for (int j = start; j < Math.min(teamCount, start + 100); j++) {
          int cohort = j / perCohort;
          int k = j % perCohort;
          List<String> names = new ArrayList<>();
          for (int m = 0; m < members; m++) {
            names.add(String.format("t%05d", cohort + cohorts * (k * members + m)));
          }
          TeamRef team = teams.create(String.format("team-%04d", j),
              String.format("cohort-%02d", cohort), names, "bench");
          long[] ids = new long[members + 1];
          ids[0] = team.id();
          for (int m = 0; m < members; m++) {
            ids[m + 1] = identity.byUsername(names.get(m)).map(TraineeRef::id).orElseThrow();
          }
          batch.add(ids);
        }
        return batch;
      }));
    }
    long teamMillis = (System.nanoTime() - started) / 1_000_000;
    List<String> seededCohorts = new ArrayList<>();
    for (int c = 0; c < cohorts; c++) {
      seededCohorts.add(String.format("cohort-%02d", c));
    }
    long exercise = exercise(seededCohorts);

    started = System.nanoTime();
    Random random = new Random(2026);
    double[] weights = new double[challenges];
    double sum = 0;
    for (int c = 0; c < challenges; c++) {
      weights[c] = 1.0 / (1 + c * 0.15);
      sum += weights[c];
    }
    Set<Long> done = new HashSet<>();
    Instant first = Instant.now().minusSeconds(36_000).truncatedTo(ChronoUnit.MICROS);
    List<BenchTeamSolves.Solve> batch = new ArrayList<>();
    int count = 0;
    int bloods = 0;
    while (count < solveCount) {
      long[] team = made.get(random.nextInt(made.size()));
      double pick = random.nextDouble() * sum;
      int c = 0;
      while (c < challenges - 1 && (pick -= weights[c]) > 0) {
        c++;
      }
      if (!done.add(team[0] * 1000 + c)) {
        continue;
      }
      batch.add(new BenchTeamSolves.Solve(team[0], team[1 + random.nextInt(members)],
          String.format("bench-%02d", c), first.plusMillis((long) count * 36_000_000L / solveCount)));
      count++;
      if (batch.size() == 1000 || count == solveCount) {
        List<BenchTeamSolves.Solve> send = List.copyOf(batch);
        batch.clear();
        bloods += QuarkusTransaction.requiringNew()
            .call(() -> writer.store(send, exercise).firstBloods().size());
      }
    }
    long solveMillis = (System.nanoTime() - started) / 1_000_000;
    // runs after every queued team fact on the team ranking thread: a barrier, and the rebuild
    // time from the stored rows
    return new Seeded(made.size(), members, count, bloods, teamMillis, solveMillis,
        boards.rebuild());
  }

  /** Rebuilds the team board from the stored rows again (the warm rebuild). */
  @POST
  @Path("rebuild")
  public TeamBoards.RebuildReport rebuild() {
    return boards.rebuild();
  }

  /**
   * A marker team of two new trainees in the marker cohort, made before its solve is timed, so
   * the fan-out measures the solve only.
   */
  @POST
  @Path("prepare")
  public Prepared prepare(@QueryParam("username") String name) {
    TeamRef team = QuarkusTransaction.requiringNew().call(() -> {
      identity.ensure(name + "-a", name + " a", "cohort-marker");
      identity.ensure(name + "-b", name + " b", "cohort-marker");
      return teams.create(name, "cohort-marker", List.of(name + "-a", name + "-b"), "bench");
    });
    long member = identity.byUsername(name + "-a").map(TraineeRef::id).orElseThrow();
    markers.put(name, new long[] {team.id(), member});
    return new Prepared(team.name(), team.id());
  }

  /** One team solve by a prepared marker team, through the event path. */
  @POST
  @Path("fire")
  public Fired fire(@QueryParam("username") String name, @QueryParam("slug") String slug) {
    long[] marker = markers.get(name);
    if (marker == null) {
      throw new IllegalArgumentException("no prepared marker team " + name);
    }
    long exercise = exercise(List.of());
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    TeamSolveRecorded solve = QuarkusTransaction.requiringNew().call(() -> writer.store(
        List.of(new BenchTeamSolves.Solve(marker[0], marker[1], slug, at)), exercise)
        .solves().get(0));
    return new Fired(solve.solveId(), name, slug, solve.position());
  }

  /**
   * The running team exercise of the seeded cohorts and every challenge, made once (its
   * creation checks that every trainee of those cohorts is in a team of the minimum size).
   */
  private long exercise(List<String> cohorts) {
    if (exerciseId == null) {
      exerciseId = exercises.all().stream().filter(e -> EXERCISE.equals(e.name())).findFirst()
          .map(ExerciseRef::id).orElseGet(() -> exercises.create(new ExerciseRequest(EXERCISE,
              Instant.now().minusSeconds(40_000), null, null, cohorts, List.of(),
              ExerciseRef.TEAM), "bench").id());
    }
    return exerciseId;
  }
}
