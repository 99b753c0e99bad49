package id.born2control.scoring;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.FlagLogic;
import id.born2control.flags.FlagCheck;
import id.born2control.flags.FlagMatch;
import id.born2control.flags.FlagText;
import id.born2control.identity.TraineeRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Judges a submitted flag in memory and hands it to the {@link SubmissionWriter}, which answers
 * once the submission and its audit record have committed (issue 17: one ORM transaction per
 * submission cost about 1.5 ms of CPU). What the judge needs is already in memory: the catalog,
 * the exercises, the flag matchers and each trainee's solved challenges ({@link SolveCounters},
 * kept up to date across instances by the live feed). A stale "not solved yet" is harmless: the
 * database's one-solve-per-pair constraint turns the late solve into already_solved. Because
 * nothing here blocks, {@link SubmissionResource} judges these on the event loop.
 *
 * <p>Submissions whose answer depends on what only the database knows for sure go the
 * transactional way of {@link SubmissionService} instead: challenges with an attempts limit (the
 * count of wrong answers must be exact across instances), all-flags challenges (the keys found so
 * far) and a dynamic flag issued to someone else (the flag-sharing incident). Rule violations
 * throw here, before anything is written, as before. A challenge that counts in a team exercise
 * goes to {@link TeamSubmissions}.
 */
@ApplicationScoped
class SubmissionJudge {

  private final CatalogService catalog;
  private final ExerciseService exercises;
  private final FlagCheck flags;
  private final SolveCounters counters;
  private final SubmissionService transactional;
  private final SubmissionWriter writer;
  private final TeamSubmissions teams;

  SubmissionJudge(CatalogService catalog, ExerciseService exercises, FlagCheck flags,
      SolveCounters counters, SubmissionService transactional, SubmissionWriter writer,
      TeamSubmissions teams) {
    this.teams = teams;
    this.catalog = catalog;
    this.exercises = exercises;
    this.flags = flags;
    this.counters = counters;
    this.transactional = transactional;
    this.writer = writer;
  }

  /** The answer, once the submission is stored. May block (database reads, transactions). */
  CompletionStage<SubmissionResult> submit(TraineeRef trainee, String slug, String flag,
      String ip) {
    CatalogEntry entry = catalog.visible(slug);
    ChallengeSpec spec = entry.spec();
    ExerciseRef exercise = exercises.attribute(slug, trainee.cohort(), Instant.now());
    if (exercise.teamMode()) {
      // Team exercises are judged in one transaction each: the team's solve, its members'
      // progress and first blood among teams are read under the challenge's lock.
      return CompletableFuture.completedFuture(teams.submit(trainee, entry, exercise, flag, ip));
    }
    if (spec.attempts() > 0 || spec.logic() == FlagLogic.ALL) {
      return CompletableFuture.completedFuture(transactional.submit(trainee, slug, flag, ip));
    }
    return judgeInMemory(trainee, entry, exercise, flag, ip);
  }

  /**
   * As {@link #submit}, without blocking, for an event loop: null when judging this submission
   * needs the database (a team exercise, an attempts limit, all-flags logic, a dynamic lab flag,
   * exercises not loaded yet); the caller then calls {@link #submit} on a worker thread. Most
   * submissions of an exercise are judged here, saving two thread hand-overs each.
   */
  CompletionStage<SubmissionResult> submitWithoutBlocking(TraineeRef trainee, String slug,
      String flag, String ip) {
    CatalogEntry entry = catalog.visible(slug);
    ChallengeSpec spec = entry.spec();
    if (!exercises.loaded() || spec.attempts() > 0 || spec.logic() == FlagLogic.ALL
        || flags.readsDatabase(spec)) {
      return null;
    }
    ExerciseRef exercise = exercises.attribute(slug, trainee.cohort(), Instant.now());
    return exercise.teamMode() ? null : judgeInMemory(trainee, entry, exercise, flag, ip);
  }

  /** Judges a plain challenge's flag from memory and queues it for the group commit. */
  private CompletionStage<SubmissionResult> judgeInMemory(TraineeRef trainee, CatalogEntry entry,
      ExerciseRef exercise, String flag, String ip) {
    String slug = entry.slug();
    ChallengeSpec spec = entry.spec();
    counters.know(trainee);
    if (counters.has(trainee.id(), slug)) {
      return writer.write(pending(trainee, entry, exercise, flag, SubmissionService.ALREADY_SOLVED,
          null, ip));
    }
    List<String> missing = entry.prerequisites().stream()
        .filter(p -> !counters.has(trainee.id(), p)).toList();
    if (!missing.isEmpty()) {
      throw new ScoringErrors.RequirementsNotMet(slug, missing);
    }
    Optional<FlagMatch> match = flags.check(spec, trainee.id(), flag);
    if (match.isEmpty()) {
      return writer.write(pending(trainee, entry, exercise, flag, SubmissionService.WRONG, null,
          ip));
    }
    if (match.get().shared()) {
      return CompletableFuture.completedFuture(transactional.submit(trainee, slug, flag, ip));
    }
    return writer.write(pending(trainee, entry, exercise, flag, SubmissionService.CORRECT,
        match.get().kind(), ip));
  }

  private static SubmissionWriter.Pending pending(TraineeRef trainee, CatalogEntry entry,
      ExerciseRef exercise, String flag, String status, String kind, String ip) {
    String normalized = FlagText.normalize(flag);
    boolean correct = SubmissionService.CORRECT.equals(status);
    // As SubmissionService stores it: a right flag only as its hash, a wrong one's start too.
    String preview = correct ? "" : normalized.substring(0, Math.min(12, normalized.length()));
    return new SubmissionWriter.Pending(trainee, entry, exercise,
        SubmissionService.sha256(normalized), preview, status, kind,
        ip == null ? null : ip.substring(0, Math.min(64, ip.length())), Instant.now(),
        new CompletableFuture<>());
  }
}
