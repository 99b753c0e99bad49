package id.born2control.catalog;

import java.nio.file.Path;
import java.util.List;

/**
 * A live challenge as the rest of the range sees it: its current version's spec, the rendered
 * description and its prerequisites resolved to slugs. Held in memory, rebuilt from the database.
 */
public record CatalogEntry(
    long challengeId,
    long versionId,
    int versionNumber,
    String contentHash,
    ChallengeSpec spec,
    String descriptionHtml,
    List<String> prerequisites,
    Path folder) {

  public String slug() {
    return spec.slug();
  }

  /** Whether trainees may see it now: visible, and its scheduled time (if any) has come. */
  public boolean visibleAt(java.time.Instant now) {
    return spec.state() == ChallengeSpec.Visibility.VISIBLE
        && (spec.scheduledAt() == null || !spec.scheduledAt().isAfter(now));
  }
}
