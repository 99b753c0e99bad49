package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Solve counts per challenge (ranked trainees and teams) and the challenges each trainee and each
 * team solved, in memory: rebuilt from the database at start-up and when a trainee's ranking
 * status changes, updated after each committed solve. Reads never touch the database.
 */
@ApplicationScoped
public class SolveCounters {

  private final IdentityService identity;
  private final EntityManager em;
  private volatile State state = new State();

  SolveCounters(IdentityService identity, EntityManager em) {
    this.identity = identity;
    this.em = em;
  }

  private static final class State {
    final Map<String, AtomicLong> ranked = new ConcurrentHashMap<>();
    final Map<Long, Set<String>> solved = new ConcurrentHashMap<>();
    final Map<String, Long> idByUsername = new ConcurrentHashMap<>();
    final Set<Long> unranked = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicLong> teamCounts = new ConcurrentHashMap<>();
    final Map<Long, Set<String>> teamSolved = new ConcurrentHashMap<>();
  }

  void onStart(@Observes StartupEvent event) {
    rebuild();
  }

  /** Reads every solve again; called at start-up and when hidden or banned flags change. */
  synchronized void rebuild() {
    State fresh = new State();
    List<TraineeRef> trainees = identity.all();
    for (TraineeRef t : trainees) {
      fresh.idByUsername.put(t.username(), t.id());
      if (!t.ranked()) {
        fresh.unranked.add(t.id());
      }
    }
    List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
        "select trainee_id, challenge_slug from solve order by id", Object[].class)
        .getResultList());
    for (Object[] row : rows) {
      add(fresh, ((Number) row[0]).longValue(), (String) row[1]);
    }
    List<Object[]> teamRows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
        "select team_id, challenge_slug from team_solve order by id", Object[].class)
        .getResultList());
    for (Object[] row : teamRows) {
      addTeam(fresh, ((Number) row[0]).longValue(), (String) row[1]);
    }
    state = fresh;
  }

  /** Counts a solve once, however often it is seen (a trainee solves a challenge once). */
  private static void add(State s, long traineeId, String slug) {
    boolean fresh = s.solved.computeIfAbsent(traineeId, k -> ConcurrentHashMap.newKeySet())
        .add(slug);
    if (fresh && !s.unranked.contains(traineeId)) {
      s.ranked.computeIfAbsent(slug, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** A team solves a challenge once (the database's constraint); seen twice, counted once. */
  private static void addTeam(State s, long teamId, String slug) {
    if (s.teamSolved.computeIfAbsent(teamId, k -> ConcurrentHashMap.newKeySet()).add(slug)) {
      s.teamCounts.computeIfAbsent(slug, k -> new AtomicLong()).incrementAndGet();
    }
  }

  void onSolve(@Observes(during = TransactionPhase.AFTER_SUCCESS) SolveRecorded solve) {
    add(state, solve.traineeId(), solve.slug());
  }

  void onTeamSolve(@Observes(during = TransactionPhase.AFTER_SUCCESS) TeamSolveRecorded solve) {
    addTeam(state, solve.teamId(), solve.slug());
  }

  /** Remembers a trainee's user name, so that {@link #solvedBy} needs no lookup. */
  void know(TraineeRef trainee) {
    state.idByUsername.putIfAbsent(trainee.username(), trainee.id());
  }

  /**
   * Solvers per challenge: ranked trainees' solves and teams' solves (a team exercise's challenge
   * is solved by teams, each counted once).
   */
  public Map<String, Long> solveCounts() {
    State s = state;
    Map<String, Long> counts = new HashMap<>();
    s.ranked.forEach((slug, n) -> counts.put(slug, n.get()));
    s.teamCounts.forEach((slug, n) -> counts.merge(slug, n.get(), Long::sum));
    return counts;
  }

  /** Ranked solves of one challenge. */
  public long count(String slug) {
    AtomicLong n = state.ranked.get(slug);
    return n == null ? 0 : n.get();
  }

  /** The id of the trainee with this user name (remembered after the first look-up), if any. */
  Long idOf(String username) {
    State s = state;
    Long id = s.idByUsername.get(username);
    if (id == null) {
      id = identity.byUsername(username).map(TraineeRef::id).orElse(null);
      if (id != null) {
        s.idByUsername.put(username, id);
      }
    }
    return id;
  }

  /** Slugs the trainee solved. */
  public Set<String> solved(long traineeId) {
    Set<String> slugs = state.solved.get(traineeId);
    return slugs == null ? Set.of() : Set.copyOf(slugs);
  }

  /** Slugs the team solved (team exercises). */
  Set<String> solvedByTeam(long teamId) {
    Set<String> slugs = state.teamSolved.get(teamId);
    return slugs == null ? Set.of() : Set.copyOf(slugs);
  }

  /** Whether the trainee solved the challenge, as far as this instance knows (no copy). */
  boolean has(long traineeId, String slug) {
    Set<String> slugs = state.solved.get(traineeId);
    return slugs != null && slugs.contains(slug);
  }

  /** Ids of hidden or banned trainees, left out of counts. */
  Set<Long> unranked() {
    return Set.copyOf(state.unranked);
  }
}
