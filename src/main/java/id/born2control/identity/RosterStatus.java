package id.born2control.identity;

import java.time.Instant;
import java.util.List;

/** Progress and outcome of a roster import. */
public record RosterStatus(
    String jobId, String state, String submittedBy, Instant submittedAt, Instant finishedAt,
    int total, int processed, int created, int updated, int unchanged, int failed,
    List<RowOutcome> errors, String resultUrl) {

  /** The outcome of one row; the temporary password is only in the downloadable result. */
  public record RowOutcome(int row, String participantId, String status, String code,
      String message) {}
}
