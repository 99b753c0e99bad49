package id.born2control.scoreboard.bench;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.scoring.ScoringConfig;
import id.born2control.scoring.ScoringRules;
import id.born2control.scoring.TeamPointsAdjusted;
import id.born2control.scoring.TeamSolveRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * BENCHMARK BUILD ONLY: writes team solves as the team submission path stores them (a correct
 * submission, a team_solve row, a first-blood team_adjustment for the first places, positions
 * counted among the challenge's team solves) in bulk, and fires {@link TeamSolveRecorded} and
 * {@link TeamPointsAdjusted} in the same transaction, as scoring does. No flag is checked and no
 * audit row written: the team board is measured, not the submission path.
 */
@ApplicationScoped
public class BenchTeamSolves {

  /** A team solve to store: the member who solved it, when. */
  public record Solve(long teamId, long traineeId, String slug, Instant at) {}

  /** What was stored and fired. */
  public record Stored(List<TeamSolveRecorded> solves, List<TeamPointsAdjusted> firstBloods) {}

  private final CatalogService catalog;
  private final ScoringConfig scoring;
  private final EntityManager entityManager;
  private final Event<TeamSolveRecorded> solves;
  private final Event<TeamPointsAdjusted> adjustments;

  BenchTeamSolves(CatalogService catalog, ScoringConfig scoring, EntityManager entityManager,
      Event<TeamSolveRecorded> solves, Event<TeamPointsAdjusted> adjustments) {
    this.catalog = catalog;
    this.scoring = scoring;
    this.entityManager = entityManager;
    this.solves = solves;
    this.adjustments = adjustments;
  }

  /**
   * Stores the solves in the caller's transaction (ids and positions in list order) and fires
   * their facts in it: what the team board will learn after commit.
   */
  public Stored store(List<Solve> batch, long exercise) {
    List<TeamSolveRecorded> facts = new ArrayList<>();
    List<TeamPointsAdjusted> bloods = new ArrayList<>();
    entityManager.unwrap(Session.class).doWork(c -> {
      int n = batch.size();
      long[] submissionIds = ids(c, "submission_id_seq", n);
      long[] solveIds = ids(c, "team_solve_id_seq", n);
      Object[] trainees = new Object[n];
      Object[] teamIds = new Object[n];
      Object[] slugs = new Object[n];
      Object[] hashes = new Object[n];
      Object[] times = new Object[n];
      Object[] versions = new Object[n];
      for (int i = 0; i < n; i++) {
        Solve s = batch.get(i);
        trainees[i] = s.traineeId();
        teamIds[i] = s.teamId();
        slugs[i] = s.slug();
        // the challenge's flag, as the bench writes it: bench-07 has B2C{bench-7}
        hashes[i] = sha256("B2C{bench-" + Integer.parseInt(s.slug().substring(6)) + "}");
        times[i] = s.at().toString();
        versions[i] = entry(s.slug()).versionId();
      }
      try (PreparedStatement insert = c.prepareStatement("""
          insert into submission (id, trainee_id, challenge_slug, exercise_id, flag_hash,
                                  flag_preview, correct, status, kind, ip, created_at)
          select id, t, s, ?, h, '', true, 'correct', 'static', '127.0.0.1', cast(a as timestamptz)
          from unnest(cast(? as bigint[]), cast(? as bigint[]), cast(? as text[]),
                      cast(? as text[]), cast(? as text[])) as u(id, t, s, h, a)""")) {
        insert.setLong(1, exercise);
        insert.setArray(2, c.createArrayOf("bigint", box(submissionIds)));
        insert.setArray(3, c.createArrayOf("bigint", trainees));
        insert.setArray(4, c.createArrayOf("text", slugs));
        insert.setArray(5, c.createArrayOf("text", hashes));
        insert.setArray(6, c.createArrayOf("text", times));
        insert.executeUpdate();
      }
      try (PreparedStatement insert = c.prepareStatement("""
          insert into team_solve (id, team_id, trainee_id, challenge_slug, challenge_version_id,
                                  exercise_id, submission_id, created_at)
          select id, tm, t, s, v, ?, sub, cast(a as timestamptz)
          from unnest(cast(? as bigint[]), cast(? as bigint[]), cast(? as bigint[]),
                      cast(? as text[]), cast(? as bigint[]), cast(? as bigint[]),
                      cast(? as text[])) as u(id, tm, t, s, v, sub, a)""")) {
        insert.setLong(1, exercise);
        insert.setArray(2, c.createArrayOf("bigint", box(solveIds)));
        insert.setArray(3, c.createArrayOf("bigint", teamIds));
        insert.setArray(4, c.createArrayOf("bigint", trainees));
        insert.setArray(5, c.createArrayOf("text", slugs));
        insert.setArray(6, c.createArrayOf("bigint", versions));
        insert.setArray(7, c.createArrayOf("bigint", box(submissionIds)));
        insert.setArray(8, c.createArrayOf("text", times));
        insert.executeUpdate();
      }
      // positions as the team path counts them: team solves of the challenge stored so far
      Map<String, Integer> before = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Solve s = batch.get(i);
        int position = before.compute(s.slug(), (slug, p) -> p != null ? p + 1
            : solvedBefore(c, slug, solveIds[0]) + 1);
        facts.add(new TeamSolveRecorded(solveIds[i], s.teamId(), s.traineeId(), s.slug(),
            exercise, s.at(), position));
        int bonus = ScoringRules.firstBloodBonus(entry(s.slug()).spec().initialValue(), position,
            scoring.firstBloodPercentages());
        if (bonus > 0) {
          bloods.add(firstBlood(c, s, exercise, bonus, position));
        }
      }
    });
    facts.forEach(solves::fire);
    bloods.forEach(adjustments::fire);
    return new Stored(facts, bloods);
  }

  private TeamPointsAdjusted firstBlood(Connection c, Solve s, long exercise, int bonus,
      int position) throws SQLException {
    String reason = "first blood #" + position + " on " + s.slug();
    try (PreparedStatement insert = c.prepareStatement("""
        insert into team_adjustment (team_id, trainee_id, exercise_id, points, kind,
                                     challenge_slug, detail_key, reason, actor, created_at)
        values (?, ?, ?, ?, 'first-blood', ?, 'first-blood', ?, 'system', cast(? as timestamptz))
        returning id""")) {
      insert.setLong(1, s.teamId());
      insert.setLong(2, s.traineeId());
      insert.setLong(3, exercise);
      insert.setInt(4, bonus);
      insert.setString(5, s.slug());
      insert.setString(6, reason);
      insert.setString(7, s.at().toString());
      try (ResultSet r = insert.executeQuery()) {
        r.next();
        return new TeamPointsAdjusted(r.getLong(1), s.teamId(), s.traineeId(), exercise, bonus,
            s.at(), "first-blood", reason);
      }
    }
  }

  private static int solvedBefore(Connection c, String slug, long firstId) {
    try (PreparedStatement count = c.prepareStatement(
        "select count(*) from team_solve where challenge_slug = ? and id < ?")) {
      count.setString(1, slug);
      count.setLong(2, firstId);
      try (ResultSet r = count.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long[] ids(Connection c, String sequence, int n) throws SQLException {
    long[] ids = new long[n];
    try (PreparedStatement next = c.prepareStatement(
        "select nextval('" + sequence + "') from generate_series(1, ?)")) {
      next.setInt(1, n);
      try (ResultSet r = next.executeQuery()) {
        for (int i = 0; r.next(); i++) {
          ids[i] = r.getLong(1);
        }
      }
    }
    Arrays.sort(ids);
    return ids;
  }

  private CatalogEntry entry(String slug) {
    return catalog.find(slug).orElseThrow(() -> new IllegalArgumentException("no " + slug));
  }

  private static Object[] box(long[] values) {
    Object[] boxed = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
