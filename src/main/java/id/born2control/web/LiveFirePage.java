package id.born2control.web;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.Roles;
import id.born2control.labs.LiveFires;
import id.born2control.problem.RangeException;
import id.born2control.scoring.LiveFireRequest;
import id.born2control.scoring.LiveFireScheduling;
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
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The studio's live-fire page: instructors schedule a live-fire exercise for cohorts and follow
 * its labs' provisioning (N of M ready, each failure with its reason), retrying failed labs one
 * by one or all, and end a running one early. Schedules, retries and ends go through the same services as the API, audited there.
 */
@Path("/studio/live-fire")
@RolesAllowed(Roles.INSTRUCTOR)
@Produces(MediaType.TEXT_HTML)
public class LiveFirePage {

  private final LiveFires liveFires;
  private final LiveFireScheduling scheduling;
  private final CatalogService catalog;
  private final SecurityIdentity identity;
  private final Pages pages;

  LiveFirePage(LiveFires liveFires, LiveFireScheduling scheduling, CatalogService catalog,
      SecurityIdentity identity, Pages pages) {
    this.liveFires = liveFires;
    this.scheduling = scheduling;
    this.catalog = catalog;
    this.identity = identity;
    this.pages = pages;
  }

  @CheckedTemplate(basePath = "StudioPage")
  static class Templates {
    static native TemplateInstance livefire(List<LiveFires.Progress> exercises,
        List<String> scenarios, LiveFireForm form, List<String> errors, String done);
  }

  /** What the schedule form was filled with (kept when it is shown again with errors). */
  public record LiveFireForm(String name, String challenge, String cohorts, String startsAt,
      String endsAt, String debriefMinutes, String mode) {
    static LiveFireForm empty() {
      return new LiveFireForm("", "", "", "", "", "30", "individual");
    }
  }

  @GET
  public TemplateInstance page(@QueryParam("done") String done) {
    return page(LiveFireForm.empty(), List.of(), done);
  }

  /** Schedules a live-fire exercise from the form; times are UTC. */
  @POST
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response schedule(@RestForm String name, @RestForm String challenge,
      @RestForm String cohorts, @RestForm String startsAt, @RestForm String endsAt,
      @RestForm String debriefMinutes, @RestForm String mode) {
    LiveFireForm form = new LiveFireForm(name, challenge, cohorts, startsAt, endsAt,
        debriefMinutes, mode);
    StaffMessages words = MessageBundles.get(StaffMessages.class,
        Localized.Literal.of(pages.lang()));
    List<String> errors = new ArrayList<>();
    Instant starts = StudioPage.time("startsAt", startsAt, errors, words);
    Instant ends = StudioPage.time("endsAt", endsAt, errors, words);
    Integer debrief = null;
    if (debriefMinutes != null && !debriefMinutes.isBlank()) {
      try {
        debrief = Math.multiplyExact(Integer.parseInt(debriefMinutes.strip()), 60);
      } catch (NumberFormatException | ArithmeticException e) {
        errors.add(words.livefire_error_debrief());
      }
    }
    if (errors.isEmpty()) {
      try {
        scheduling.schedule(new LiveFireRequest(name == null ? null : name.strip(),
            challenge, StudioPage.list(cohorts), starts == null ? Instant.now() : starts, ends, debrief,
            mode == null || mode.isBlank() ? null : mode),
            identity.getPrincipal().getName());
        return Response.seeOther(URI.create("/studio/live-fire?done=scheduled")).build();
      } catch (RangeException e) {
        errors.addAll(e.errors() == null || e.errors().isEmpty() ? List.of(e.getMessage())
            : e.errors().stream().map(error -> ExerciseErrorTexts.text(error, words)).toList());
      }
    }
    return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(page(form, errors, null).render()).build();
  }

  /** Starts every failed lab of the exercise again. */
  @POST
  @Path("{exercise}/retry")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response retryAll(@PathParam("exercise") long exercise) {
    liveFires.retry(exercise, null, identity.getPrincipal().getName());
    return Response.seeOther(URI.create("/studio/live-fire?done=retried")).build();
  }

  /** Ends a running exercise early, at the end of its current tick. */
  @POST
  @Path("{exercise}/end")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response end(@PathParam("exercise") long exercise) {
    scheduling.end(exercise, identity.getPrincipal().getName());
    return Response.seeOther(URI.create("/studio/live-fire?done=ended")).build();
  }

  /** Starts one participant's failed lab again. */
  @POST
  @Path("{exercise}/seats/{trainee}/retry")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response retryOne(@PathParam("exercise") long exercise,
      @PathParam("trainee") long trainee) {
    liveFires.retry(exercise, trainee, identity.getPrincipal().getName());
    return Response.seeOther(URI.create("/studio/live-fire?done=retried")).build();
  }

  /** Starts one team's failed lab again (a team exercise's). */
  @POST
  @Path("{exercise}/teams/{team}/retry")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response retryTeam(@PathParam("exercise") long exercise,
      @PathParam("team") long team) {
    liveFires.retryTeam(exercise, team, identity.getPrincipal().getName());
    return Response.seeOther(URI.create("/studio/live-fire?done=retried")).build();
  }

  private TemplateInstance page(LiveFireForm form, List<String> errors, String done) {
    List<String> scenarios = catalog.all().stream()
        .filter(e -> e.spec().hasLab() && e.spec().scenario() != null)
        .map(CatalogEntry::slug).sorted().toList();
    return pages.page(Templates.livefire(liveFires.all(), scenarios, form, errors,
        done != null && List.of("scheduled", "retried", "ended").contains(done) ? done : null));
  }
}
