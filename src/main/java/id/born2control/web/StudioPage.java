package id.born2control.web;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogProblem;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.SyncReport;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.problem.RangeException;
import id.born2control.labs.LabService;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseRequest;
import id.born2control.scoring.ExerciseService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The instructor studio: the catalog with its problems and sync, exercises and the roster import
 * (the lab fleet is {@link StudioFleetPage}). Pages read and change the range through the
 * features' services; the roster page drives the roster API from the browser, since an import
 * runs in the background.
 */
@Path("/studio")
@RolesAllowed(Roles.INSTRUCTOR)
@Produces(MediaType.TEXT_HTML)
public class StudioPage {

  private final CatalogService catalog;
  private final LabService labs;
  private final ExerciseService exercises;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final AuditService audit;
  private final Pages pages;

  StudioPage(CatalogService catalog, LabService labs, ExerciseService exercises,
      IdentityService identities, SecurityIdentity identity, AuditService audit, Pages pages) {
    this.audit = audit;
    this.catalog = catalog;
    this.labs = labs;
    this.exercises = exercises;
    this.identities = identities;
    this.identity = identity;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance catalog(List<ChallengeRow> challenges,
        List<CatalogProblem> orphanProblems, int problemCount, SyncReport report, String show,
        long errorCount, long warningCount);

    static native TemplateInstance exercises(List<ExerciseRow> exercises, List<String> slugs,
        ExerciseForm form, List<String> errors, String done, String doneName);

    static native TemplateInstance roster();
  }

  /** A challenge of the catalog with its problems, as the studio lists it. */
  public record ChallengeRow(String slug, String name, String category, String state,
      int version, String hash, boolean lab, List<CatalogProblem> problems) {
    public boolean broken() {
      return problems.stream().anyMatch(p -> p.severity() == CatalogProblem.Severity.ERROR);
    }
  }

  /** An exercise as the studio lists it. */
  public record ExerciseRow(ExerciseRef exercise, String status, String cohorts,
      String challenges) {}

  /** What the exercise form was filled with (kept when it is shown again with errors). */
  public record ExerciseForm(String name, String startsAt, String endsAt, String freezeAt,
      String cohorts, List<String> challenges, String mode) {
    static ExerciseForm empty() {
      return new ExerciseForm("", "", "", "", "", List.of(), ExerciseRef.INDIVIDUAL);
    }
  }

  // ---------------------------------------------------------------- catalog

  /** The catalog; {@code show} (error or warning) lists only the problems of that severity. */
  @GET
  public TemplateInstance catalog(@QueryParam("show") String show) {
    return catalogPage(null, show);
  }

  /** Loads the challenge folders now, then shows the catalog with what the sync did. */
  @POST
  @Path("catalog/sync")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public TemplateInstance sync() {
    SyncReport report = catalog.sync();
    audit.record(actor(), "catalog.sync", "catalog", Map.of("added", report.added(),
        "updated", report.updated(), "failed", report.failed(), "retired", report.retired()));
    return catalogPage(report, null);
  }

  private TemplateInstance catalogPage(SyncReport report, String requested) {
    List<CatalogProblem> all = catalog.currentProblems();
    long errors = all.stream().filter(p -> p.severity() == CatalogProblem.Severity.ERROR).count();
    String show = "error".equals(requested) || "warning".equals(requested) ? requested : null;
    List<CatalogProblem> problems = show == null ? all
        : all.stream().filter(p -> p.severity().json().equals(show)).toList();
    Map<String, List<CatalogProblem>> bySlug = problems.stream()
        .collect(Collectors.groupingBy(CatalogProblem::slug, LinkedHashMap::new,
            Collectors.toList()));
    List<ChallengeRow> rows = new ArrayList<>();
    for (CatalogEntry e : catalog.all()) {
      if (show != null && !bySlug.containsKey(e.slug())) {
        continue;
      }
      rows.add(new ChallengeRow(e.slug(), e.spec().name(), e.spec().category(),
          e.spec().state().name().toLowerCase(java.util.Locale.ROOT), e.versionNumber(),
          e.contentHash().substring(0, Math.min(12, e.contentHash().length())),
          e.spec().hasLab(), bySlug.getOrDefault(e.slug(), List.of())));
    }
    // Challenges that never loaded (broken from their first version) have problems but no entry.
    List<CatalogProblem> orphans = problems.stream()
        .filter(p -> catalog.find(p.slug()).isEmpty()).toList();
    rows.sort((a, b) -> Boolean.compare(b.broken(), a.broken()) != 0
        ? Boolean.compare(b.broken(), a.broken()) : a.slug().compareTo(b.slug()));
    return pages.page(Templates.catalog(rows, orphans, all.size(), report, show, errors,
        all.size() - errors));
  }

