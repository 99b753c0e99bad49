package id.born2control.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who the caller is: turns the signed-in identity into a trainee record, creating or updating it
 * on first sign-in (subject, user name, display name, cohort from the token).
 *
 * <p>Callers seen recently are remembered by what their token says (issue 17: a transaction with
 * two or three queries per request was the largest cost of a flag submission): as long as the
 * token's subject, name, email and cohort are the same, the record they led to is the same, since
 * every call writes exactly those into it. What else changes a record, hiding or banning, forgets
 * the trainee here ({@link #setStatus}) and, through the live feed, on every other instance
 * ({@link #forget}). As a safety net for changes made elsewhere (another instance's roster
 * import, the database itself), {@link #confirmRemembered} reads every remembered caller's record
 * again in one query every {@value #CONFIRM_EVERY} and forgets those that changed; a caller the
 * check has not confirmed for {@link #REMEMBER_NANOS} is looked up again on their request.
 */
@ApplicationScoped
public class IdentityService {

  /** Token claim or identity attribute holding the cohort name. */
  static final String COHORT_CLAIM = "cohort";
  /** How long a remembered caller is trusted without a lookup or a confirmation. */
  static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** How often the remembered callers' records are read again (well within REMEMBER_NANOS). */
  static final String CONFIRM_EVERY = "20s";
  private static final int REMEMBER_MAX = 100_000;

  private record Token(String subject, String username, String displayName, String email,
      String cohort) {}

  private record Remembered(TraineeRef ref, long at) {}

  private final Map<Token, Remembered> recent = new ConcurrentHashMap<>();
  private final TransactionSynchronizationRegistry transactions;

  IdentityService(TransactionSynchronizationRegistry transactions) {
    this.transactions = transactions;
  }

  /**
   * As {@link #current}, for a caller about to act (submit, unlock a hint, start or enter a
   * lab): a banned trainee is refused.
   */
  public TraineeRef acting(SecurityIdentity identity) {
    TraineeRef me = current(identity);
    if (me.banned()) {
      throw new BannedException();
    }
    return me;
  }

  /** The trainee record of the signed-in caller, provisioned on first use. */
  public TraineeRef current(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      throw new NotSignedInException();
    }
    String username = identity.getPrincipal().getName();
    String subject = username;
    String displayName = null;
    String email = null;
    String cohort = identity.getAttribute(COHORT_CLAIM);
    if (identity.getPrincipal() instanceof JsonWebToken token) {
      subject = token.getSubject() == null ? username : token.getSubject();
      displayName = token.getClaim("name");
      email = token.getClaim("email");
      cohort = cohortFrom(token, cohort);
    }
    Token said = new Token(subject, username, displayName, email, cohort);
    long now = System.nanoTime();
    Remembered known = recent.get(said);
    if (known != null && now - known.at() < REMEMBER_NANOS) {
      return known.ref();
    }
    if (transactions.getTransactionKey() != null) {
      // The caller's transaction may still roll a new record back: nothing to remember yet.
      return record(said);
    }
    TraineeRef ref = QuarkusTransaction.requiringNew().call(() -> record(said));
    if (recent.size() >= REMEMBER_MAX) {
      recent.clear();
    }
    recent.put(said, new Remembered(ref, now));
    return ref;
  }

  /**
   * The safety net off the request path: reads the records of every remembered caller in one
   * query; a caller whose record changed (or is gone) is forgotten and looked up again on their
   * next request, the others are trusted for another {@link #REMEMBER_NANOS}. Before, each
   * caller was looked up again on their first request after REMEMBER_NANOS: with 10,000 trainees
   * up to 170 ORM transactions a second on the submission path, and one per request once each
   * trainee came back less often than every minute (issue 17, infra/bench/RESULTS.md,
   * 2026-12-03).
   */
  @Scheduled(every = CONFIRM_EVERY, delayed = CONFIRM_EVERY,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void confirmRemembered() {
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
        .createNativeQuery("select t.id, t.username, coalesce(t.display_name, t.username),"
            + " c.name, t.hidden, t.banned from trainee t left join cohort c on c.id = t.cohort_id"
            + " where t.id = any(cast(?1 as bigint[]))", Object[].class)
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

  /** Forgets what this instance remembered of the trainee (their status changed somewhere). */
  public void forget(String username) {
    recent.values().removeIf(r -> r.ref().username().equals(username));
  }

  private TraineeRef record(Token said) {
    String subject = said.subject();
    String username = said.username();
    Trainee trainee = Trainee.findBySubject(subject)
        .or(() -> Trainee.findByUsername(username)).orElse(null);
    if (trainee == null) {
      // Two first requests of a new person may race: the insert yields to the other one.
      Trainee.getEntityManager().createNativeQuery(
              "insert into trainee (subject, username) values (?1, ?2) on conflict do nothing")
          .setParameter(1, subject).setParameter(2, username).executeUpdate();
      trainee = Trainee.findBySubject(subject).or(() -> Trainee.findByUsername(username))
          .orElseThrow();
    }
    update(trainee, said.displayName(), said.email(), said.cohort(), IdentityService::cohort);
    return trainee.ref();
  }

  @Transactional
  public Optional<TraineeRef> byUsername(String username) {
    return Trainee.findByUsername(username).map(Trainee::ref);
  }

  @Transactional
  public Optional<TraineeRef> byId(long id) {
    return Trainee.<Trainee>findByIdOptional(id).map(Trainee::ref);
  }

  /**
   * Sets whether a trainee is hidden from boards and banned; both leave them out of rankings and
   * dynamic solve counts. Empty when there is no such trainee.
   */
  @Transactional
  public Optional<TraineeRef> setStatus(String username, boolean hidden, boolean banned) {
    forget(username);
    if (transactions.getTransactionKey() != null) {
      // Again once committed: a request meanwhile may have remembered the old status.
      transactions.registerInterposedSynchronization(new Synchronization() {
        @Override
        public void beforeCompletion() {}

        @Override
        public void afterCompletion(int status) {
          forget(username);
        }
      });
    }
    return Trainee.findByUsername(username).map(t -> {
      if (t.hidden != hidden || t.banned != banned) {
        t.hidden = hidden;
        t.banned = banned;
        t.updatedAt = Instant.now();
      }
      return t.ref();
    });
  }

  /** Every trainee, for rebuilding boards. */
  @Transactional
  public List<TraineeRef> all() {
    return Trainee.<Trainee>streamAll().map(Trainee::ref).toList();
  }

  /**
   * The trainees created or changed (name, cohort, hidden, banned: whatever sets
   * {@code updated_at}) at or after {@code since}, by any instance: what a board that already
   * holds every trainee re-reads instead of all of them.
   */
  @Transactional
  public List<TraineeRef> changedSince(Instant since) {
    return Trainee.<Trainee>stream("updatedAt >= ?1", since).map(Trainee::ref).toList();
  }

  /**
   * Finds or creates the trainee with this user name, for provisioning without a sign-in (tests,
   * benchmarks): sets the display name and cohort when given (null keeps them). The subject stays
   * the user name until the person signs in through the identity provider.
   */
  @Transactional
  public TraineeRef ensure(String username, String displayName, String cohort) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("a trainee needs a user name");
    }
    String subject = Trainee.findByUsername(username).map(t -> t.subject).orElse(username);
    provision(subject, username, displayName, null, cohort);
    return Trainee.findByUsername(username).orElseThrow().ref();
  }

  /**
   * Creates or updates the trainee record of a person imported from a roster, before their first
   * sign-in; answers whether anything changed. A null name, email or cohort keeps what is stored.
   * The subject is the identity provider's user id, so the first sign-in finds this record.
   */
  @Transactional
  public boolean provision(String subject, String username, String displayName, String email,
      String cohort) {
    forget(username);
    Trainee trainee = Trainee.findBySubject(subject)
        .or(() -> Trainee.findByUsername(username)).orElse(null);
    return provision(trainee, subject, username, displayName, email, cohort,
        IdentityService::cohort);
  }

  /** Creates the record when {@code trainee} is null, else brings it in line with the rest. */
  private static boolean provision(Trainee trainee, String subject, String username,
      String displayName, String email, String cohort, Function<String, Cohort> cohorts) {
    boolean changed = false;
    if (trainee == null) {
      trainee = new Trainee();
      trainee.subject = subject;
      trainee.username = username;
      trainee.persist();
      changed = true;
    }
    if (!subject.equals(trainee.subject)) {
      trainee.subject = subject;
      trainee.updatedAt = Instant.now();
      changed = true;
    }
    return update(trainee, displayName, email, cohort, cohorts) || changed;
  }

  /** A person to provision from a roster row: the identity provider's id and the row. */
  record Provision(String subject, String username, String displayName, String email,
      String cohort) {}

  /**
   * {@link #provision} for many people in one transaction (a roster import's chunk); answers
   * the user names whose record was created or changed.
   */
  @Transactional
  Set<String> provisionAll(List<Provision> people) {
    // Two queries for the whole chunk instead of two per person.
    Map<String, Trainee> bySubject = new HashMap<>();
    Trainee.<Trainee>list("subject in ?1", people.stream().map(Provision::subject).toList())
        .forEach(t -> bySubject.put(t.subject, t));
    Map<String, Trainee> byUsername = new HashMap<>();
    Trainee.<Trainee>list("username in ?1", people.stream().map(Provision::username).toList())
        .forEach(t -> byUsername.put(t.username, t));
    Map<String, Cohort> known = new HashMap<>();
    Function<String, Cohort> cohorts = name -> known.computeIfAbsent(name,
        IdentityService::cohort);
    Set<String> changed = new HashSet<>();
    for (Provision p : people) {
      Trainee found = bySubject.getOrDefault(p.subject(), byUsername.get(p.username()));
      if (provision(found, p.subject(), p.username(), p.displayName(), p.email(), p.cohort(),
          cohorts)) {
        changed.add(p.username());
      }
    }
    // One pass over what this instance remembers, not one per person of the chunk.
    recent.values().removeIf(r -> changed.contains(r.ref().username()));
    return changed;
  }

  /** Sets what is given and differs (null keeps the stored value); answers whether it changed. */
  private static boolean update(Trainee trainee, String displayName, String email,
      String cohort, Function<String, Cohort> cohorts) {
    boolean changed = false;
    if (displayName != null && !displayName.equals(trainee.displayName)) {
      trainee.displayName = displayName;
      changed = true;
    }
    if (email != null && !email.equals(trainee.email)) {
      trainee.email = email;
      changed = true;
    }
    if (cohort != null && (trainee.cohort == null || !cohort.equals(trainee.cohort.name))) {
      trainee.cohort = cohorts.apply(cohort);
      changed = true;
    }
    if (changed) {
      trainee.updatedAt = Instant.now();
    }
    return changed;
  }

  /** Finds or creates a cohort by name. */
  @Transactional
  public String ensureCohort(String name) {
    return cohort(name).name;
  }

  private static Cohort cohort(String name) {
    return Cohort.findByName(name).orElseGet(() -> {
      // Concurrent first sign-ins into a new cohort: the insert yields to the other one.
      Cohort.getEntityManager().createNativeQuery(
              "insert into cohort (name, display_name) values (?1, ?1) on conflict do nothing")
          .setParameter(1, name).executeUpdate();
      return Cohort.findByName(name).orElseThrow();
    });
  }

  private static String cohortFrom(JsonWebToken token, String fallback) {
    Object claim = token.getClaim(COHORT_CLAIM);
    if (claim != null) {
      return claim.toString().replace("\"", "");
    }
    // Keycloak's group mapper sends full paths such as /cohorts/cohort-7.
    java.util.Set<String> groups = token.getGroups();
    if (groups != null) {
      for (String group : groups) {
        if (group.startsWith("/cohorts/")) {
          return group.substring("/cohorts/".length());
        }
      }
    }
    return fallback;
  }
}
