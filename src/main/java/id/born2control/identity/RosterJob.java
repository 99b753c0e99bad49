package id.born2control.identity;

import id.born2control.identity.RosterStatus.RowOutcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** One roster import: its counters while it runs and every row's outcome. */
final class RosterJob {

  enum State { QUEUED, RUNNING, DONE, FAILED }

  /** A row's outcome as the result file lists it. */
  record Result(int row, String participantId, String fullName, String email, String cohort,
      String status, String temporaryPassword, String code, String message) {}

  final String id;
  final String submittedBy;
  final Instant submittedAt = Instant.now();
  final int total;
  volatile State state = State.QUEUED;
  volatile Instant finishedAt;
  volatile String failure;
  final AtomicInteger created = new AtomicInteger();
  final AtomicInteger updated = new AtomicInteger();
  final AtomicInteger unchanged = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();

  RosterJob(String id, String submittedBy, int total) {
    this.id = id;
    this.submittedBy = submittedBy;
    this.total = total;
  }

  void record(Result result) {
    results.add(result);
    switch (result.status()) {
      case "created" -> created.incrementAndGet();
      case "updated" -> updated.incrementAndGet();
      case "unchanged" -> unchanged.incrementAndGet();
      default -> failed.incrementAndGet();
    }
  }

  int processed() {
    return created.get() + updated.get() + unchanged.get() + failed.get();
  }

  List<Result> results() {
    return results.stream().sorted(Comparator.comparingInt(Result::row)).toList();
  }

  RosterStatus status() {
    List<RowOutcome> errors = results.stream().filter(r -> r.status().equals("error"))
        .sorted(Comparator.comparingInt(Result::row)).limit(1000)
        .map(r -> new RowOutcome(r.row(), r.participantId(), r.status(), r.code(), r.message()))
        .toList();
    return new RosterStatus(id, state.name().toLowerCase(java.util.Locale.ROOT), submittedBy,
        submittedAt, finishedAt, total, processed(), created.get(), updated.get(),
        unchanged.get(), failed.get(), errors, "/api/admin/roster/" + id + "/result.csv");
  }

  /** The result file: one line per row, temporary passwords for newly created users. */
  String csv() {
    StringBuilder out = new StringBuilder(
        "row,participant_id,full_name,email,cohort,status,temporary_password,message\r\n");
    for (Result r : results()) {
      out.append(r.row()).append(',').append(cell(r.participantId())).append(',')
          .append(cell(r.fullName())).append(',').append(cell(r.email())).append(',')
          .append(cell(r.cohort())).append(',').append(r.status()).append(',')
          .append(cell(r.temporaryPassword())).append(',').append(cell(r.message()))
          .append("\r\n");
    }
    if (failure != null) {
      out.append(",,,,,failed,,").append(cell(failure)).append("\r\n");
    }
    return out.toString();
  }

  /** Quotes a cell; a leading =, +, - or @ is defused so spreadsheets do not run it. */
  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