  // ---------------------------------------------------------------- exercises

  @GET
  @Path("exercises")
  public TemplateInstance exercises(@QueryParam("done") String done,
      @QueryParam("exercise") String exercise) {
    String name = done == null ? null : exercises.all().stream()
        .filter(e -> String.valueOf(e.id()).equals(exercise)).map(ExerciseRef::name).findFirst()
        .orElse(null);
    return exercisesPage(ExerciseForm.empty(), List.of(), name == null ? null : done, name);
  }

  /** Creates an exercise from the form; times are UTC. Shows the form again with any errors. */
  @POST
  @Path("exercises")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response create(@RestForm String name, @RestForm String startsAt,
      @RestForm String endsAt, @RestForm String freezeAt, @RestForm String cohorts,
      @RestForm("challenges") List<String> challenges, @RestForm String mode) {
    ExerciseForm form = new ExerciseForm(name, startsAt, endsAt, freezeAt, cohorts,
        challenges == null ? List.of() : challenges,
        mode == null || mode.isBlank() ? ExerciseRef.INDIVIDUAL : mode);
    List<String> errors = new ArrayList<>();
    StaffMessages words = MessageBundles.get(StaffMessages.class,
        Localized.Literal.of(pages.lang()));
    Instant starts = time("startsAt", startsAt, errors, words);
    Instant ends = time("endsAt", endsAt, errors, words);
    Instant freeze = time("freezeAt", freezeAt, errors, words);
    if (starts == null && errors.isEmpty()) {
      starts = Instant.now();
    }
    if (errors.isEmpty()) {
      try {
        ExerciseRef created = exercises.create(new ExerciseRequest(name == null ? null
                : name.strip(), starts, ends, freeze, list(cohorts), form.challenges(),
                form.mode()),
            identity.getPrincipal().getName());
        return Response.seeOther(
            URI.create("/studio/exercises?done=created&exercise=" + created.id())).build();
      } catch (RangeException e) {
        errors.addAll(e.errors() == null || e.errors().isEmpty() ? List.of(e.getMessage())
            : e.errors().stream().map(error -> ExerciseErrorTexts.text(error, words)).toList());
      }
    }
    return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(exercisesPage(form, errors, null, null).render()).build();
  }

  /** Freezes the exercise's public board now (officials keep seeing the live one). */
  @POST
  @Path("exercises/{id}/freeze")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response freeze(@PathParam("id") long id) {
    ExerciseRef e = exercises.find(id).orElseThrow(jakarta.ws.rs.NotFoundException::new);
    Instant now = Instant.now();
    Instant at = now.isBefore(e.startsAt()) ? e.startsAt()
        : e.endsAt() != null && now.isAfter(e.endsAt()) ? e.endsAt() : now;
    exercises.update(id, new ExerciseRequest(e.name(), e.startsAt(), e.endsAt(), at, e.cohorts(),
        e.challenges(), e.mode()), identity.getPrincipal().getName());
    return Response.seeOther(URI.create("/studio/exercises?done=frozen&exercise=" + id)).build();
  }

  private TemplateInstance exercisesPage(ExerciseForm form, List<String> errors, String done,
      String doneName) {
    Instant now = Instant.now();
    List<ExerciseRow> rows = exercises.all().stream().map(e -> new ExerciseRow(e,
        e.practice() ? "practice" : e.frozenAt(now) ? "frozen"
            : now.isBefore(e.startsAt()) ? "scheduled"
            : e.endsAt() != null && !now.isBefore(e.endsAt()) ? "ended" : "running",
        String.join(", ", e.cohorts()), String.join(", ", e.challenges()))).toList();
    List<String> slugs = catalog.all().stream().map(CatalogEntry::slug).sorted().toList();
    return pages.page(Templates.exercises(rows, slugs, form, errors, done, doneName));
  }

  /** A form's UTC date-time field, or null when empty; an error in the reader's words if bad. */
  static Instant time(String field, String value, List<String> errors,
      StaffMessages words) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      errors.add(words.exercise_error_not_time(ExerciseErrorTexts.field(field, words)));
      return null;
    }
  }

  /** A form's comma-separated names. */
  static List<String> list(String commaSeparated) {
    return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  // ---------------------------------------------------------------- roster

  @GET
  @Path("roster")
  public TemplateInstance roster() {
    return pages.page(Templates.roster());
  }

  // ---------------------------------------------------------------- helpers

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
