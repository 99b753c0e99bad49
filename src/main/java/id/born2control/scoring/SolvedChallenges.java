package id.born2control.scoring;

import id.born2control.catalog.SolveStatistics;
import id.born2control.identity.TeamChanged;
import id.born2control.identity.TeamService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What counts as solved for a trainee, as pages, prerequisites and lab starts see it: a challenge
 * played in a team exercise (for the trainee's cohort, now) is solved when the trainee's current
 * team solved it, whichever member did; any other challenge when the trainee solved it. So a
 * teammate's solve shows on every member's page and opens the challenges that require it, and a
 * trainee of another team never sees it as theirs. Read from memory: the solves from
 * {@link SolveCounters}, each trainee's current team from a cache emptied on every team change
 * (here and, through the live feed, on other instances).
 */
@ApplicationScoped
class SolvedChallenges implements SolveStatistics {

  /** A trainee's current team and its cohort; {@link #NONE} for a trainee in no team. */
  private record Member(long teamId, String cohort) {}

  private static final Member NONE = new Member(-1, null);

  private final SolveCounters counters;
  private final ExerciseService exercises;
  private final TeamService teams;
  private final Map<Long, Member> members = new ConcurrentHashMap<>();
  /** Bumped by every team change: a look-up begun before one is not remembered after it. */
  private final AtomicLong generation = new AtomicLong();

  SolvedChallenges(SolveCounters counters, ExerciseService exercises, TeamService teams) {
    this.counters = counters;
    this.exercises = exercises;
    this.teams = teams;
  }

  @Override
  public Map<String, Long> solveCounts() {
    return counters.solveCounts();
  }

  @Override
  public Set<String> solvedBy(String username) {
    Long id = counters.idOf(username);
    return id == null ? Set.of() : solved(id);
  }

  /** The slugs solved for the trainee: their own, or their team's where the team plays. */
  Set<String> solved(long traineeId) {
    Set<String> own = counters.solved(traineeId);
    Member member = member(traineeId);
    if (member == NONE) {
      return own;
    }
    Set<String> team = counters.solvedByTeam(member.teamId());
    if (team.isEmpty() && own.isEmpty()) {
      return own;
    }
    Instant now = Instant.now();
    Set<String> solved = new HashSet<>();
    for (String slug : own) {
      if (!teamPlay(slug, member.cohort(), now).orElse(false)) {
        solved.add(slug);
      }
    }
    for (String slug : team) {
      // A challenge closed now (its team exercise over) stays solved for the team's members.
      if (teamPlay(slug, member.cohort(), now).orElse(true)) {
        solved.add(slug);
      }
    }
    return solved;
  }

  /** Forgets every trainee's team (a team changed here or on another instance). */
  void forgetTeams() {
    generation.incrementAndGet();
    members.clear();
  }

  void onTeamChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) TeamChanged change) {
    forgetTeams();
  }

  /**
   * Whether the challenge is played in a team exercise by the cohort now; empty when it is
   * closed to the cohort (reserved to exercises not running for it).
   */
  private Optional<Boolean> teamPlay(String slug, String cohort, Instant now) {
    try {
      return Optional.of(exercises.attribute(slug, cohort, now).teamMode());
    } catch (ScoringErrors.ExerciseNotRunning closed) {
      return Optional.empty();
    }
  }

  private Member member(long traineeId) {
    Member known = members.get(traineeId);
    if (known != null) {
      return known;
    }
    long before = generation.get();
    Member found = teams.currentTeam(traineeId).map(t -> new Member(t.id(), t.cohort()))
        .orElse(NONE);
    members.put(traineeId, found);
    if (generation.get() != before) {
      // A team changed meanwhile: what was read may be from before it.
      members.remove(traineeId, found);
    }
    return found;
  }
}
