package id.born2control.scoreboard;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An immutable ranked copy of one board, made once per change of the board and shared by every
 * reader until the next change. {@code rows} are in rank order (rank = index + 1).
 */
final class Standings {

  /** One ranked trainee. */
  record Row(int rank, long traineeId, String username, String displayName, String cohort,
      long score, int solves, Instant lastSolveAt, Instant reachedAt) {}

  final long generation;
  final Instant generatedAt;
  final List<Row> rows;
  private final Map<Long, Integer> indexByTrainee;
  /** Pages of one copy kept serialized; more distinct pages are served uncached. */
  private static final int PAGES_CACHED = 64;
  /** Serialized pages of this copy, so repeated reads of the same page are not serialized again. */
  private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

  Standings(long generation, Instant generatedAt, List<Row> rows) {
    this.generation = generation;
    this.generatedAt = generatedAt;
    this.rows = List.copyOf(rows);
    Map<Long, Integer> index = new java.util.HashMap<>(rows.size() * 2);
    for (int i = 0; i < rows.size(); i++) {
      index.put(rows.get(i).traineeId(), i);
    }
    this.indexByTrainee = index;
  }

  /**
   * The JSON of one page of this copy (named by {@code page}: offset, size, freeze), written once
   * and served to every later reader until the board changes: serializing the page per request
   * cost the team board 0.17x a static file of the same size (RESULTS.md, 2026-12-03).
   */
  byte[] serializedPage(String page, Supplier<String> write) {
    byte[] body = pages.get(page);
    if (body == null) {
      body = write.get().getBytes(StandardCharsets.UTF_8);
      if (pages.size() < PAGES_CACHED) {
        pages.put(page, body);
      }
    }
    return body;
  }

  static Standings empty() {
    return new Standings(-1, Instant.now(), List.of());
  }

  int total() {
    return rows.size();
  }

  /** The rows from {@code offset}, at most {@code limit}. */
  List<Row> page(int offset, int limit) {
    if (offset >= rows.size()) {
      return List.of();
    }
    return rows.subList(offset, Math.min(rows.size(), offset + limit));
  }

  /** The 0-based index of the trainee, or -1 when the trainee is not on this board. */
  int indexOf(long traineeId) {
    Integer index = indexByTrainee.get(traineeId);
    return index == null ? -1 : index;
  }
}
