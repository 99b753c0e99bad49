package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.TeamService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exercises: time-boxed challenge sets for cohorts, and the always-open practice exercise. Held
 * in memory (a handful of rows) and reloaded after each committed change.
 */
@ApplicationScoped
public class ExerciseService {

  private final AuditService audit;
  private final CatalogService catalog;
  private final AfterCommit afterCommit;
  private final SharedFacts facts;
  private final TeamService teams;
  private volatile List<ExerciseRef> cache = List.of();
  /** Bumped by every change; the cache is current when it was loaded at the latest bump. */
  private final AtomicLong changes = new AtomicLong();
  private volatile long loadedAt = -1;

  ExerciseService(AuditService audit, CatalogService catalog, AfterCommit afterCommit,
      SharedFacts facts, TeamService teams) {
    this.teams = teams;
    this.audit = audit;
    this.catalog = catalog;
    this.afterCommit = afterCommit;
    this.facts = facts;
  }

  /** Another instance changed an exercise: read them again on next use. */
  void changedElsewhere() {
    changes.incrementAndGet();
  }

  void onStart(@Observes StartupEvent event) {
    current();
  }

  /** Every exercise, practice first then by start. */
  public List<ExerciseRef> all() {
    return current();
  }

  public Optional<ExerciseRef> find(long id) {
    return current().stream().filter(e -> e.id() == id).findFirst();
  }

  /** The always-open default exercise. */
  public ExerciseRef practice() {
    return current().stream().filter(ExerciseRef::practice).findFirst()
        .orElseThrow(() -> new IllegalStateException("the practice exercise is missing"));
  }

  /**
   * The exercise a submission for {@code slug} by a trainee of {@code cohort} counts in at
   * {@code now}: the running exercise that includes both (the latest started), else practice.
   * A challenge reserved to exercises that are not running for this trainee is closed.
   */
  ExerciseRef attribute(String slug, String cohort, Instant now) {
    ExerciseRef chosen = null;
    boolean reserved = false;
    for (ExerciseRef e : current()) {
      if (e.practice()) {
        continue;
      }
      boolean listsChallenge = e.challenges().contains(slug);
      boolean includesChallenge = e.challenges().isEmpty() || listsChallenge;
      reserved |= listsChallenge;
      if (includesChallenge && running(e, now)
          && (e.cohorts().isEmpty() || (cohort != null && e.cohorts().contains(cohort)))
          && (chosen == null || e.startsAt().isAfter(chosen.startsAt()))) {
        chosen = e;
      }
    }
    if (chosen != null) {
      return chosen;
    }
    if (reserved) {
      throw new ScoringErrors.ExerciseNotRunning(slug);
    }
    return practice();
  }

  static boolean running(ExerciseRef e, Instant now) {
    return !now.isBefore(e.startsAt()) && (e.endsAt() == null || now.isBefore(e.endsAt()));
  }

  @Transactional
  public ExerciseRef create(ExerciseRequest request, String actor) {
    validate(request, null);
    Exercise exercise = new Exercise();
    apply(exercise, request);
    exercise.persist();
    audit.record(actor, "exercise.create", "exercise:" + exercise.id, details(exercise));
    afterCommit.run(changes::incrementAndGet);
    // The scoreboard learns a new or moved freeze at once, not at its next periodic refresh.
    facts.exercise(exercise.ref());
    return exercise.ref();
  }

  @Transactional
  public ExerciseRef update(long id, ExerciseRequest request, String actor) {
    Exercise exercise = Exercise.<Exercise>findByIdOptional(id)
        .orElseThrow(() -> new ScoringErrors.ExerciseNotFound(id));
    if (exercise.practice) {
      throw new ScoringErrors.InvalidExercise(List.of("the practice exercise cannot be changed"));
    }
    validate(request, id);
    apply(exercise, request);
    exercise.updatedAt = Instant.now();
    audit.record(actor, "exercise.update", "exercise:" + exercise.id, details(exercise));
    afterCommit.run(changes::incrementAndGet);
    // The scoreboard learns a new or moved freeze at once, not at its next periodic refresh.
    facts.exercise(exercise.ref());
    return exercise.ref();
  }

  /** Whether the cached exercises are current, so {@link #attribute} reads no database. */
  boolean loaded() {
    return loadedAt == changes.get();
  }

