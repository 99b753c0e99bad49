package id.born2control.identity;

import id.born2control.identity.DirectorySnapshot.DirectoryUser;
import id.born2control.identity.IdentityService.Provision;
import id.born2control.identity.RosterCsv.Entry;
import id.born2control.identity.RosterCsv.Parsed;
import id.born2control.identity.RosterCsv.RowError;
import id.born2control.identity.RosterJob.Result;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Bulk roster import: users and cohort groups in Keycloak, trainee rows and cohorts in our
 * database. Runs in the background, one import at a time: the realm's accounts are read in pages
 * once, then new people are created on a small bounded pool of admin API calls (one call each,
 * cohort group and an already hashed one-time password included), and trainee records are written
 * a chunk at a time. Idempotent: users are matched by user name (the participant id); an
 * unchanged row makes no call to Keycloak and gets no new password. Only people the roster
 * created are ever changed; a row naming a staff or hand-made account is refused.
 */
@ApplicationScoped
public class RosterService {

  private static final Logger LOG = Logger.getLogger(RosterService.class);
  /** Rows sent to Keycloak before their trainee records are written together. */
  private static final int CHUNK = 250;

  private final IdentityConfig config;
  private final KeycloakDirectory directory;
  private final IdentityService identities;
  private final RosterTeams teams;
  private final Map<String, RosterJob> jobs = new ConcurrentHashMap<>();
  private final ExecutorService coordinator;
  private final ExecutorService workers;
  private final SecureRandom random = new SecureRandom();

