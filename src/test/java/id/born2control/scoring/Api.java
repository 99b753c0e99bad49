package id.born2control.scoring;

import static io.restassured.RestAssured.given;

import id.born2control.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Small helpers shared by the scoring API tests and the page tests. */
public final class Api {

  private Api() {}

  /** A request signed in as trainee {@code user} of {@code cohort} (see {@link TestUsers}). */
  public static RequestSpecification as(String user, String cohort) {
    RequestSpecification spec = given().header(TestUsers.USER, user);
    return cohort == null ? spec : spec.header(TestUsers.COHORT, cohort);
  }

  /** A request signed in with the given roles. */
  public static RequestSpecification withRoles(String user, String roles) {
    return given().header(TestUsers.USER, user).header(TestUsers.ROLES, roles);
  }

  public static ValidatableResponse submit(RequestSpecification as, String slug, String flag) {
    return as.contentType("application/json")
        .body("{\"flag\":" + json(flag) + "}")
        .post("/api/challenges/" + slug + "/submissions").then();
  }

  static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * A query counting challenge {@code slug}'s stored submissions whose audit record, sealed or
   * still pending, names them exactly once: a record of their own (the transactional path) or a
   * line of a group commit's batch record (SubmissionBatch).
   */
  public static String submissionsAuditedOnce(String slug) {
    if (!slug.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("not a test challenge slug: " + slug);
    }
    String lines = """
        select cast(details as jsonb) ->> 'submission' id from %1$s where action = 'submission'
        union all
        select e ->> 'submission' from %1$s a,
          jsonb_array_elements(cast(a.details as jsonb) -> 'submissions') e
        where a.action = 'submissions'""";
    return "select count(*) from submission s join (select id, count(*) n from ("
        + lines.formatted("audit_log") + " union all " + lines.formatted("audit_pending")
        + ") l group by id) audited on cast(audited.id as bigint) = s.id"
        + " where audited.n = 1 and s.challenge_slug = '" + slug + "'";
  }

  /** The single long value of a query. */
  static long count(AgroalDataSource db, String sql, Object... params) {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
