package id.born2control.scoreboard;

import id.born2control.identity.NotSignedInException;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * The scoreboard API. Public boards, the timeline and the live stream are open to everyone,
 * anonymous visitors included (as CTFd's public scoreboard): they show user names, display names,
 * cohorts and scores only. {@code me} needs a signed-in person. The live board of a frozen
 * exercise ({@code live=true}) and the exports are for officials and instructors.
 */
@Path("/api/scoreboard")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreboardResource {

  private static final int NEIGHBOURS = 5;

  private final ScoreboardService scoreboard;
  private final ScoreboardConfig config;
  private final SecurityIdentity identity;
  private final TeamBoards teams;
  private final BoardPages pages;

  ScoreboardResource(ScoreboardService scoreboard, ScoreboardConfig config,
      SecurityIdentity identity, TeamBoards teams, BoardPages pages) {
    this.teams = teams;
    this.pages = pages;
    this.scoreboard = scoreboard;
    this.config = config;
    this.identity = identity;
  }

  /**
   * A page of a board; each page of each board state is serialized once and then reused. The
   * public pages are mostly answered before this method by {@link BoardPages}' route; this one
   * answers the rest. Runs on a worker thread: {@code live=true} resolves the caller's (lazily
   * authenticated) identity.
   */
  @GET
  public Response board(@QueryParam("exercise") String exercise,
      @QueryParam("cohort") String cohort, @QueryParam("offset") String offset,
      @QueryParam("limit") String limit, @QueryParam("live") String live) {
    byte[] body = pages.page(false, exercise, cohort, offset, limit, () -> live(live));
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
  }

  /**
   * The caller's rank, score and five neighbours each side, overall and in the own cohort. Served
   * from memory: a signed-in person the ranking does not know has no counted fact yet, and is
   * answered as not ranked (rank null) without touching the database.
   */
  @GET
  @Path("me")
  @NonBlocking
  // Resolves the (lazily authenticated) identity before the method runs on the event loop.
  @Authenticated
  public ScoreboardViews.Me me(@QueryParam("exercise") String exercise,
      @QueryParam("live") String live) {
    if (identity.isAnonymous()) {
      throw new NotSignedInException();
    }
    Long exerciseId = exercise(exercise);
    boolean liveBoard = live(live);
    String username = identity.getPrincipal().getName();
    TraineeRef me = scoreboard.trainee(username)
        .orElse(new TraineeRef(-1, username, username, null, false, false));
    BoardKey overallKey = new BoardKey(exerciseId, null);
    Standings overall = scoreboard.standings(overallKey, liveBoard);
    ScoreboardService.Freeze freeze = scoreboard.freeze(overallKey, liveBoard, Instant.now());
    ScoreboardViews.Place inCohort = null;
    if (me.cohort() != null) {
      inCohort = ScoreboardViews.place(
          scoreboard.standings(new BoardKey(exerciseId, me.cohort()), liveBoard), me.id(),
          NEIGHBOURS);
    }
    return new ScoreboardViews.Me(me.username(), me.displayName(), me.cohort(), exerciseId,
        freeze.frozen(), freeze.frozenAt(), overall.generatedAt,
        ScoreboardViews.place(overall, me.id(), NEIGHBOURS), inCohort);
  }

  /**
   * The exercises a board can be filtered by (the big-screen scoreboard's filter), practice first:
   * names and times only, no cohorts or challenge lists.
   */
  @GET
  @Path("exercises")
  public List<ScoreboardViews.ExerciseItem> exercises() {
    Instant now = Instant.now();
    return scoreboard.exercises().stream()
        .map(e -> new ScoreboardViews.ExerciseItem(e.id(), e.name(), e.startsAt(), e.endsAt(),
            e.freezeAt(), e.frozenAt(now), e.practice()))
        .toList();
  }

  /** Score over time of the top trainees of a board. */
  @GET
  @Path("timeline")
  public ScoreboardViews.Timeline timeline(@QueryParam("top") String top,
      @QueryParam("exercise") String exercise, @QueryParam("cohort") String cohort,
      @QueryParam("live") String live) {
    BoardKey key = key(exercise, cohort);
    int count = integer("top", top, 10, 1, config.maxTimelineTop());
    boolean liveBoard = live(live);
    Standings standings = scoreboard.standings(key, liveBoard);
    ScoreboardService.Freeze freeze = scoreboard.freeze(key, liveBoard, Instant.now());
    List<ScoreboardViews.Series> series = new ArrayList<>();
    for (Standings.Row row : standings.page(0, count)) {
      series.add(new ScoreboardViews.Series(row.rank(), row.username(), row.displayName(),
          row.cohort(), scoreboard.timeline(row.traineeId(), key.exerciseId(), liveBoard)));
    }
    return new ScoreboardViews.Timeline(freeze.frozen(), freeze.frozenAt(),
        standings.generatedAt, series);
  }

  /**
   * Live events of the public overall board: {@code rank} (trainees whose score changed, with
   * rank and previous rank), {@code first-blood}, and {@code snapshot} (the top of the board) on
   * connect, after a rebuild, or when a {@code Last-Event-ID} can no longer be resumed.
   */
  @GET
  @Path("stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId,
      @Context Sse sse) {
    return LiveHub.sse(scoreboard.stream(lastEventId), sse);
  }

  /**
   * The whole board as CSV (RFC 4180), live unless {@code live=false}; the board of a team
   * exercise is its team board.
   */
  @GET
  @Path("export.csv")
  @Produces("text/csv")
  @RolesAllowed({Roles.OFFICIAL, Roles.INSTRUCTOR})
  public Response csv(@QueryParam("exercise") String exercise,
      @QueryParam("cohort") String cohort, @QueryParam("live") String live) {
    BoardKey key = key(exercise, cohort);
    boolean liveBoard = live == null || live.isBlank() || live(live);
    String name = BoardParameters.fileName("scoreboard", key);
    // A team exercise is ranked by teams: its export lists team names.
    Standings standings = key.exerciseId() != null && teams.teamExercise(key.exerciseId())
        ? teams.standings(key, liveBoard) : scoreboard.standings(key, liveBoard);
    return Response.ok(ScoreboardViews.csv(standings))
        .type("text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
  }

  /** The CTFtime scoreboard feed of a board, live unless {@code live=false}. */
  @GET
  @Path("ctftime.json")
  @RolesAllowed({Roles.OFFICIAL, Roles.INSTRUCTOR})
  public ScoreboardViews.CtfTime ctfTime(@QueryParam("exercise") String exercise,
      @QueryParam("cohort") String cohort, @QueryParam("live") String live) {
    BoardKey key = key(exercise, cohort);
    boolean liveBoard = live == null || live.isBlank() || live(live);
    return ScoreboardViews.ctfTime(scoreboard.standings(key, liveBoard));
  }

  private BoardKey key(String exercise, String cohort) {
    return BoardParameters.key(scoreboard, exercise, cohort);
  }

  private static Long exercise(String exercise) {
    return BoardParameters.exercise(exercise);
  }

  private static int integer(String name, String value, int fallback, int min, int max) {
    return BoardParameters.integer(name, value, fallback, min, max);
  }

  private boolean live(String live) {
    return BoardParameters.live(identity, live);
  }
}
