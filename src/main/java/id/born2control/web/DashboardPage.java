package id.born2control.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.audit.AuditRecord;
import id.born2control.audit.AuditService;
import id.born2control.audit.AuditVerifier;
import id.born2control.audit.AuditVerification;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabService;
import id.born2control.labs.LabViews.LabView;
import id.born2control.scoreboard.StaffBoards;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ScoreViews.BruteForceView;
import id.born2control.scoring.ScoreViews.IncidentView;
import id.born2control.scoring.ScoreViews.Score;
import id.born2control.scoring.ScoreViews.SubmissionLine;
import id.born2control.scoring.IncidentQueries;
import id.born2control.scoring.ScoringService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The officials' dashboard: the live boards (overall, per cohort, per exercise) with search and
 * paging, the cohorts compared, incidents with a look into each trainee, the audit log with its
 * chain check, exports and a printable ranking report. Boards come from the in-memory ranking.
 */
@Path("/dashboard")
@RolesAllowed(Roles.OFFICIAL)
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

  /** Board rows per page. */
  static final int PAGE = 50;
  /** Rows of the printed report at most. */
  static final int REPORT_MAX = 500;
  /** Trainees drawn in the score-over-time chart. */
  static final int TIMELINE_TOP = 10;
  static final int AUDIT_PAGE = 50;
  static final int INCIDENT_PAGE = 50;

  private final StaffBoards boards;
  private final ScoringService scoring;
  private final IncidentQueries incidents;
  private final AuditService audit;
  private final AuditVerifier verifier;
  private final IdentityService identities;
  private final ObjectMapper json;
  private final Pages pages;
  private final LabService labs;

  DashboardPage(StaffBoards boards, ScoringService scoring, IncidentQueries incidents,
      AuditService audit, AuditVerifier verifier, IdentityService identities, ObjectMapper json,
      Pages pages, LabService labs) {
    this.verifier = verifier;
    this.incidents = incidents;
    this.labs = labs;
    this.boards = boards;
    this.scoring = scoring;
    this.audit = audit;
    this.identities = identities;
    this.json = json;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance board(Filter filter, StaffBoards.Page page,
        List<ExerciseRef> exercises, List<String> cohorts, int pageNumber, int pages,
        String previous, String next, String csv, String ctftime, String report);

    static native TemplateInstance compare(Filter filter, List<ExerciseRef> exercises,
        StaffBoards.Comparison comparison, String distributionChart, String categoryChart,
        StaffBoards.Timeline timeline, List<TimeRow> timelineRows, String timelineChart);

    static native TemplateInstance incidents(List<IncidentView> incidents,
        List<BruteForceView> bruteForce, Long nextAfter);

    static native TemplateInstance trainee(TraineeRef trainee, Score score,
        List<AdjustmentTexts.Adjustment> adjustments, List<IncidentView> incidents,
        List<SubmissionLine> submissions, List<LabView> labs);

    static native TemplateInstance audit(AuditVerification verification,
        List<AuditTexts.AuditLine> records, long after, Long previous, Long next);

    static native TemplateInstance report(Filter filter, String exerciseName,
        List<StaffBoards.Row> rows, int total, Instant generatedAt);
  }

  /** Which board the page shows and how it is searched. */
  public record Filter(Long exercise, String cohort, String query) {
    /** The filter as query parameters for links (empty values left out), starting with '?'. */
    public String query(Map<String, String> extra) {
      Map<String, String> params = new LinkedHashMap<>();
      if (exercise != null) {
        params.put("exercise", exercise.toString());
      }
      if (cohort != null) {
        params.put("cohort", cohort);
      }
      if (query != null) {
        params.put("q", query);
      }
      params.putAll(extra);
      StringBuilder out = new StringBuilder();
      params.forEach((k, v) -> out.append(out.isEmpty() ? '?' : '&').append(k).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return out.toString();
    }

    /** Just the board (exercise and cohort), for exports and the report. */
    public String board() {
      return new Filter(exercise, cohort, null).query(Map.of());
    }
  }

  /** One time of the score-over-time table: the time and each leader's score then. */
  public record TimeRow(Instant at, List<Long> scores) {}

  // ---------------------------------------------------------------- boards

  @GET
  public TemplateInstance board(@QueryParam("exercise") String exercise,
      @QueryParam("cohort") String cohort, @QueryParam("q") String query,
      @QueryParam("page") String page) {
    Filter filter = filter(exercise, cohort, query);
    int number = Math.max(1, parseInt(page, 1));
    StaffBoards.Page rows = boards.page(filter.exercise(), filter.cohort(), filter.query(),
        (number - 1) * PAGE, PAGE);
    int pageCount = Math.max(1, (rows.matched() + PAGE - 1) / PAGE);
    String previous = number > 1 ? filter.query(Map.of("page", String.valueOf(number - 1))) : null;
    String next = number < pageCount ? filter.query(Map.of("page", String.valueOf(number + 1)))
        : null;
    return pages.page(Templates.board(filter, rows, boards.exercises(),
        boards.cohorts(filter.exercise()), number, pageCount, previous, next,
        "/api/scoreboard/export.csv" + filter.board(),
        "/api/scoreboard/ctftime.json" + filter.board(),
        "/dashboard/report" + filter.board()));
  }

  @GET
  @Path("compare")
  public TemplateInstance compare(@QueryParam("exercise") String exercise) {
    Filter filter = filter(exercise, null, null);
    StaffBoards.Comparison comparison = boards.compare(filter.exercise());
    StaffBoards.Timeline timeline = boards.scoreOverTime(filter.exercise(), null, TIMELINE_TOP);
    List<TimeRow> timeRows = new ArrayList<>();
    for (int i = 0; i < timeline.x().size(); i++) {
      int at = i;
      timeRows.add(new TimeRow(Instant.ofEpochSecond(timeline.x().get(i)),
          timeline.series().stream().map(s -> s.values().get(at)).toList()));
    }
    StaffMessages words = MessageBundles.get(StaffMessages.class,
        Localized.Literal.of(pages.lang()));
    return pages.page(Templates.compare(filter, boards.exercises(), comparison,
        chart("bars", words.chart_distribution(), comparison.buckets(), comparison.distribution()),
        chart("bars", words.chart_categories(), comparison.categories(),
            comparison.solvesByCategory()),
        timeline, timeRows,
        chart("line", words.chart_timeline(), timeline.x(), timeline.series())));
  }

  // ---------------------------------------------------------------- incidents

  @GET
  @Path("incidents")
  public TemplateInstance incidents(@QueryParam("after") String after) {
    long from = Math.max(0, parseLong(after, 0));
    List<IncidentView> found = incidents.incidents(from, INCIDENT_PAGE);
    Long next = found.size() == INCIDENT_PAGE ? found.get(found.size() - 1).id() : null;
    return pages.page(Templates.incidents(found, incidents.bruteForce(INCIDENT_PAGE), next));
  }

  /**
   * A look into one trainee: score lines, incidents naming them, latest submissions, and their
   * active and latest labs, each with its debrief.
   */
  @GET
  @Path("trainees/{username}")
  public TemplateInstance trainee(@PathParam("username") String username) {
    TraineeRef trainee = identities.byUsername(username).orElseThrow(NotFoundException::new);
    Score score = scoring.score(trainee);
    Messages words = MessageBundles.get(Messages.class, Localized.Literal.of(pages.lang()));
    Map<String, String> names = new HashMap<>();
    score.solves().forEach(s -> names.put(s.slug(), s.name()));
    List<AdjustmentTexts.Adjustment> adjustments = score.adjustments().stream()
        .map(a -> AdjustmentTexts.of(a, names.getOrDefault(a.challenge(), a.challenge()), words))
        .toList();
    return pages.page(Templates.trainee(trainee, score, adjustments,
        incidents.incidentsOf(trainee, INCIDENT_PAGE), incidents.submissionsOf(trainee, 100),
        labs.mine(trainee.id())));
  }

  // ---------------------------------------------------------------- audit

  @GET
  @Path("audit")
  public TemplateInstance audit(@QueryParam("after") String after) {
    AuditVerification verification = verifier.verify();
    long last = verification.checked();
    long from = after == null || after.isBlank() ? Math.max(0, last - AUDIT_PAGE)
        : Math.max(0, parseLong(after, 0));
    List<AuditRecord> records = audit.page(from, AUDIT_PAGE);
    Long previous = from > 0 ? Math.max(0, from - AUDIT_PAGE) : null;
    Long next = records.size() == AUDIT_PAGE ? records.get(records.size() - 1).seq() : null;
    StaffMessages words = MessageBundles.get(StaffMessages.class,
        Localized.Literal.of(pages.lang()));
    FireMessages fire = MessageBundles.get(FireMessages.class,
        Localized.Literal.of(pages.lang()));
    return pages.page(Templates.audit(verification,
        records.stream().map(r -> AuditTexts.line(r, words, fire, json)).toList(), from,
        previous, next));
  }

  // ---------------------------------------------------------------- report

  @GET
  @Path("report")
  public TemplateInstance report(@QueryParam("exercise") String exercise,
      @QueryParam("cohort") String cohort, @QueryParam("limit") String limit) {
    Filter filter = filter(exercise, cohort, null);
    int size = Math.max(1, Math.min(REPORT_MAX, parseInt(limit, 100)));
    StaffBoards.Page all = boards.page(filter.exercise(), filter.cohort(), null, 0, 1);
    Messages words = MessageBundles.get(Messages.class, Localized.Literal.of(pages.lang()));
    String name = filter.exercise() == null ? null : boards.exercises().stream()
        .filter(e -> e.id() == filter.exercise())
        .map(e -> e.practice() ? words.exercise_practice() : e.name()).findFirst()
        .orElse("#" + filter.exercise());
    return pages.page(Templates.report(filter, name,
        boards.top(filter.exercise(), filter.cohort(), size), all.total(), Instant.now()));
  }

  // ---------------------------------------------------------------- helpers

  private Filter filter(String exercise, String cohort, String query) {
    Long id = null;
    if (exercise != null && !exercise.isBlank()) {
      long parsed = parseLong(exercise, -1);
      if (parsed <= 0 || !boards.knowsExercise(parsed)) {
        throw new NotFoundException();
      }
      id = parsed;
    }
    return new Filter(id, blankToNull(cohort), blankToNull(query));
  }

  /** The charts.js figure data: {@code {"title", "kind", "x", "series": [{label, values}]}}. */
  private String chart(String kind, String title, List<?> x, List<StaffBoards.Series> series) {
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("title", title);
    chart.put("kind", kind);
    chart.put("x", x);
    chart.put("series", series.stream().map(s -> Map.of("label",
        s.label().isEmpty() ? "–" : s.label(), "values", s.values())).toList());
    try {
      return json.writeValueAsString(chart);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write chart data", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static int parseInt(String value, int fallback) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parseLong(value,
        fallback)));
  }

  private static long parseLong(String value, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
