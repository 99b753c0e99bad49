package id.born2control.scoreboard;

import java.time.Instant;
import java.util.List;

/** What the scoreboard API answers, as JSON records. */
final class ScoreboardViews {

  private ScoreboardViews() {}

  /** A page of a board. */
  record Page(int total, int offset, int limit, boolean frozen, Instant frozenAt,
      Instant generatedAt, List<Entry> entries) {}

  /** One ranked trainee. */
  record Entry(int rank, String username, String displayName, String cohort, long score,
      int solves, Instant lastSolveAt) {}

  /** A trainee's place on a board with the neighbours around it. */
  record Place(Integer rank, long score, int solves, int total, List<Entry> neighbours) {}

  /** {@code GET /api/scoreboard/me}. */
  record Me(String username, String displayName, String cohort, Long exercise, boolean frozen,
      Instant frozenAt, Instant generatedAt, Place overall, Place inCohort) {}

  /** {@code GET /api/scoreboard/timeline}. */
  record Timeline(boolean frozen, Instant frozenAt, Instant generatedAt, List<Series> series) {}

  record Series(int rank, String username, String displayName, String cohort,
      List<RankingEngine.Point> points) {}

  /** An exercise as the public scoreboard lists it for its filter. */
  record ExerciseItem(long id, String name, Instant startsAt, Instant endsAt, Instant freezeAt,
      boolean frozen, boolean practice) {}

  /** The CTFtime scoreboard feed. */
  record CtfTime(List<Standing> standings) {}

  record Standing(int pos, String team, long score) {}

  static Entry entry(Standings.Row row) {
    return new Entry(row.rank(), row.username(), row.displayName(), row.cohort(), row.score(),
        row.solves(), row.lastSolveAt());
  }

  static Page page(Standings standings, int offset, int limit,
      ScoreboardService.Freeze freeze) {
    return new Page(standings.total(), offset, limit, freeze.frozen(), freeze.frozenAt(),
        standings.generatedAt,
        standings.page(offset, limit).stream().map(ScoreboardViews::entry).toList());
  }

  /** The trainee's place with up to {@code around} neighbours on each side. */
  static Place place(Standings standings, long traineeId, int around) {
    int index = standings.indexOf(traineeId);
    if (index < 0) {
      return new Place(null, 0, 0, standings.total(), List.of());
    }
    Standings.Row row = standings.rows.get(index);
    int from = Math.max(0, index - around);
    int to = Math.min(standings.total(), index + around + 1);
    return new Place(row.rank(), row.score(), row.solves(), standings.total(),
        standings.rows.subList(from, to).stream().map(ScoreboardViews::entry).toList());
  }

  /** RFC 4180 CSV of a whole board: header row, CRLF line ends, quoted where needed. */
  static String csv(Standings standings) {
    StringBuilder out = new StringBuilder(64 + standings.total() * 64);
    out.append("rank,username,display_name,cohort,score,solves,last_solve_at\r\n");
    for (Standings.Row row : standings.rows) {
      out.append(row.rank()).append(',')
          .append(cell(row.username())).append(',')
          .append(cell(row.displayName())).append(',')
          .append(cell(row.cohort())).append(',')
          .append(row.score()).append(',')
          .append(row.solves()).append(',')
          .append(row.lastSolveAt() == null ? "" : row.lastSolveAt().toString())
          .append("\r\n");
    }
    return out.toString();
  }

  /**
   * One text cell: a value a spreadsheet would run as a formula gets a leading apostrophe
   * (OWASP CSV injection), and a value with a comma, quote or line break is quoted with its
   * quotes doubled.
   */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
        || safe.indexOf('\r') >= 0) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }

  static CtfTime ctfTime(Standings standings) {
    return new CtfTime(standings.rows.stream()
        .map(r -> new Standing(r.rank(), r.displayName(), r.score())).toList());
  }
}
