package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.scoring.SubmissionWriter.Pending;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One group commit of {@link SubmissionWriter}: stores a batch of judged submissions, their solves,
 * first-blood bonuses, audit entries and live events with a handful of statements in the
 * caller's transaction, and works out each submission's answer. Nothing is answered before the
 * caller commits.
 *
 * <p>First blood stays exact without a lock per solve: only a challenge with fewer ranked solves
 * than first-blood places (as this instance knows them; it never knows more than there are) is
 * locked, per challenge, and counted in the database, as {@link SubmissionService} does. Past
 * those places the position only feeds the challenge's value, which needs the count, not an
 * order, so it comes from memory ({@link SolveCounters}).
 *
 * <p>The batch has one audit record ({@value #AUDIT_ACTION}) listing each submission and solve
 * with what a record of its own held: one chained row per batch instead of one or two per
 * submission (issue 17: the per-submission records were about a third of the CPU per
 * submission, mostly PostgreSQL's). First-blood bonuses keep records of their own.
 */
final class SubmissionBatch {

  /**
   * The batch's submissions and its candidates' solves in one statement, one round trip (issue
   * 17: the writer's round trips were a fair share of its and PostgreSQL's CPU): ids from the
   * sequence in the order of the batch, the submissions, then a solve for each row with a version
   * (the candidates), one per pair at most; returns each row's place, id and stored solve's id.
   * The solve's foreign key sees the submissions: it is checked at the end of the statement.
   */
  private static final String INSERT_ROWS = """
      with v as materialized (
        select nextval('submission_id_seq') as id, u.*
        from unnest(cast(? as bigint[]), cast(? as text[]), cast(? as bigint[]),
                    cast(? as text[]), cast(? as text[]), cast(? as boolean[]),
                    cast(? as text[]), cast(? as text[]), cast(? as text[]),
                    cast(? as timestamptz[]), cast(? as bigint[]))
             with ordinality as u(trainee_id, challenge_slug, exercise_id, flag_hash,
                                  flag_preview, correct, status, kind, ip, created_at,
                                  version_id, n)
        order by n),
      stored as (
        insert into submission (id, trainee_id, challenge_slug, exercise_id, flag_hash,
                                flag_preview, correct, status, kind, ip, created_at)
        select id, trainee_id, challenge_slug, exercise_id, flag_hash, flag_preview, correct,
               status, kind, ip, created_at from v),
      solved as (
        insert into solve (trainee_id, challenge_slug, challenge_version_id, exercise_id,
                           submission_id, created_at)
        select trainee_id, challenge_slug, version_id, exercise_id, id, cast(? as timestamptz)
        from v where version_id is not null
        on conflict on constraint solve_once do nothing
        returning id, submission_id)
      select v.n, v.id, solved.id from v left join solved on solved.submission_id = v.id""";

  /** The audit action of a batch's record. */
  static final String AUDIT_ACTION = "submissions";

  private final List<Pending> items;
  private final String[] status;
  private final long[] ids;
  private final SubmissionResult[] answers;
  final List<SolveRecorded> solves = new ArrayList<>();
  final List<PointsAdjusted> adjustments = new ArrayList<>();
  /** The live events of {@link #solves} and {@link #adjustments}. */
  long[] events = new long[0];
  /**
   * When this batch's solves happened: one time for the stored rows and the events, so an
   * instance that learns a solve from its own event and one that reads it back agree.
   */
  private Instant solvedAt;

  SubmissionBatch(List<Pending> items) {
    this.items = List.copyOf(items);
    this.status = new String[items.size()];
    this.ids = new long[items.size()];
    this.answers = new SubmissionResult[items.size()];
  }

  List<Pending> items() {
    return items;
  }

  /** The answer of item {@code i}, once {@link #write} has run (and the caller committed). */
  SubmissionResult answer(int i) {
    return answers[i];
  }

  void write(Connection c, SolveCounters counters, List<Integer> firstBlood, AuditService audit,
      SharedFacts facts) throws SQLException {
    int n = items.size();
    solvedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    // One solve per pair and batch: a second right flag of the same pair is already solved.
    Set<String> pairs = new HashSet<>();
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Pending p = items.get(i);
      status[i] = p.status();
      if (SubmissionService.CORRECT.equals(p.status())) {
        if (pairs.add(p.trainee().id() + "/" + p.entry().slug())) {
          candidates.add(i);
        } else {
          status[i] = SubmissionService.ALREADY_SOLVED;
        }
      }
    }
    Set<Long> unranked = candidates.isEmpty() ? Set.of() : counters.unranked();
    Map<String, Long> solvedBefore = solvedBefore(c, candidates, counters, firstBlood.size(),
        unranked);
    Map<Long, Long> solveIds = insertRows(c, candidates);
    List<Long> lost = new ArrayList<>();
    for (int i : candidates) {
      if (!solveIds.containsKey(ids[i])) {
        // Solved meanwhile (another instance, or an earlier batch): the constraint kept one.
        status[i] = SubmissionService.ALREADY_SOLVED;
        lost.add(ids[i]);
      }
    }
    if (!lost.isEmpty()) {
      try (PreparedStatement update = c.prepareStatement("update submission set correct = false,"
          + " status = ? where id = any(cast(? as bigint[]))")) {
        update.setString(1, SubmissionService.ALREADY_SOLVED);
        update.setArray(2, c.createArrayOf("bigint", lost.toArray()));
        update.executeUpdate();
      }
    }
    List<Map<String, Object>> submitted = new ArrayList<>();
    List<Map<String, Object>> solvedDetails = new ArrayList<>();
    List<AuditService.Entry> bonuses = new ArrayList<>();
    Instant at = solvedAt;
    for (int i = 0; i < n; i++) {
      Pending p = items.get(i);
      submitted.add(submissionDetails(p, i));
      answers[i] = switch (status[i]) {
        case SubmissionService.WRONG -> new SubmissionResult(false, SubmissionService.WRONG, 0,
            "Wrong flag.");
        case SubmissionService.ALREADY_SOLVED -> SubmissionService.alreadySolved();
        default -> solved(c, p, i, solveIds.get(ids[i]), at, solvedBefore, unranked, firstBlood,
            solvedDetails, bonuses);
      };
    }
    List<AuditService.Entry> entries = new ArrayList<>();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("count", n);
    details.put("submissions", submitted);
    details.put("solves", solvedDetails);
    entries.add(new AuditService.Entry("system", AUDIT_ACTION,
        AUDIT_ACTION + ":" + Arrays.stream(ids).min().orElseThrow() + "-"
            + Arrays.stream(ids).max().orElseThrow(), details));
    entries.addAll(bonuses);
    audit.append(c, entries);
    events = facts.publish(c, solves, adjustments);
  }

  /**
   * Ranked solves of each candidate's challenge before this batch: counted in the database under
   * the challenge's lock while first-blood places are still open, else as known in memory.
   */
  private Map<String, Long> solvedBefore(Connection c, List<Integer> candidates,
      SolveCounters counters, int places, Set<Long> unranked) throws SQLException {
    Map<String, Long> before = new HashMap<>();
    TreeSet<Integer> keys = new TreeSet<>();
    List<String> exact = new ArrayList<>();
    for (int i : candidates) {
      String slug = items.get(i).entry().slug();
      if (before.containsKey(slug) || exact.contains(slug)) {
        continue;
      }
      long known = counters.count(slug);
      if (known < places) {
        exact.add(slug);
        keys.add(slug.hashCode());
      } else {
        before.put(slug, known);
      }
    }
    if (exact.isEmpty()) {
      return before;
    }
    // The same locks as SubmissionService.solve, taken in one order so writers never deadlock.
    try (PreparedStatement lock = c.prepareStatement(
        "select count(pg_advisory_xact_lock(2, k)) from unnest(cast(? as int[])) k")) {
      lock.setArray(1, c.createArrayOf("int4", keys.toArray()));
      lock.executeQuery().close();
    }
    exact.forEach(slug -> before.put(slug, 0L));
    // A statement after the locks: it sees every solve committed by the previous holder.
    try (PreparedStatement count = c.prepareStatement("select challenge_slug, count(*) from solve"
        + " where challenge_slug = any(cast(? as text[]))"
        + " and not (trainee_id = any(cast(? as bigint[]))) group by challenge_slug")) {
      count.setArray(1, c.createArrayOf("text", exact.toArray()));
      count.setArray(2, c.createArrayOf("bigint", unranked.toArray()));
      try (ResultSet r = count.executeQuery()) {
        while (r.next()) {
          before.put(r.getString(1), r.getLong(2));
        }
      }
    }
    return before;
  }

  /**
   * Stores the submissions and the candidates' solves ({@link #INSERT_ROWS}), fills {@link #ids};
   * returns solve id by submission id, for the solves stored.
   */
  private Map<Long, Long> insertRows(Connection c, List<Integer> candidates)
      throws SQLException {
    int n = items.size();
    Object[] trainees = new Object[n];
    Object[] slugs = new Object[n];
    Object[] exercises = new Object[n];
    Object[] hashes = new Object[n];
    Object[] previews = new Object[n];
    Object[] correct = new Object[n];
    Object[] kinds = new Object[n];
    Object[] ips = new Object[n];
    Object[] times = new Object[n];
    Object[] versions = new Object[n];
    for (int i = 0; i < n; i++) {
      Pending p = items.get(i);
      trainees[i] = p.trainee().id();
      slugs[i] = p.entry().slug();
      exercises[i] = p.exercise().id();
      hashes[i] = p.flagHash();
      previews[i] = p.preview();
      correct[i] = SubmissionService.CORRECT.equals(status[i]);
      kinds[i] = p.kind();
      ips[i] = p.ip();
      times[i] = p.at().toString();
    }
    for (int i : candidates) {
      versions[i] = items.get(i).entry().versionId();
    }
    Map<Long, Long> stored = new HashMap<>();
    try (PreparedStatement insert = c.prepareStatement(INSERT_ROWS)) {
      insert.setArray(1, c.createArrayOf("bigint", trainees));
      insert.setArray(2, c.createArrayOf("text", slugs));
      insert.setArray(3, c.createArrayOf("bigint", exercises));
      insert.setArray(4, c.createArrayOf("text", hashes));
      insert.setArray(5, c.createArrayOf("text", previews));
      insert.setArray(6, c.createArrayOf("bool", correct));
      insert.setArray(7, c.createArrayOf("text", status));
      insert.setArray(8, c.createArrayOf("text", kinds));
      insert.setArray(9, c.createArrayOf("text", ips));
      insert.setArray(10, c.createArrayOf("text", times));
      insert.setArray(11, c.createArrayOf("bigint", versions));
      insert.setString(12, solvedAt.toString());
      try (ResultSet r = insert.executeQuery()) {
        while (r.next()) {
          int i = r.getInt(1) - 1;
          ids[i] = r.getLong(2);
          long solve = r.getLong(3);
          if (!r.wasNull()) {
            stored.put(ids[i], solve);
          }
        }
      }
    }
    return stored;
  }

  /**
   * A stored solve: its position, value, first-blood bonus, facts, its line of the batch's audit
   * record ({@code solvedDetails}) and the bonus's own audit entry ({@code bonuses}).
   */
  private SubmissionResult solved(Connection c, Pending p, int i, long solveId, Instant at,
      Map<String, Long> solvedBefore, Set<Long> unranked, List<Integer> firstBlood,
      List<Map<String, Object>> solvedDetails, List<AuditService.Entry> bonuses)
      throws SQLException {
    String slug = p.entry().slug();
    ChallengeSpec spec = p.entry().spec();
    boolean ranked = p.trainee().ranked() && !unranked.contains(p.trainee().id());
    long rankedSolves = solvedBefore.get(slug) + (ranked ? 1 : 0);
    if (ranked) {
      solvedBefore.put(slug, rankedSolves);
    }
    int position = ranked ? (int) rankedSolves : 0;
    int value = ScoringRules.value(spec, (int) Math.max(1, rankedSolves));
    solves.add(new SolveRecorded(solveId, p.trainee().id(), slug, p.exercise().id(), at,
        position));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("solve", solveId);
    details.put("submission", ids[i]);
    details.put("trainee", p.trainee().username());
    details.put("challenge", slug);
    details.put("exercise", p.exercise().id());
    details.put("versionId", p.entry().versionId());
    details.put("position", position);
    details.put("value", value);
    solvedDetails.add(details);
    int bonus = ScoringRules.firstBloodBonus(spec.initialValue(), position, firstBlood);
    if (bonus > 0) {
      firstBlood(c, p, position, bonus, at, bonuses);
    }
    String message = bonus > 0
        ? "Correct! First blood #" + position + ": +" + bonus + " bonus points."
        : "Correct!";
    return new SubmissionResult(true, SubmissionService.CORRECT, value + bonus, message, null,
        bonus);
  }

  private void firstBlood(Connection c, Pending p, int position, int bonus, Instant at,
      List<AuditService.Entry> entries) throws SQLException {
    String slug = p.entry().slug();
    String reason = "first blood #" + position + " on " + slug;
    try (PreparedStatement insert = c.prepareStatement("""
        insert into points_adjustment (trainee_id, exercise_id, points, kind, challenge_slug,
                                       detail_key, reason, actor, created_at)
        values (?, ?, ?, 'first-blood', ?, 'first-blood', ?, 'system', cast(? as timestamptz))
        on conflict (trainee_id, kind, challenge_slug, detail_key)
            where kind in ('first-blood', 'hint', 'defense') do nothing
        returning id""")) {
      insert.setLong(1, p.trainee().id());
      insert.setLong(2, p.exercise().id());
      insert.setInt(3, bonus);
      insert.setString(4, slug);
      insert.setString(5, reason);
      insert.setString(6, at.toString());
      try (ResultSet r = insert.executeQuery()) {
        if (!r.next()) {
          return;
        }
        long id = r.getLong(1);
        adjustments.add(new PointsAdjusted(id, p.trainee().id(), p.exercise().id(), bonus, at,
            PointsAdjustment.FIRST_BLOOD, reason));
        entries.add(new AuditService.Entry("system", "score.first-blood",
            "trainee:" + p.trainee().username(), Map.of("adjustment", id, "points", bonus,
                "position", position, "challenge", slug, "exercise", p.exercise().id())));
      }
    }
  }

  /** Item {@code i}'s line of the batch's audit record: what its own record used to hold. */
  private Map<String, Object> submissionDetails(Pending p, int i) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("submission", ids[i]);
    details.put("trainee", p.trainee().username());
    details.put("challenge", p.entry().slug());
    details.put("exercise", p.exercise().id());
    details.put("status", status[i]);
    details.put("kind", String.valueOf(p.kind()));
    details.put("flagHash", p.flagHash());
    details.put("ip", String.valueOf(p.ip()));
    return details;
  }
}
