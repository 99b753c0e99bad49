package id.born2control.identity;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The callers this instance saw recently, remembered by what their token says (issue 17: a
 * transaction with two or three queries per request was the largest cost of a flag submission):
 * as long as the token's subject, name, email and cohort are the same, the record they led to is
 * the same, since every lookup writes exactly those into it. What else changes a record is
 * forgotten by {@link IdentityService} as it happens; as a safety net for changes made elsewhere
 * (another instance's roster import, the database itself), {@link #confirm} reads every
 * remembered caller's record again in one query every {@value #CONFIRM_EVERY} and forgets those
 * that changed; a caller the check has not confirmed for {@link #REMEMBER_NANOS} is looked up
 * again on their request.
 */
@ApplicationScoped
class RememberedCallers {

  /** How long a remembered caller is trusted without a lookup or a confirmation. */
  static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** How often the remembered callers' records are read again (well within REMEMBER_NANOS). */
  static final String CONFIRM_EVERY = "20s";
  private static final int REMEMBER_MAX = 100_000;
  /**
   * The remembered callers' records, the ids given as one array parameter. The ids are joined
   * as rows (unnest), not tested with {@code t.id = any(...)}: PostgreSQL may evaluate that
   * array for every trainee row it filters, parsing the whole list each time (10,000 callers:
   * 10,000 parses of 10,000 ids every 20 s, a core of PostgreSQL busy with nothing else;
   * infra/bench/RESULTS.md, run 6).
   */
  static final String CONFIRM_QUERY = "select t.id, t.username,"
      + " coalesce(t.display_name, t.username), c.name, t.hidden, t.banned"
      + " from unnest(cast(?1 as bigint[])) as r(id) join trainee t on t.id = r.id"
      + " left join cohort c on c.id = t.cohort_id";

  /** What a caller's token says about them. */
  record Token(String subject, String username, String displayName, String email,
      String cohort) {}

  private record Remembered(TraineeRef ref, long at) {}

  private final Map<Token, Remembered> recent = new ConcurrentHashMap<>();

  /** The record {@code said} led to, while still trusted at {@code now}; else null. */
  TraineeRef trusted(Token said, long now) {
    Remembered known = recent.get(said);
    return known != null && now - known.at() < REMEMBER_NANOS ? known.ref() : null;
  }

  /** Remembers the record {@code said} led to, looked up at {@code now}. */
  void remember(Token said, TraineeRef ref, long now) {
    if (recent.size() >= REMEMBER_MAX) {
      recent.clear();
    }
    recent.put(said, new Remembered(ref, now));
  }

  /**
   * The safety net off the request path: reads the records of every remembered caller in one
   * query; a caller whose record changed (or is gone) is forgotten and looked up again on their
   * next request, the others are trusted for another {@link #REMEMBER_NANOS}. Before, each
   * caller was looked up again on their first request after REMEMBER_NANOS: with 10,000
   * trainees up to 170 ORM transactions a second on the submission path, and one per request
   * once each trainee came back less often than every minute (issue 17,
   * infra/bench/RESULTS.md, 2026-12-03).
   */
  @Scheduled(every = CONFIRM_EVERY, delayed = CONFIRM_EVERY,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void confirm() {
    if (recent.isEmpty()) {
      return;
    }
    // Taken before the read: a confirmation vouches for the record as it was then.
    long now = System.nanoTime();
    Map<Token, Remembered> seen = new HashMap<>(recent);
    Set<Long> ids = new HashSet<>();
    seen.values().forEach(r -> ids.add(r.ref().id()));
    Map<Long, TraineeRef> stored = new HashMap<>();
    List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> Trainee.getEntityManager()
        .createNativeQuery(CONFIRM_QUERY, Object[].class)
        .setParameter(1, ids.stream().map(String::valueOf)
            .collect(Collectors.joining(",", "{", "}")))
        .getResultList());
    for (Object[] row : rows) {
      long id = ((Number) row[0]).longValue();
      stored.put(id, new TraineeRef(id, (String) row[1], (String) row[2], (String) row[3],
          (Boolean) row[4], (Boolean) row[5]));
    }
    seen.forEach((token, remembered) -> {
      if (remembered.ref().equals(stored.get(remembered.ref().id()))) {
        recent.replace(token, remembered, new Remembered(remembered.ref(), now));
      } else {
        recent.remove(token, remembered);
      }
    });
  }

  /** Forgets the trainee (their record changed). */
  void forget(String username) {
    recent.values().removeIf(r -> r.ref().username().equals(username));
  }

  /** Forgets these trainees, in one pass over what is remembered. */
  void forgetAll(Set<String> usernames) {
    if (!usernames.isEmpty()) {
      recent.values().removeIf(r -> usernames.contains(r.ref().username()));
    }
  }
}
