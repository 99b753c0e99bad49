package id.born2control.audit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.RangeTestResources;
import id.born2control.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit trail: appended with every change, paged, and tampering is caught. */
@QuarkusTest
class AuditApiTest {

  @Inject
  AuditService audit;

  @Inject
  AgroalDataSource db;

  private static io.restassured.specification.RequestSpecification official() {
    return io.restassured.RestAssured.given().header(TestUsers.USER, "audit-official")
        .header(TestUsers.ROLES, "official");
  }

  @Test
  void shouldVerifyAnIntactChain() {
    audit.record("audit-test", "test.intact", "subject:1", Map.of("n", 1));
    official().get("/api/admin/audit/verify").then().statusCode(200)
        .body("valid", equalTo(true)).body("pending", equalTo(0));
  }

  @Test
  void shouldNameTheFirstTamperedRecord() throws SQLException {
    audit.record("audit-test", "test.tamper", "subject:victim", Map.of("points", 10));
    long seq = lastSeq("test.tamper");
    String original = details(seq);
    try {
      // An attacker with database access changes the points of one record directly.
      execute("update audit_log set details = '{\"points\":1000}' where seq = " + seq);
      official().get("/api/admin/audit/verify").then().statusCode(200)
          .body("valid", equalTo(false))
          .body("firstBrokenSeq", equalTo((int) seq));
    } finally {
      // Put it back so that the chain is intact for the tests that run after this one.
      execute("update audit_log set details = '" + original.replace("'", "''")
          + "' where seq = " + seq);
    }
    official().get("/api/admin/audit/verify").then().statusCode(200)
        .body("valid", equalTo(true));
  }

