package id.born2control.catalog;

import java.util.List;

/** What the catalog API answers; never an entity. */
public final class CatalogViews {

  private CatalogViews() {}

  /** One category of the challenge board. */
  public record CategoryView(String category, List<ChallengeSummary> challenges) {}

  /** A challenge on the board: enough to pick it, nothing that gives it away. */
  public record ChallengeSummary(
      String slug,
      String name,
      String category,
      int value,
      long solves,
      List<String> tags,
      boolean hasLab,
      RequirementsState requirements,
      boolean solved) {}

  /** The challenges to solve first and whether the caller has. */
  public record RequirementsState(List<String> prerequisites, boolean met, List<String> missing) {}

  /** One challenge in full, with its description as sanitized HTML. */
  public record ChallengeDetail(
      String slug,
      String name,
      String category,
      String author,
      String attribution,
      String descriptionHtml,
      int value,
      String scoring,
      long solves,
      List<String> tags,
      List<String> topics,
      List<FileLink> files,
      List<HintSummary> hints,
      String connectionInfo,
      int attempts,
      RequirementsState requirements,
      boolean solved,
      String next,
      LabSummary lab,
      int version) {}

  /** A downloadable file of the challenge. */
  public record FileLink(String name, String url) {}

  /** A hint as listed before unlocking: its title and what it costs, not its content. */
  public record HintSummary(int index, String title, int cost) {}

  /** What a trainee can do with the challenge's lab. */
  public record LabSummary(
      List<ChallengeSpec.PortSpec> ports,
      long ttlSeconds,
      boolean workstation,
      List<CheckSummary> checks) {}

  /** A defense check as shown to trainees. */
  public record CheckSummary(String name, String description, int points) {}

  /** A challenge as instructors see it in the studio. */
  public record AdminChallenge(
      String slug,
      String name,
      String category,
      String state,
      int version,
      String contentHash,
      boolean hasLab,
      long problems) {}
}
