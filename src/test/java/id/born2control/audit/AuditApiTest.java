package id.born2control.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
      execute("insert into audit_log (seq, at, actor, action, subject, details, prev_hash, hash)"
          + " values (" + seq + ", '" + row.get(0) + "', '" + row.get(1) + "', '" + row.get(2)
          + "', '" + row.get(3) + "', '" + row.get(4).replace("'", "''") + "', '" + row.get(5)
          + "', '" + row.get(6) + "')");
    }
    official().get("/api/admin/audit/verify").then().statusCode(200)
        .body("valid", equalTo(true));
  }

  @Test
  void shouldRefuseUpdatesThroughOrdinaryStatements() throws SQLException {
    audit.record("audit-test", "test.append-only", "subject:x", Map.of());
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("update audit_log set actor = 'someone' where action = 'test.append-only'");
      throw new AssertionError("the update went through");
    } catch (SQLException e) {
      assertTrue(e.getMessage().contains("append-only"), e.getMessage());
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

  /** Runs a statement as the database owner with triggers off, as an intruder could. */
  private void execute(String sql) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      s.execute("set local session_replication_role = replica");
      assertEquals(1, s.executeUpdate(sql));
      c.commit();
      c.setAutoCommit(auto);
    }
  }
}
