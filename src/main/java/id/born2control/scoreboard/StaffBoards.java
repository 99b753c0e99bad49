package id.born2control.scoreboard;

import id.born2control.scoring.ExerciseRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The boards as officials read them in the dashboard: always the live ranking (a freeze hides
 * nothing from officials), searched and paged in memory, compared across cohorts and drawn over
 * time. Everything here is served from the ranking; nothing reads the database.
 */
@ApplicationScoped
public class StaffBoards {

  /** Largest page the dashboard asks for. */
  public static final int MAX_PAGE = 500;
  /** Score distribution buckets of the cohort comparison. */
  static final int BUCKETS = 10;

  private final ScoreboardService scoreboard;

  StaffBoards(ScoreboardService scoreboard) {
    this.scoreboard = scoreboard;
  }

  /** One ranked trainee; {@code rank} is the rank on the board, whatever the search. */
  public record Row(int rank, String username, String displayName, String cohort, long score,
      int solves, Instant lastSolveAt) {}

  /**
   * A page of a board: {@code total} ranked on the board, {@code matched} of them fit the search,
   * {@code rows} the page of those from {@code offset}.
   */
  public record Page(int total, int matched, int offset, int limit, Instant generatedAt,
      List<Row> rows) {}

  /** A named series of numbers, one per label of the chart or table it belongs to. */
  public record Series(String label, List<Long> values) {}

  /** One cohort's figures on a board. */
  public record CohortFigures(String cohort, int trainees, long best, long median, double mean,
      int solves) {}

  /**
   * The cohorts side by side: figures per cohort, how many trainees of each cohort fall in each
   * score bucket, and solves per challenge category.
   */
  public record Comparison(List<CohortFigures> cohorts, List<String> buckets,
      List<Series> distribution, List<String> categories, List<Series> solvesByCategory) {}

  /** Score over time of the top trainees, each series stepped onto the shared times {@code x}. */
  public record Timeline(List<Long> x, List<Series> series) {}

  /**
   * A page of the live board of an exercise (null: every exercise) and cohort (null: every
   * cohort); {@code query} (may be null) keeps trainees whose user name or display name contains
   * it, ignoring case.
   */
  public Page page(Long exerciseId, String cohort, String query, int offset, int limit) {
    Standings standings = scoreboard.standings(new BoardKey(exerciseId, blankToNull(cohort)), true);
    int size = Math.max(1, Math.min(MAX_PAGE, limit));
    int from = Math.max(0, offset);
    String needle = query == null || query.isBlank() ? null
        : query.strip().toLowerCase(Locale.ROOT);
    if (needle == null) {
      return new Page(standings.total(), standings.total(), from, size, standings.generatedAt,
          standings.page(from, size).stream().map(StaffBoards::row).toList());
    }
    List<Row> page = new ArrayList<>(size);
    int matched = 0;
    for (Standings.Row r : standings.rows) {
      if (contains(r.username(), needle) || contains(r.displayName(), needle)) {
        if (matched >= from && page.size() < size) {
          page.add(row(r));
        }
        matched++;
      }
    }
    return new Page(standings.total(), matched, from, size, standings.generatedAt, page);
  }

  /** The whole live board, for a printed report (at most {@code limit} rows). */
  public List<Row> top(Long exerciseId, String cohort, int limit) {
    return scoreboard.standings(new BoardKey(exerciseId, blankToNull(cohort)), true)
        .page(0, Math.max(1, limit)).stream().map(StaffBoards::row).toList();
  }

  /** The cohorts with ranked trainees on the board of an exercise (null: every exercise). */
  public List<String> cohorts(Long exerciseId) {
    TreeSet<String> cohorts = new TreeSet<>();
    for (Standings.Row r : scoreboard.standings(new BoardKey(exerciseId, null), true).rows) {
      if (r.cohort() != null) {
        cohorts.add(r.cohort());
      }
    }
    return List.copyOf(cohorts);
  }

  /** The exercises the ranking knows, practice first. */
  public List<ExerciseRef> exercises() {
    return scoreboard.exercises();
  }