  RosterService(IdentityConfig config, KeycloakDirectory directory, IdentityService identities,
      RosterTeams teams) {
    this.teams = teams;
    this.config = config;
    this.directory = directory;
    this.identities = identities;
    AtomicInteger n = new AtomicInteger();
    this.coordinator = Executors.newSingleThreadExecutor(r -> daemon(r, "roster-import"));
    this.workers = Executors.newFixedThreadPool(Math.max(1, config.rosterConcurrency()),
        r -> daemon(r, "roster-worker-" + n.incrementAndGet()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Checks the file, queues the import and answers its first status. */
  public RosterStatus submit(String csv, String submittedBy) {
    if (!directory.configured()) {
      throw new RosterUnavailableException();
    }
    Parsed parsed;
    try {
      parsed = RosterCsv.parse(csv, config.rosterMaxRows(), config.teamMaxMembers());
    } catch (RosterCsv.TooManyRows e) {
      throw RosterRejectedException.tooManyRows(e.max);
    }
    if (parsed.rows() == 0) {
      throw RosterRejectedException.empty();
    }
    forgetOldJobs();
    // Teams against what is stored: a row whose team breaks a rule is rejected before Keycloak.
    List<RowError> teamErrors = teams.checkRoster(parsed.entries());
    Set<Integer> rejected = new java.util.HashSet<>();
    teamErrors.forEach(e -> rejected.add(e.row()));
    List<Entry> entries = parsed.entries().stream().filter(e -> !rejected.contains(e.row()))
        .toList();
    List<RowError> errors = new ArrayList<>(parsed.errors());
    errors.addAll(teamErrors);
    RosterJob job = new RosterJob(UUID.randomUUID().toString(), submittedBy, parsed.rows());
    for (RowError error : errors) {
      job.record(new Result(error.row(), error.participantId(), null, null, null, "error", null,
          error.code(), error.reason()));
    }
    jobs.put(job.id, job);
    LOG.infof("roster import %s by %s: %d rows, %d rejected by the file check", job.id,
        submittedBy, parsed.rows(), errors.size());
    coordinator.submit(() -> run(job, entries));
    return job.status();
  }

  public Optional<RosterStatus> status(String jobId) {
    return Optional.ofNullable(jobs.get(jobId)).map(RosterJob::status);
  }

  /** The result file, once the import has finished. */
  public String resultCsv(String jobId) {
    RosterJob job = jobs.get(jobId);
    if (job == null) {
      throw RosterRejectedException.notFound(jobId);
    }
    if (job.state == RosterJob.State.QUEUED || job.state == RosterJob.State.RUNNING) {
      throw RosterRejectedException.notFinished(jobId);
    }
    return job.csv();
  }

  private void run(RosterJob job, List<Entry> entries) {
    job.state = RosterJob.State.RUNNING;
    long started = System.nanoTime();
    try {
      for (String cohort : new TreeSet<>(entries.stream().map(Entry::cohort).toList())) {
        directory.cohortGroup(cohort);
        identities.ensureCohort(cohort);
      }
      // Who exists and who is ours, read once: rows then need Keycloak only to create or change.
      DirectorySnapshot snapshot = directory.snapshot(workers);
      LOG.infof("roster import %s: cohorts and %d people already managed by the roster read in"
          + " %d ms", job.id, snapshot.managedCount(), (System.nanoTime() - started) / 1_000_000);
      // Keycloak works on the next chunk while this one's trainee records are written.
      List<Future<Outcome>> pending = inDirectory(entries, 0, snapshot);
      for (int from = 0; from < entries.size(); from += CHUNK) {
        List<Outcome> outcomes = new ArrayList<>(pending.size());
        for (Future<Outcome> future : pending) {
          outcomes.add(future.get());
        }
        pending = inDirectory(entries, from + CHUNK, snapshot);
        record(job, outcomes);
      }
      job.state = RosterJob.State.DONE;
    } catch (Exception e) {
      LOG.errorf(e, "roster import %s failed", job.id);
      directory.forgetGroups();
      job.failure = "the import stopped: " + reason(e);
      job.state = RosterJob.State.FAILED;
    } finally {
      job.finishedAt = Instant.now();
      LOG.infof("roster import %s %s in %d ms: %d created, %d updated, %d unchanged, %d failed",
          job.id, job.state, (System.nanoTime() - started) / 1_000_000, job.created.get(),
          job.updated.get(), job.unchanged.get(), job.failed.get());
    }
  }

  /** Starts the chunk of rows beginning at {@code from} on the pool (none past the end). */
  private List<Future<Outcome>> inDirectory(List<Entry> entries, int from,
      DirectorySnapshot snapshot) {
    List<Future<Outcome>> pending = new ArrayList<>(CHUNK);
    for (Entry entry : entries.subList(Math.min(from, entries.size()),
        Math.min(entries.size(), from + CHUNK))) {
      pending.add(workers.submit(() -> inDirectory(entry, snapshot)));
    }
    return pending;
  }

  /** A row after Keycloak: its user's id, or why it failed (a stable code and words). */
  private record Outcome(Entry entry, String subject, String status, String password,
      String code, String message) {}

  /**
   * One row in Keycloak; a failure of this row is its own and does not stop the others. Only
   * people the roster manages are created or changed: a row naming anyone else is refused.
   */
  private Outcome inDirectory(Entry e, DirectorySnapshot snapshot) {
    try {
      Optional<String> conflict = snapshot.conflict(e.participantId(), e.email());
      if (conflict.isPresent()) {
        return new Outcome(e, null, "error", null, "unmanaged-account", conflict.get());
      }
      Optional<DirectoryUser> existing = snapshot.managed(e.participantId());
      if (existing.isPresent()) {
        DirectoryUser user = existing.get();
        boolean changed = directory.update(user, e.fullName(), e.email(), e.cohort());
        return new Outcome(e, user.id(), changed ? "updated" : "unchanged", null, null, null);
      }
      OneTimePassword password = OneTimePassword.generate(random);
      Optional<String> id = directory.create(e.participantId(), e.fullName(), e.email(),
          e.cohort(), password);
      if (id.isEmpty()) {
        return new Outcome(e, null, "error", null, "name-taken",
            "the participant id was taken in Keycloak"
            + " while the import ran; run the same file again");
      }
      return new Outcome(e, id.get(), "created", password.value(), null, null);
    } catch (RuntimeException ex) {
      LOG.warnf(ex, "roster row %d (%s) failed", e.row(), e.participantId());
      return new Outcome(e, null, "error", null, reasonCode(ex), reason(ex));
    }
  }

  /** The trainee records of a chunk of rows in one transaction, then every row's result. */
  private void record(RosterJob job, List<Outcome> outcomes) {
    List<Provision> people = outcomes.stream().filter(o -> o.subject() != null)
        .map(o -> new Provision(o.subject(), o.entry().participantId(), o.entry().fullName(),
            o.entry().email(), o.entry().cohort()))
        .toList();
    Set<String> changed;
    String failure = null;
    String failureCode = null;
    try {
      changed = people.isEmpty() ? Set.of() : identities.provisionAll(people);
    } catch (RuntimeException ex) {
      LOG.warnf(ex, "roster import %s: trainee records of %d rows failed", job.id,
          people.size());
      changed = Set.of();
      failure = reason(ex);
      failureCode = reasonCode(ex);
    }
    for (Outcome o : outcomes) {
      Entry e = o.entry();
      String status = o.status();
      String code = o.code();
      String message = o.message();
      if (o.subject() != null && failure != null) {
        // Keycloak has the person; the same file again finds them and writes the record.
        status = "error";
        code = failureCode;
        message = failure;
      } else if (status.equals("unchanged") && changed.contains(e.participantId())) {
        status = "updated";
      }
      if (e.team() != null && !status.equals("error")) {
        try {
          teams.joinFromRoster(e.participantId(), e.team(), e.cohort(), "roster:" + job.submittedBy);
        } catch (RuntimeException ex) {
          // Checked before the import; only a change made meanwhile in the studio lands here.
          status = "error";
          code = ex instanceof TeamException t ? t.problem() : reasonCode(ex);
          message = ex instanceof TeamException ? ex.getMessage() : reason(ex);
        }
      }
      job.record(new Result(e.row(), e.participantId(), e.fullName(), e.email(), e.cohort(),
          status, status.equals("created") ? o.password() : null, code, message));
    }
  }

  private void forgetOldJobs() {
    Instant limit = Instant.now().minus(config.rosterKeep());
    jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(limit));
  }

  /** Why a row failed, as a stable code pages translate (the words are {@link #reason}). */
  static String reasonCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse() != null) {
        return "keycloak-refused";
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpTimeoutException) {
        return "keycloak-unreachable";
      }
      if (t instanceof jakarta.persistence.PersistenceException) {
        return "database";
      }
    }
    return "unexpected";
  }

  /** Why a row failed, in words for the result file (details are in the range's log). */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse() != null) {
        return "Keycloak refused the row (HTTP " + w.getResponse().getStatus() + ")";
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpTimeoutException) {
        return "Keycloak did not answer; run the same file again to finish";
      }
      if (t instanceof jakarta.persistence.PersistenceException) {
        return "the range's database refused the row; run the same file again";
      }
    }
    return "unexpected failure (see the range's log); run the same file again";
  }

  @PreDestroy
  void stop() {
    coordinator.shutdownNow();
    workers.shutdownNow();
  }
}
