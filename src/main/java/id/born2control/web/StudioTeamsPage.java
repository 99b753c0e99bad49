package id.born2control.web;

import id.born2control.identity.Roles;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.problem.RangeException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The studio's teams: instructors create a team of one cohort, rename it, move a trainee into it
 * (out of any other team), and dissolve it, through the identity feature's team service (which
 * audits each change). A refused change shows the form again with the reason.
 */
@Path("/studio/teams")
@RolesAllowed(Roles.INSTRUCTOR)
@Produces(MediaType.TEXT_HTML)
public class StudioTeamsPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance teams(List<TeamRef> teams, TeamForm form, String error,
        String done);
  }

  /** The create form as typed, to show it again after an error. */
  public record TeamForm(String name, String cohort, String members) {
    static TeamForm empty() {
      return new TeamForm("", "", "");
    }
  }

  private final TeamService teams;
  private final SecurityIdentity identity;
  private final Pages pages;

  StudioTeamsPage(TeamService teams, SecurityIdentity identity, Pages pages) {
    this.teams = teams;
    this.identity = identity;
    this.pages = pages;
  }

  @GET
  public TemplateInstance page(@QueryParam("done") String done) {
    String shown = done != null && List.of("created", "renamed", "moved", "dissolved")
        .contains(done) ? done : null;
    return page(TeamForm.empty(), null, shown);
  }

  @POST
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response create(@RestForm String name, @RestForm String cohort,
      @RestForm String members) {
    TeamForm form = new TeamForm(name, cohort, members);
    return change(form, "created", () -> teams.create(name, cohort, list(members), actor()));
  }

  @POST
  @Path("{id}/name")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response rename(@PathParam("id") long id, @RestForm String name) {
    return change(TeamForm.empty(), "renamed", () -> teams.rename(id, name, actor()));
  }

  @POST
  @Path("{id}/members")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response move(@PathParam("id") long id, @RestForm String username) {
    return change(TeamForm.empty(), "moved",
        () -> teams.move(id, username == null ? null : username.strip(), actor()));
  }

  @POST
  @Path("{id}/dissolve")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response dissolve(@PathParam("id") long id) {
    return change(TeamForm.empty(), "dissolved", () -> teams.dissolve(id, actor()));
  }

  /** Runs a change; on success back to the list (post/redirect/get), else the page with why. */
  private Response change(TeamForm form, String done, Supplier<TeamRef> action) {
    try {
      action.get();
      return Response.seeOther(URI.create("/studio/teams?done=" + done)).build();
    } catch (RangeException e) {
      return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
          .entity(page(form, e.getMessage(), null).render()).build();
    }
  }

  private TemplateInstance page(TeamForm form, String error, String done) {
    return pages.page(Templates.teams(teams.all(), form, error, done));
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  private static List<String> list(String commaSeparated) {
    return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split("[,\\s]+"))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
