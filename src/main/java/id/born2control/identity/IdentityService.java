package id.born2control.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who the caller is: turns the signed-in identity into a trainee record, creating or updating it
 * on first sign-in (subject, user name, display name, cohort from the token).
 *
 * <p>Callers seen recently are remembered by what their token says ({@link RememberedCallers}):
 * no lookup per request. What changes a record besides the token, hiding or banning, forgets the
 * trainee here ({@link #setStatus}) and, through the live feed, on every other instance
 * ({@link #forget}).
 */
@ApplicationScoped
public class IdentityService {

  /** Token claim or identity attribute holding the cohort name. */
  static final String COHORT_CLAIM = "cohort";
  private final RememberedCallers callers;
  private final TransactionSynchronizationRegistry transactions;

  IdentityService(TransactionSynchronizationRegistry transactions, RememberedCallers callers) {
    this.transactions = transactions;
    this.callers = callers;
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

  /**
   * As {@link #acting}, from what this instance remembers only: null when the caller's record
   * must be read or written first ({@link #acting} does that). Never blocks, so an event loop may
   * call it.
   */
  public TraineeRef actingIfRemembered(SecurityIdentity identity) {
    TraineeRef me = callers.trusted(said(identity), System.nanoTime());
    if (me != null && me.banned()) {
      throw new BannedException();
    }
    return me;
  }

  /** The trainee record of the signed-in caller, provisioned on first use. */
  public TraineeRef current(SecurityIdentity identity) {
    RememberedCallers.Token said = said(identity);
    long now = System.nanoTime();
    TraineeRef known = callers.trusted(said, now);
    if (known != null) {
      return known;
    }
    if (transactions.getTransactionKey() != null) {
      // The caller's transaction may still roll a new record back: nothing to remember yet.
      return record(said);
    }
    TraineeRef ref = QuarkusTransaction.requiringNew().call(() -> record(said));
    callers.remember(said, ref, now);
    return ref;
  }

  /** What the caller's token (or identity) says about them. */
  private static RememberedCallers.Token said(SecurityIdentity identity) {
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
    return new RememberedCallers.Token(subject, username, displayName, email, cohort);
  }

  /** Forgets what this instance remembered of the trainee (their status changed somewhere). */
  public void forget(String username) {
    callers.forget(username);
  }

  private TraineeRef record(RememberedCallers.Token said) {
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
    callers.forgetAll(changed);
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
