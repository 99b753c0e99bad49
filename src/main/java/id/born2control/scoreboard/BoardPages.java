package id.born2control.scoreboard;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Pages of the individual and team boards as JSON bytes, each page of each board state written
 * once ({@link Standings#serializedPage}), for the two board resources and for a route of their
 * own in front of them.
 *
 * <p>The route answers the public page reads (no {@code live=true}) straight from the event loop,
 * as a static file is served: a big screen or a crowd refreshing the board is the most frequent
 * read of an exercise, and through Quarkus REST each read also paid a worker thread hand-over,
 * a CDI request scope with its security identity, the REST filters and a writer looked up per
 * response, which a static file of the same size does not (the board page read 0.62–0.74x such a
 * file: RESULTS.md, 2026-12-03). Everything else goes on to the resources unchanged: live boards
 * (they need the caller's identity), parameters the resources answer with a problem, an
 * {@code Accept} that does not take JSON, and any request this route cannot answer exactly as
 * they would.
 */
@ApplicationScoped
class BoardPages {

  private static final String JSON = MediaType.APPLICATION_JSON;

  private final ScoreboardService scoreboard;
  private final TeamBoards teams;
  private final ScoreboardConfig config;

  BoardPages(ScoreboardService scoreboard, TeamBoards teams, ScoreboardConfig config) {
    this.scoreboard = scoreboard;
    this.teams = teams;
    this.config = config;
  }

  void routes(@Observes Router router) {
    // ahead of Quarkus REST's route (as LabProxy's); the security filters still run before it
    router.get("/api/scoreboard").order(-10).handler(ctx -> serve(ctx, false));
    router.get("/api/scoreboard/teams").order(-10).handler(ctx -> serve(ctx, true));
  }

  /**
   * One page of a board. The parameters are checked in the resources' order, {@code live} last
   * (it may need the caller's identity); a bad one throws the resources' problem.
   */
  byte[] page(boolean teamBoard, String exercise, String cohort, String offset, String limit,
      BooleanSupplier live) {
    BoardKey key = BoardParameters.key(scoreboard, exercise, cohort);
    int from = BoardParameters.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
    int size = Math.min(config.maxPageSize(),
        BoardParameters.integer("limit", limit, 50, 1, Integer.MAX_VALUE));
    boolean liveBoard = live.getAsBoolean();
    Standings standings = teamBoard
        ? teams.standings(key, liveBoard) : scoreboard.standings(key, liveBoard);
    ScoreboardService.Freeze freeze = scoreboard.freeze(key, liveBoard, Instant.now());
    return standings.serializedPage(from + ":" + size + ":" + freeze.frozen(),
        () -> scoreboard.write(ScoreboardViews.page(standings, from, size, freeze)));
  }

  private void serve(RoutingContext ctx, boolean teamBoard) {
    byte[] body;
    try {
      MultiMap query = ctx.queryParams();
      if (!publicRead(query.get("live"), ctx.request().getHeader(HttpHeaders.ACCEPT))) {
        ctx.next();
        return;
      }
      body = page(teamBoard, query.get("exercise"), query.get("cohort"), query.get("offset"),
          query.get("limit"), () -> false);
    } catch (RuntimeException e) {
      // a bad parameter (or a query that cannot be decoded): the resource answers it as always
      ctx.next();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(body));
  }

  /** The public board, asked for by a client that takes JSON (as the resources would decide). */
  private static boolean publicRead(String live, String accept) {
    boolean publicBoard = live == null || live.isBlank() || live.equalsIgnoreCase("false");
    return publicBoard && (accept == null || accept.isBlank() || accept.contains("*/*")
        || accept.contains(JSON) || accept.contains("application/*"));
  }
}