  @Test
  void shouldCatchADeletedRecord() throws SQLException {
    audit.record("audit-test", "test.delete", "subject:gone", Map.of("n", 1));
    audit.record("audit-test", "test.after-delete", "subject:next", Map.of("n", 2));
    long seq = lastSeq("test.delete");
    List<String> row = row(seq);
    try {
      execute("delete from audit_log where seq = " + seq);
      official().get("/api/admin/audit/verify").then().statusCode(200)
          .body("valid", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq));
    } finally {
      execute("insert into audit_log (seq, at, actor, action, subject, details, prev_hash, hash,"
          + " alg) values (" + seq + ", '" + row.get(0) + "', '" + row.get(1) + "', '"
          + row.get(2) + "', '" + row.get(3) + "', '" + row.get(4).replace("'", "''") + "', '"
          + row.get(5) + "', '" + row.get(6) + "', '" + AuditChain.KEYED + "')");
    }
    official().get("/api/admin/audit/verify").then().statusCode(200)
        .body("valid", equalTo(true));
  }

  @Test
  void shouldRefuseEveryChangeFromTheServiceRole() throws SQLException {
    audit.record("audit-test", "test.append-only", "subject:x", Map.of());
    audit.seal();
    // What someone holding the range's own database credentials could try.
    List<String> attempts = List.of(
        "update audit_log set actor = 'someone' where action = 'test.append-only'",
        "delete from audit_log where action = 'test.append-only'",
        "truncate audit_log",
        "update audit_head set seq = 0",
        "delete from audit_pending",
        "truncate audit_pending",
        "alter table audit_log disable trigger audit_log_no_update",
        "alter table audit_log disable trigger all",
        "set session_replication_role = replica",
        "drop trigger audit_log_no_update on audit_log");
    for (String sql : attempts) {
      try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
        s.execute(sql);
        throw new AssertionError("the service role could run: " + sql);
      } catch (SQLException e) {
        assertTrue(e.getMessage().contains("permission denied")
            || e.getMessage().contains("must be owner"), sql + ": " + e.getMessage());
      }
    }
    official().get("/api/admin/audit/verify").then().statusCode(200).body("valid", equalTo(true));
  }

  @Test
  void shouldRefuseTruncateAndUpdateEvenForTheOwnerWhileTheTriggersAreOn() throws SQLException {
    for (String sql : List.of("truncate audit_log", "truncate audit_pending",
        "truncate audit_head", "update audit_log set actor = 'someone'")) {
      try (Connection c = RangeTestResources.ownerConnection(); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        try {
          s.execute(sql);
          throw new AssertionError("the owner could run: " + sql);
        } catch (SQLException e) {
          assertTrue(e.getMessage().contains("append-only"), sql + ": " + e.getMessage());
        } finally {
          c.rollback();
        }
      }
    }
  }

  @Test
  void shouldSealWithTheKeyAndServeASignedCheckpoint() {
    audit.record("audit-test", "test.checkpoint", "subject:c", Map.of());
    long seq = lastSeq("test.checkpoint");
    official().contentType("application/json").post("/api/admin/audit/checkpoint").then().statusCode(200)
        .body("seq", greaterThanOrEqualTo((int) seq)).body("signature", matchesPattern("[0-9a-f]{64}"));
    official().get("/api/admin/audit/checkpoint").then().statusCode(200)
        .body("seq", greaterThanOrEqualTo((int) seq));
    official().get("/api/admin/audit/verify").then().statusCode(200).body("valid", equalTo(true))
        .body("checkpointSeq", greaterThanOrEqualTo((int) seq));
    io.restassured.RestAssured.given().header(TestUsers.USER, "audit-instructor")
        .header(TestUsers.ROLES, "instructor").contentType("application/json")
        .post("/api/admin/audit/checkpoint")
        .then().statusCode(403);
  }

  @Test
  void shouldCatchAChainRecomputedWithoutTheKey() throws SQLException {
    audit.record("audit-test", "test.rewrite", "subject:victim", Map.of("points", 10));
    official().contentType("application/json").post("/api/admin/audit/checkpoint").then().statusCode(200);
    List<List<String>> original = allRows();
    try {
      // An intruder with full database access but not the key changes one record and recomputes
      // the whole chain the only way they can: unkeyed, from the first record, head included.
      String prev = AuditChain.GENESIS;
      long target = lastSeq("test.rewrite");
      try (Connection c = RangeTestResources.ownerConnection()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("set local session_replication_role = replica");
        }
        for (List<String> row : original) {
          long seq = Long.parseLong(row.get(0));
          String details = seq == target ? "{\"points\":1000}" : row.get(5);
          String hash = AuditChain.hash(prev, seq, AuditChain.content(
              java.time.OffsetDateTime.parse(row.get(8)).toInstant(), row.get(2), row.get(3),
              row.get(4), details));
          try (PreparedStatement u = c.prepareStatement("update audit_log set details = ?,"
              + " prev_hash = ?, hash = ?, alg = 'sha256' where seq = ?")) {
            u.setString(1, details);
            u.setString(2, prev);
            u.setString(3, hash);
            u.setLong(4, seq);
            u.executeUpdate();
          }
          prev = hash;
        }
        try (PreparedStatement u = c.prepareStatement("update audit_head set hash = ?")) {
          u.setString(1, prev);
          u.executeUpdate();
        }
        c.commit();
      }
      official().get("/api/admin/audit/verify").then().statusCode(200)
          .body("valid", equalTo(false)).body("reason", containsString("checkpoint"));
    } finally {
      restore(original);
    }
    official().get("/api/admin/audit/verify").then().statusCode(200).body("valid", equalTo(true));
  }

  @Test
  void shouldCatchATruncatedTail() throws SQLException {
    audit.record("audit-test", "test.tail", "subject:1", Map.of());
    audit.record("audit-test", "test.tail", "subject:2", Map.of());
    long last = lastSeq("test.tail");
    official().contentType("application/json").post("/api/admin/audit/checkpoint").then().statusCode(200)
        .body("seq", greaterThanOrEqualTo((int) last));
    List<List<String>> original = allRows();
    long keep = last - 2;
    try {
      // The intruder cuts the last records and moves the head back, so the chain left is whole.
      try (Connection c = RangeTestResources.ownerConnection(); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        s.execute("set local session_replication_role = replica");
        s.executeUpdate("delete from audit_log where seq > " + keep);
        s.executeUpdate("update audit_head set seq = l.seq, hash = l.hash from audit_log l"
            + " where l.seq = " + keep);
        c.commit();
      }
      official().get("/api/admin/audit/verify").then().statusCode(200)
          .body("valid", equalTo(false)).body("firstBrokenSeq", equalTo((int) keep + 1))
          .body("reason", containsString("removed"));
    } finally {
      restore(original);
    }
    official().get("/api/admin/audit/verify").then().statusCode(200).body("valid", equalTo(true));
  }

  @Test
  void shouldRecordEveryChangeAStaffMemberMakes() {
    io.restassured.RestAssured.given().header(TestUsers.USER, "audit-staff-official")
        .header(TestUsers.ROLES, "official").contentType("application/json")
        .post("/api/admin/audit/checkpoint")
        .then().statusCode(200);
    assertTrue(lastSeq("staff.request") > 0);
    audit.seal();
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "select count(*) from audit_log where action = 'staff.request'"
            + " and actor = 'audit-staff-official' and subject = 'POST /api/admin/audit/checkpoint'")) {
      try (ResultSet r = s.executeQuery()) {
        r.next();
        assertEquals(1, r.getLong(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldPageTheLog() {
    audit.record("audit-test", "test.page", "subject:p1", Map.of());
    audit.record("audit-test", "test.page", "subject:p2", Map.of());
    long seq = lastSeq("test.page");
    official().get("/api/admin/audit?after=" + (seq - 2) + "&limit=2").then().statusCode(200)
        .body("size()", equalTo(2)).body("subject", hasItem("subject:p2"))
        .body("[1].seq", equalTo((int) seq));
    official().get("/api/admin/audit?limit=0").then().statusCode(400);
  }

  @Test
  @TestSecurity(user = "audit-trainee", roles = "trainee")
  void shouldKeepTheLogFromTrainees() {
    io.restassured.RestAssured.given().get("/api/admin/audit/verify").then().statusCode(403);
  }

  private long lastSeq(String action) {
    audit.seal();
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "select max(seq) from audit_log where action = ?")) {
      s.setString(1, action);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private String details(long seq) throws SQLException {
    return row(seq).get(4);
  }

  private List<String> row(long seq) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "select at::text, actor, action, subject, details, prev_hash, hash from audit_log"
            + " where seq = ?")) {
      s.setLong(1, seq);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next());
        return List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), r.getString(6), r.getString(7));
      }
    }
  }

  /** Every stored record, in seq order, as text (seq first, at in ISO form last). */
  private List<List<String>> allRows() throws SQLException {
    audit.seal();
    List<List<String>> rows = new java.util.ArrayList<>();
    try (Connection c = RangeTestResources.ownerConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select seq, at::text, actor, action, subject, details,"
            + " prev_hash, hash, at, alg, pending_id from audit_log order by seq")) {
      while (r.next()) {
        rows.add(java.util.Arrays.asList(r.getString(1), r.getString(2), r.getString(3),
            r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
            r.getObject(9, java.time.OffsetDateTime.class).toString(), r.getString(10),
            r.getString(11)));
      }
    }
    return rows;
  }

  /** Puts the chain and its head back as {@link #allRows} saw them. */
  private void restore(List<List<String>> rows) throws SQLException {
    try (Connection c = RangeTestResources.ownerConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("set local session_replication_role = replica");
        s.executeUpdate("delete from audit_log where seq <= " + rows.get(rows.size() - 1).get(0));
      }
      try (PreparedStatement i = c.prepareStatement("insert into audit_log (seq, at, actor,"
          + " action, subject, details, prev_hash, hash, alg, pending_id)"
          + " values (?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (List<String> row : rows) {
          i.setLong(1, Long.parseLong(row.get(0)));
          i.setString(2, row.get(1));
          for (int k = 2; k <= 7; k++) {
            i.setString(k + 1, row.get(k));
          }
          i.setString(9, row.get(9));
          i.setObject(10, row.get(10) == null ? null : Long.parseLong(row.get(10)),
              java.sql.Types.BIGINT);
          i.addBatch();
        }
        i.executeBatch();
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("update audit_head set seq = l.seq, hash = l.hash from (select seq, hash"
            + " from audit_log order by seq desc limit 1) l");
      }
      c.commit();
    }
  }

  /** Runs a statement as the database owner with triggers off, as an intruder could. */
  private void execute(String sql) throws SQLException {
    try (Connection c = RangeTestResources.ownerConnection(); Statement s = c.createStatement()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      s.execute("set local session_replication_role = replica");
      assertEquals(1, s.executeUpdate(sql));
      c.commit();
      c.setAutoCommit(auto);
    }
  }
}
