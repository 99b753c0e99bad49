package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.HintSpec;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ScoreViews.HintContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hints: which a trainee (or, in a team exercise, their team) may read, and unlocking one at its
 * cost, charged once.
 */
@ApplicationScoped
public class Hints {

  private final CatalogService catalog;
  private final ExerciseService exercises;
  private final AuditService audit;
  private final SharedFacts facts;
  private final ChallengeAccess access;
  private final TeamScoring teamScoring;
  private final TeamSubmissions teamSubmissions;

  Hints(CatalogService catalog, ExerciseService exercises, AuditService audit, SharedFacts facts,
      ChallengeAccess access, TeamScoring teamScoring, TeamSubmissions teamSubmissions) {
    this.catalog = catalog;
    this.exercises = exercises;
    this.audit = audit;
    this.facts = facts;
    this.access = access;
    this.teamScoring = teamScoring;
    this.teamSubmissions = teamSubmissions;
  }

  /**
   * A hint's content, charging its cost the first time; its required hints must be unlocked. In
   * a team exercise the hint is the team's: unlocked once, charged once, readable by every member.
   */
  @Transactional
  public HintContent unlockHint(TraineeRef trainee, String slug, int index) {
    CatalogEntry entry = catalog.visible(slug);
    HintSpec hint = hint(entry, index);
    Optional<TeamRef> team = access.teamFor(trainee, slug);
    if (unlocked(trainee, team, slug, index)) {
      return content(entry, index, hint, false);
    }
    List<Integer> missing = hint.requirements().stream()
        .filter(i -> !unlocked(trainee, team, slug, i)).toList();
    if (!missing.isEmpty()) {
      throw new ScoringErrors.HintRequirementsNotMet(slug, index, missing);
    }
    ExerciseRef exercise = exercises.attribute(slug, trainee.cohort(), Instant.now());
    if (team.isPresent()) {
      boolean charged = teamSubmissions.grant(team.get(), trainee.id(), exercise.id(),
          -hint.cost(), TeamScoring.HINT, slug, Integer.toString(index),
          "hint " + index + " of " + slug, trainee.username()).isPresent();
      return content(entry, index, hint, charged);
    }
    Optional<PointsAdjustment> charged = PointsAdjustment.insertOnce(trainee.id(), exercise.id(), -hint.cost(),
        PointsAdjustment.HINT, slug, Integer.toString(index),
        "hint " + index + " of " + slug, trainee.username());
    charged.ifPresent(a -> {
      facts.adjustment(a.event());
      audit.record(trainee.username(), "hint.unlock", "challenge:" + slug,
          Map.of("hint", index, "cost", hint.cost(), "adjustment", a.id, "exercise",
              exercise.id()));
    });
    return content(entry, index, hint, charged.isPresent());
  }

  /** A hint already unlocked (or free), without charge. */
  @Transactional
  public HintContent hint(TraineeRef trainee, String slug, int index) {
    CatalogEntry entry = catalog.visible(slug);
    HintSpec hint = hint(entry, index);
    if (hint.cost() > 0
        && !unlocked(trainee, access.teamFor(trainee, slug), slug, index)) {
      throw new ScoringErrors.HintLocked(slug, index);
    }
    return content(entry, index, hint, false);
  }

  /** The hints of a visible challenge the trainee may read now: free ones and unlocked ones. */
  @Transactional
  public List<HintContent> readableHints(TraineeRef trainee, String slug) {
    CatalogEntry entry = catalog.visible(slug);
    List<HintContent> readable = new ArrayList<>();
    List<HintSpec> hints = entry.spec().hints();
    Optional<TeamRef> team = hints.stream().anyMatch(h -> h.cost() > 0)
        ? access.teamFor(trainee, slug) : Optional.empty();
    for (int i = 0; i < hints.size(); i++) {
      HintSpec hint = hints.get(i);
      if (hint.cost() == 0 || unlocked(trainee, team, slug, i)) {
        readable.add(content(entry, i, hint, false));
      }
    }
    return readable;
  }

  /** Unlocked by the trainee, or in a team exercise by their team. */
  private boolean unlocked(TraineeRef trainee, Optional<TeamRef> team, String slug, int index) {
    return team.isPresent() ? teamScoring.hintUnlocked(team.get().id(), slug, index)
        : PointsAdjustment.hintUnlocked(trainee.id(), slug, index);
  }

  private static HintSpec hint(CatalogEntry entry, int index) {
    List<HintSpec> hints = entry.spec().hints();
    if (index < 0 || index >= hints.size()) {
      throw new ScoringErrors.HintNotFound(entry.slug(), index);
    }
    return hints.get(index);
  }

  private static HintContent content(CatalogEntry entry, int index, HintSpec hint,
      boolean charged) {
    return new HintContent(entry.slug(), index,
        hint.title() == null ? "Hint " + (index + 1) : hint.title(), hint.content(), hint.cost(),
        charged);
  }
}