  /** The cached exercises, read again after a committed change. */
  private List<ExerciseRef> current() {
    long wanted = changes.get();
    if (loadedAt != wanted) {
      synchronized (this) {
        long now = changes.get();
        if (loadedAt != now) {
          // The cache is published before its mark: a reader that sees the mark sees the
          // exercises it stands for (marking first let a concurrent reader use the old list).
          reload();
          loadedAt = now;
        }
      }
    }
    return cache;
  }

  private void reload() {
    cache = QuarkusTransaction.requiringNew().call(() -> {
      List<ExerciseRef> refs = new ArrayList<>();
      Exercise.listByStart().forEach(e -> refs.add(e.ref()));
      refs.sort((a, b) -> Boolean.compare(b.practice(), a.practice()));
      return List.copyOf(refs);
    });
  }

  private void validate(ExerciseRequest r, Long id) {
    List<String> errors = new ArrayList<>();
    if (r == null) {
      throw new ScoringErrors.InvalidExercise(List.of("the body must be an exercise object"));
    }
    if (r.name() == null || r.name().isBlank()) {
      errors.add("name: required");
    } else if (r.name().length() > 200) {
      errors.add("name: at most 200 characters");
    } else {
      Exercise.findByName(r.name().strip()).filter(e -> !e.id.equals(id))
          .ifPresent(e -> errors.add("name: exercise " + e.id + " already has this name"));
    }
    if (r.startsAt() == null) {
      errors.add("startsAt: required");
    }
    if (r.startsAt() != null && r.endsAt() != null && !r.endsAt().isAfter(r.startsAt())) {
      errors.add("endsAt: must be after startsAt");
    }
    if (r.freezeAt() != null && r.startsAt() != null && r.freezeAt().isBefore(r.startsAt())) {
      errors.add("freezeAt: must not be before startsAt");
    }
    if (r.freezeAt() != null && r.endsAt() != null && r.freezeAt().isAfter(r.endsAt())) {
      errors.add("freezeAt: must not be after endsAt");
    }
    for (String slug : r.challenges() == null ? List.<String>of() : r.challenges()) {
      if (catalog.find(slug).isEmpty()) {
        errors.add("challenges: '" + slug + "' is not in the catalog");
      }
    }
    if (r.cohorts() != null && r.cohorts().stream().anyMatch(c -> c == null || c.isBlank())) {
      errors.add("cohorts: names must not be empty");
    }
    if (r.mode() != null && !ExerciseRef.INDIVIDUAL.equals(r.mode())
        && !ExerciseRef.TEAM.equals(r.mode())) {
      errors.add("mode: 'individual' or 'team', not '" + r.mode() + "'");
    }
    if (!errors.isEmpty()) {
      throw new ScoringErrors.InvalidExercise(errors);
    }
    if (ExerciseRef.TEAM.equals(r.mode())
        && (r.endsAt() == null || r.endsAt().isAfter(Instant.now()))) {
      // A team exercise does not start (is not saved to start) while one of its trainees has
      // no team or one of its teams is too small: their flags would have nowhere to count.
      List<String> cohorts = r.cohorts() == null ? List.of() : r.cohorts();
      List<String> withoutTeam = teams.withoutTeam(cohorts);
      List<String> undersized = teams.undersized(cohorts);
      if (!withoutTeam.isEmpty() || !undersized.isEmpty()) {
        throw new ScoringErrors.TeamsIncomplete(withoutTeam, undersized);
      }
    }
  }

  private static void apply(Exercise e, ExerciseRequest r) {
    e.name = r.name().strip();
    e.startsAt = r.startsAt();
    e.endsAt = r.endsAt();
    e.freezeAt = r.freezeAt();
    e.cohorts = new ArrayList<>(r.cohorts() == null ? List.of() : r.cohorts());
    e.challenges = new ArrayList<>(r.challenges() == null ? List.of() : r.challenges());
    e.mode = r.mode() == null ? ExerciseRef.INDIVIDUAL : r.mode();
  }

  private static Map<String, Object> details(Exercise e) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", e.name);
    d.put("startsAt", String.valueOf(e.startsAt));
    d.put("endsAt", String.valueOf(e.endsAt));
    d.put("freezeAt", String.valueOf(e.freezeAt));
    d.put("cohorts", e.cohorts);
    d.put("challenges", e.challenges);
    d.put("mode", e.mode);
    return d;
  }
}
