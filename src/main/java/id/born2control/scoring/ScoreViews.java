package id.born2control.scoring;

import java.time.Instant;
import java.util.List;

/** What the scoring API answers; never an entity. */
public final class ScoreViews {

  private ScoreViews() {}

  /** A trainee's score: each solve at its current value, each adjustment, and the total. */
  public record Score(
      String username, List<SolveLine> solves, List<AdjustmentLine> adjustments, int total) {}

  /** One solve and what it is worth now (dynamic values follow the current solve count). */
  public record SolveLine(String slug, String name, Instant at, long exercise, int points) {}

  /** Points outside solves: first blood, hint cost, defense check, award, penalty. */
  public record AdjustmentLine(
      String kind, int points, String challenge, String reason, Instant at, long exercise) {}

  /** A hint's content, once unlocked. */
  public record HintContent(
      String slug, int index, String title, String content, int cost, boolean charged) {}

  /** An award (positive) or penalty (negative) from an instructor. */
  public record AwardRequest(Integer points, String reason, Long exercise) {}

  /** Hide a trainee from boards, or ban them. */
  public record StatusRequest(Boolean hidden, Boolean banned) {}

  /**
   * A flag-sharing or other incident as officials see it; {@code submitterTeam} and
   * {@code ownerTeam} name the teams involved (null outside team exercises and team labs).
   */
  public record IncidentView(
      long id, String kind, String submitter, String owner, String challenge, String issuedFor,
      String instance, long submission, Instant at, String submitterTeam, String ownerTeam) {}

  /** Many wrong answers by one trainee to one challenge in a short time (guessing, scripts). */
  public record BruteForceView(String trainee, String challenge, long wrong, Instant first,
      Instant last) {}

  /** One submission as officials see it in a trainee's drill-down: a preview, never the flag. */
  public record SubmissionLine(long id, String challenge, String status, String preview,
      String ip, Instant at) {}
}
