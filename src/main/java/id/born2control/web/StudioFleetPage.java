package id.born2control.web;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeNotFoundException;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.problem.RangeException;
import id.born2control.labs.LabService;
import id.born2control.labs.LabViews.FleetLab;
import id.born2control.labs.LabViews.FleetPage;
import id.born2control.labs.LabViews.LabView;
import id.born2control.labs.LabViews.UsageView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The studio's lab fleet: every running lab, a page at a time with its owner, age and resource
 * use, and the instructor's stop and reset of any trainee's lab (both audited). Its template is
 * with the studio's others.
 */
@Path("/studio/fleet")
@RolesAllowed(Roles.INSTRUCTOR)
@Produces(MediaType.TEXT_HTML)
public class StudioFleetPage {

  /** Fleet rows per page: each running lab on it costs one resource reading. */
  static final int FLEET_PAGE = 20;

  private final CatalogService catalog;
  private final LabService labs;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final AuditService audit;
  private final Pages pages;

  StudioFleetPage(CatalogService catalog, LabService labs, IdentityService identities,
      SecurityIdentity identity, AuditService audit, Pages pages) {
    this.catalog = catalog;
    this.labs = labs;
    this.identities = identities;
    this.identity = identity;
    this.audit = audit;
    this.pages = pages;
  }

  @CheckedTemplate(basePath = "StudioPage")
  static class Templates {
    static native TemplateInstance fleet(List<FleetRow> labs, long total, int offset, int limit,
        Integer previous, Integer next, String done, String lab, String error);
  }

  /**
   * An active lab of the fleet with its owner's name, ages in words, and the lab's web ports
   * (each opened through the one-time lab web link, which audits the visit).
   */
  public record FleetRow(FleetLab lab, String owner, String age, String expiresIn, String cpu,
      String memory, List<Integer> webPorts) {
    public boolean running() {
      return "RUNNING".equals(lab.state());
    }
  }

  @GET
  public TemplateInstance fleet(@QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("done") String done, @QueryParam("lab") String lab,
      @QueryParam("error") String error) {
    FleetPage page = labs.fleet(Math.max(0, offset), FLEET_PAGE);
    Map<Long, String> owners = new HashMap<>();
    Instant now = Instant.now();
    StaffMessages words = MessageBundles.get(StaffMessages.class,
        Localized.Literal.of(pages.lang()));
    List<FleetRow> rows = page.labs().stream().map(l -> new FleetRow(l,
        owners.computeIfAbsent(l.traineeId(), id -> identities.byId(id)
            .map(TraineeRef::username).orElse("#" + id)),
        duration(Duration.between(l.createdAt(), now), words),
        l.expiresAt() == null ? "" : duration(Duration.between(now, l.expiresAt()), words),
        l.usage() == null ? null : String.format(java.util.Locale.ROOT, "%.1f%%",
            l.usage().cpuPercent()),
        l.usage() == null ? null : memory(l.usage(), words),
        webPorts(l.challenge())))
        .toList();
    Integer previous = page.offset() > 0 ? Math.max(0, page.offset() - FLEET_PAGE) : null;
    Integer next = page.offset() + FLEET_PAGE < page.total() ? page.offset() + FLEET_PAGE : null;
    return pages.page(Templates.fleet(rows, page.total(), page.offset(), FLEET_PAGE, previous,
        next, done, lab, error));
  }

  /** The http ports of a challenge's lab: the ones a browser opens through the lab web link. */
  private List<Integer> webPorts(String slug) {
    return catalog.find(slug).map(e -> e.spec().lab()).filter(lab -> lab.ports() != null)
        .map(lab -> lab.ports().stream().filter(p -> "http".equals(p.protocol()))
            .map(ChallengeSpec.PortSpec::port).toList())
        .orElse(List.of());
  }

  /** Stops any trainee's lab; its progress stays recorded. */
  @POST
  @Path("{id}/stop")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response stop(@PathParam("id") String id) {
    LabView stopped = labs.stop(id, 0, true);
    audit.record(actor(), "lab.stop", "lab:" + id, Map.of("owner", stopped.traineeId(),
        "challenge", stopped.challenge()));
    return backToFleet("stopped", id);
  }

  /** Replaces any trainee's lab by a fresh one of the same challenge, for the same trainee. */
  @POST
  @Path("{id}/reset")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response reset(@PathParam("id") String id) {
    LabView lab = labs.get(id, 0, true);
    Optional<TraineeRef> owner = identities.byId(lab.traineeId());
    CatalogEntry entry = catalog.find(lab.challenge())
        .orElseThrow(() -> new ChallengeNotFoundException(lab.challenge()));
    labs.stop(id, 0, true);
    audit.record(actor(), "lab.reset", "lab:" + id, Map.of("owner", lab.traineeId(),
        "challenge", lab.challenge()));
    if (owner.isEmpty()) {
      return backToFleet("stopped", id);
    }
    try {
      String fresh = labs.start(owner.get(), entry).lab().id();
      audit.record(actor(), "lab.start", "lab:" + fresh, Map.of("owner", lab.traineeId(),
          "challenge", lab.challenge(), "replaces", id));
      return backToFleet("reset", fresh);
    } catch (RangeException e) {
      return backToFleet("error", e.getMessage());
    }
  }

  private static Response backToFleet(String what, String value) {
    String query = what.equals("error") ? "error=" + encode(value)
        : "done=" + what + "&lab=" + encode(value);
    return Response.seeOther(URI.create("/studio/fleet?" + query)).build();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  /** A lab's age or time left in words of the reader's language (5 mnt, 1 h 3 min). */
  static String duration(Duration d, StaffMessages words) {
    if (d.isNegative()) {
      return words.duration_minutes(0);
    }
    long minutes = d.toMinutes();
    return minutes >= 60 ? words.duration_hours(minutes / 60, minutes % 60)
        : minutes > 0 ? words.duration_minutes(minutes) : words.duration_seconds(d.toSeconds());
  }

  /** Memory in use, and of how much when the lab has a limit. */
  private static String memory(UsageView usage, StaffMessages words) {
    long limit = usage.memoryLimitBytes();
    return limit > 0 && limit < Long.MAX_VALUE / 2
        ? words.memory_of(mebibytes(usage.memoryBytes()), mebibytes(limit))
        : words.memory_used(mebibytes(usage.memoryBytes()));
  }

  private static String mebibytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
