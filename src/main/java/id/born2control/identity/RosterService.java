package id.born2control.identity;

import id.born2control.identity.KeycloakDirectory.DirectoryUser;
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
 * database. Runs in the background, one import at a time, each row on a small bounded pool of
 * admin API calls. Idempotent: users are matched by user name (the participant id); an unchanged
 * row changes nothing and gets no new password.
 */
@ApplicationScoped
public class RosterService {

  private static final Logger LOG = Logger.getLogger(RosterService.class);
  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final IdentityConfig config;
  private final KeycloakDirectory directory;
  private final IdentityService identities;
  private final Map<String, RosterJob> jobs = new ConcurrentHashMap<>();
  private final ExecutorService coordinator;
  private final ExecutorService workers;
  private final SecureRandom random = new SecureRandom();

  RosterService(IdentityConfig config, KeycloakDirectory directory, IdentityService identities) {
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
      parsed = RosterCsv.parse(csv, config.rosterMaxRows());
    } catch (RosterCsv.TooManyRows e) {
      throw RosterRejectedException.tooManyRows(e.max);
    }
    if (parsed.rows() == 0) {
      throw RosterRejectedException.empty();
    }
    forgetOldJobs();
    RosterJob job = new RosterJob(UUID.randomUUID().toString(), submittedBy, parsed.rows());
    for (RowError error : parsed.errors()) {
      job.record(new Result(error.row(), error.participantId(), null, null, null, "error", null,
          error.code(), error.reason()));
    }
    jobs.put(job.id, job);
    LOG.infof("roster import %s by %s: %d rows, %d rejected by the file check", job.id,
        submittedBy, parsed.rows(), parsed.errors().size());
    coordinator.submit(() -> run(job, parsed.entries()));
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
      List<Future<?>> pending = new ArrayList<>(entries.size());
      for (Entry entry : entries) {
        pending.add(workers.submit(() -> job.record(importRow(entry))));
      }
      for (Future<?> future : pending) {
        future.get();
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

  /** One row; a failure of this row is recorded for it and does not stop the others. */
  private Result importRow(Entry e) {
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        Optional<DirectoryUser> existing = directory.find(e.participantId());
        if (existing.isEmpty()) {
          String password = temporaryPassword();
          Optional<String> id = directory.create(e.participantId(), e.fullName(), e.email(),
              e.cohort(), password);
          if (id.isEmpty()) {
            continue; // created by someone else meanwhile: match it on the next attempt
          }
          identities.provision(id.get(), e.participantId(), e.fullName(), e.email(), e.cohort());
          return result(e, "created", password, null, null);
        }
        DirectoryUser user = existing.get();
        boolean changed = directory.update(user, e.fullName(), e.email(), e.cohort());
        changed |= identities.provision(user.id(), e.participantId(), e.fullName(), e.email(),
            e.cohort());
        return result(e, changed ? "updated" : "unchanged", null, null, null);
      }
      return result(e, "error", null, "name-taken", "the user name is taken but cannot be found");
    } catch (RuntimeException ex) {
      LOG.warnf(ex, "roster row %d (%s) failed", e.row(), e.participantId());
      return result(e, "error", null, reasonCode(ex), reason(ex));
    }
  }

  private static Result result(Entry e, String status, String password, String code,
      String message) {
    return new Result(e.row(), e.participantId(), e.fullName(), e.email(), e.cohort(), status,
        password, code, message);
  }

  private String temporaryPassword() {
    StringBuilder password = new StringBuilder(14);
    for (int i = 0; i < 14; i++) {
      password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return password.toString();
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
