package id.born2control.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** One record of the audit trail as the API shows it. */
public record AuditRecord(
    long seq, Instant at, String actor, String action, String subject, String details,
    String prevHash, String hash) {

  /** The record at a result's current row: seq, at, actor, action, subject, details, hashes. */
  static AuditRecord read(ResultSet r) throws SQLException {
    return new AuditRecord(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(),
        r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
        r.getString(8));
  }
}
