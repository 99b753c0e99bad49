package id.born2control.scoreboard;

import id.born2control.identity.NotSignedInException;
import id.born2control.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The team boards, as the individual ones: public pages and a live stream open to everyone (team
 * names, cohorts and scores only), the live board of a frozen exercise, each member's
 * contribution and the CSV export for officials and instructors, a rebuild from stored facts for
 * officials.
 */
@Path("/api/scoreboard/teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamBoardResource {

  private final TeamBoards boards;
  private final ScoreboardService scoreboard;
  private final ScoreboardConfig config;
  private final SecurityIdentity identity;
  private final BoardPages pages;

  TeamBoardResource(TeamBoards boards, ScoreboardService scoreboard, ScoreboardConfig config,
      SecurityIdentity identity, BoardPages pages) {
    this.pages = pages;
    this.boards = boards;
    this.scoreboard = scoreboard;
    this.config = config;
    this.identity = identity;
  }

  /**
   * A page of a team board (overall, per cohort, per exercise); each page of each board state is
   * serialized once and then reused, as the individual boards' pages are. The public pages are
   * mostly answered before this method by {@link BoardPages}' route; this one answers the rest.
   */
  @GET
  public Response board(@QueryParam("exercise") String exercise,
      @QueryParam("cohort") String cohort, @QueryParam("offset") String offset,
      @QueryParam("limit") String limit, @QueryParam("live") String live) {
    byte[] body = pages.page(true, exercise, cohort, offset, limit,
        () -> BoardParameters.live(identity, live));
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** Score over time of the top teams of a board, as {@code /api/scoreboard/timeline}. */
  @GET
  @Path("timeline")
  public ScoreboardViews.Timeline timeline(@QueryParam("top") String top,
      @QueryParam("exercise") String exercise, @QueryParam("cohort") String cohort,
      @QueryParam("live") String live) {
    BoardKey key = BoardParameters.key(scoreboard, exercise, cohort);
    int count = BoardParameters.integer("top", top, 10, 1, config.maxTimelineTop());
    boolean liveBoard = BoardParameters.live(identity, live);
    Standings standings = boards.standings(key, liveBoard);
    List<ScoreboardViews.Series> series = new ArrayList<>();
    for (Standings.Row row : standings.page(0, count)) {
      series.add(new ScoreboardViews.Series(row.rank(), row.username(), row.displayName(),
          row.cohort(), boards.timeline(row.traineeId(), key.exerciseId(), liveBoard)));
    }
    ScoreboardService.Freeze freeze = scoreboard.freeze(key, liveBoard, Instant.now());
    return new ScoreboardViews.Timeline(freeze.frozen(), freeze.frozenAt(),
        standings.generatedAt, series);
  }

  /** Live events of the public overall team board: {@code rank}, {@code first-blood}, {@code snapshot}. */
  @GET
  @Path("stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId,
      @Context Sse sse) {
    return LiveHub.sse(boards.stream(lastEventId), sse);
  }

  /** Each member's solves, first bloods and hints per team (live), of one exercise or all. */
  @GET
  @Path("contributions")
  @RolesAllowed({Roles.OFFICIAL, Roles.INSTRUCTOR})
  public List<TeamBoards.Contribution> contributions(@QueryParam("exercise") String exercise) {
    return boards.contributions(BoardParameters.key(scoreboard, exercise, null).exerciseId());
  }

  /** The whole team board as CSV (team names), live unless {@code live=false}. */
  @GET
  @Path("export.csv")
  @Produces("text/csv")
  @RolesAllowed({Roles.OFFICIAL, Roles.INSTRUCTOR})
  public Response csv(@QueryParam("exercise") String exercise,
      @QueryParam("cohort") String cohort, @QueryParam("live") String live) {
    BoardKey key = BoardParameters.key(scoreboard, exercise, cohort);
    boolean liveBoard = live == null || live.isBlank() || BoardParameters.live(identity, live);
    return Response.ok(ScoreboardViews.csv(boards.standings(key, liveBoard)))
        .type("text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\""
            + BoardParameters.fileName("teams", key) + "\"").build();
  }

  /** Rebuilds the team rankings from the stored team facts (as a restart does). */
  @POST
  @Path("rebuild")
  @RolesAllowed(Roles.OFFICIAL)
  public TeamBoards.RebuildReport rebuild() {
    if (identity.isAnonymous()) {
      throw new NotSignedInException();
    }
    return boards.rebuild();
  }
}