  /** Whether the exercise exists for the boards. */
  public boolean knowsExercise(long exerciseId) {
    return scoreboard.knowsExercise(exerciseId);
  }

  /** Cohorts compared on the live board of an exercise (null: every exercise). */
  public Comparison compare(Long exerciseId) {
    Standings board = scoreboard.standings(new BoardKey(exerciseId, null), true);
    Map<String, List<Long>> scores = new TreeMap<>();
    long max = 0;
    for (Standings.Row r : board.rows) {
      scores.computeIfAbsent(cohortName(r.cohort()), c -> new ArrayList<>()).add(r.score());
      max = Math.max(max, r.score());
    }
    long width = Math.max(1, (max + BUCKETS) / BUCKETS);
    List<String> buckets = new ArrayList<>();
    for (int b = 0; b < BUCKETS; b++) {
      buckets.add(b * width + "–" + ((b + 1) * width - 1));
    }
    Map<String, Map<String, Integer>> solves = scoreboard.solvesByCohortAndCategory(exerciseId);
    TreeSet<String> categories = new TreeSet<>();
    solves.values().forEach(m -> categories.addAll(m.keySet()));
    List<CohortFigures> figures = new ArrayList<>();
    List<Series> distribution = new ArrayList<>();
    List<Series> byCategory = new ArrayList<>();
    for (Map.Entry<String, List<Long>> e : scores.entrySet()) {
      List<Long> sorted = e.getValue().stream().sorted().toList();
      long[] counts = new long[BUCKETS];
      long sum = 0;
      for (long s : sorted) {
        counts[(int) Math.min(BUCKETS - 1, Math.max(0, s) / width)]++;
        sum += s;
      }
      Map<String, Integer> cohortSolves = solves.getOrDefault(e.getKey(), Map.of());
      figures.add(new CohortFigures(e.getKey(), sorted.size(), sorted.get(sorted.size() - 1),
          sorted.get(sorted.size() / 2), Math.round(10.0 * sum / sorted.size()) / 10.0,
          cohortSolves.values().stream().mapToInt(Integer::intValue).sum()));
      distribution.add(new Series(e.getKey(), java.util.Arrays.stream(counts).boxed().toList()));
      byCategory.add(new Series(e.getKey(), categories.stream()
          .map(c -> (long) cohortSolves.getOrDefault(c, 0)).toList()));
    }
    return new Comparison(figures, buckets, distribution, List.copyOf(categories), byCategory);
  }

  /**
   * Score over time of the top {@code top} trainees of a live board: every series holds the
   * trainee's score at each time any of them scored (0 before their first point).
   */
  public Timeline scoreOverTime(Long exerciseId, String cohort, int top) {
    BoardKey key = new BoardKey(exerciseId, blankToNull(cohort));
    List<Standings.Row> leaders = scoreboard.standings(key, true).page(0, Math.max(1, top));
    List<List<RankingEngine.Point>> points = new ArrayList<>();
    TreeSet<Long> times = new TreeSet<>();
    for (Standings.Row r : leaders) {
      List<RankingEngine.Point> series = scoreboard.timeline(r.traineeId(), exerciseId, true);
      points.add(series);
      series.forEach(p -> times.add(p.at().getEpochSecond()));
    }
    List<Long> x = List.copyOf(times);
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < leaders.size(); i++) {
      List<RankingEngine.Point> own = points.get(i);
      List<Long> values = new ArrayList<>(x.size());
      int next = 0;
      long score = 0;
      for (long t : x) {
        while (next < own.size() && own.get(next).at().getEpochSecond() <= t) {
          score = own.get(next++).score();
        }
        values.add(score);
      }
      series.add(new Series(leaders.get(i).username(), values));
    }
    return new Timeline(x, series);
  }

  private static Row row(Standings.Row r) {
    return new Row(r.rank(), r.username(), r.displayName(), r.cohort(), r.score(), r.solves(),
        r.lastSolveAt());
  }

  private static boolean contains(String value, String needle) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
  }

  private static String cohortName(String cohort) {
    return cohort == null ? "" : cohort;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
