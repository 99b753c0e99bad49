package id.born2control.scoreboard.bench;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoreboard.ScoreboardService;
import id.born2control.scoring.SolveRecorded;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BENCHMARK BUILD ONLY (compiled in by infra/bench/scoreboard.sh, never part of the range):
 * seeds trainees through the identity service and solves through the scoring feature's event
 * path (SolveRecorded fired in committed transactions, as scoring fires it), and fires single
 * marker solves for the live fan-out measurement.
 */
@Path("/bench")
@Produces(MediaType.APPLICATION_JSON)
public class BenchSeedResource {

  public record Seeded(int trainees, int cohorts, int challenges, int solves, long seedMillis,
      ScoreboardService.RebuildReport rebuild) {}

  public record Fired(long solveId, String username, String slug) {}

  private static final AtomicLong SOLVE_IDS = new AtomicLong(1);

  private final IdentityService identity;
  private final EntityManager entityManager;
  private final Event<SolveRecorded> solves;
  private final ScoreboardService scoreboard;
  private final List<TraineeRef> seeded = new ArrayList<>();
  private final Map<String, Integer> positions = new HashMap<>();

  BenchSeedResource(IdentityService identity, Event<SolveRecorded> solves,
      ScoreboardService scoreboard, EntityManager entityManager) {
    this.entityManager = entityManager;
    this.identity = identity;
    this.solves = solves;
    this.scoreboard = scoreboard;
  }

  @POST
  @Path("seed")
  public synchronized Seeded seed(@QueryParam("trainees") int trainees,
      @QueryParam("cohorts") int cohorts, @QueryParam("challenges") int challenges,
      @QueryParam("solves") int solveCount) {
    long started = System.nanoTime();
    for (int from = 0; from < trainees; from += 500) {
      int start = from;
      seeded.addAll(QuarkusTransaction.requiringNew().call(() -> {
        List<TraineeRef> batch = new ArrayList<>();
        for (int i = start; i < Math.min(trainees, start + 500); i++) {
          batch.add(identity.ensure(String.format("t%05d", i), "Trainee " + i,
              String.format("cohort-%02d", i % cohorts)));
        }
        return batch;
      }));
    }
    // popular challenges are solved more (harmonic weights), each trainee solves each at most
    // once, solve times spread over ten hours
    Random random = new Random(2026);
    double[] weights = new double[challenges];
    double sum = 0;
    for (int c = 0; c < challenges; c++) {
      weights[c] = 1.0 / (1 + c * 0.15);
      sum += weights[c];
    }
    Set<Long> done = new HashSet<>();
    Instant start = Instant.now().minusSeconds(36_000);
    List<SolveRecorded> batch = new ArrayList<>();
    int made = 0;
    while (made < solveCount) {
      TraineeRef who = seeded.get(random.nextInt(seeded.size()));
      double pick = random.nextDouble() * sum;
      int c = 0;
      while (c < challenges - 1 && (pick -= weights[c]) > 0) {
        c++;
      }
      if (!done.add(who.id() * 1000 + c)) {
        continue;
      }
      String slug = String.format("bench-%02d", c);
      int position = positions.merge(slug, 1, Integer::sum);
      batch.add(new SolveRecorded(SOLVE_IDS.getAndIncrement(), who.id(), slug, 1,
          start.plusMillis((long) made * 36_000_000L / solveCount), position));
      made++;
      if (batch.size() == 1000 || made == solveCount) {
        List<SolveRecorded> send = List.copyOf(batch);
        batch.clear();
        QuarkusTransaction.requiringNew().run(() -> send.forEach(solves::fire));
      }
    }
    long seedMillis = (System.nanoTime() - started) / 1_000_000;
    // runs after every queued solve on the ranking thread: a barrier, and the rebuild time
    ScoreboardService.RebuildReport rebuild = scoreboard.rebuild();
    return new Seeded(trainees, cohorts, challenges, made, seedMillis, rebuild);
  }

  /** One more solve, by a trainee of the marker cohort, through the event path. */
  @POST
  @Path("fire")
  public Fired fire(@QueryParam("username") String username, @QueryParam("slug") String slug) {
    TraineeRef who = identity.ensure(username, username, "cohort-marker");
    long id = SOLVE_IDS.getAndIncrement();
    QuarkusTransaction.requiringNew().run(() ->
        solves.fire(new SolveRecorded(id, who.id(), slug, 1, Instant.now(), 0)));
    return new Fired(id, username, slug);
  }

  /**
   * How many submissions are stored, so submissions.sh can count answers against rows (a bench-only
   * read of the scoring table; the range itself reads it only through the scoring feature).
   */
  /**
   * Rows and bytes on disk (table, indexes and TOAST) of the tables that grow with use, and the
   * whole database: the capacity plan's database size is computed from these.
   */
  @GET
  @Path("storage")
  @Produces(MediaType.TEXT_PLAIN)
  public String storage() {
    return QuarkusTransaction.requiringNew().call(() -> {
      StringBuilder out = new StringBuilder();
      for (String table : List.of("submission", "solve", "audit_log", "live_event", "trainee",
          "flag_progress", "rate_bucket")) {
        Object[] row = (Object[]) entityManager.createNativeQuery("select (select count(*) from "
            + table + "), pg_total_relation_size('" + table + "')").getSingleResult();
        out.append(table).append(' ').append(row[0]).append(' ').append(row[1]).append('\n');
      }
      out.append("database 1 ").append(entityManager.createNativeQuery(
          "select pg_database_size(current_database())").getSingleResult()).append('\n');
      return out.toString();
    });
  }

  @GET
  @Path("submissions")
  @Produces(MediaType.TEXT_PLAIN)
  public long submissions() {
    return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
        .createNativeQuery("select count(*) from submission").getSingleResult()).longValue());
  }
}
