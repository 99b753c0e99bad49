package id.born2control.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Checks the audit trail for tampering: the whole chain recomputed from its first record,
 * against the chain head and the latest signed checkpoint kept outside the database.
 */
@ApplicationScoped
public class AuditVerifier {

  private final AuditService audit;
  private final AgroalDataSource dataSource;
  private final AuditKey key;
  private final AuditCheckpoints checkpoints;

  AuditVerifier(AuditService audit, AgroalDataSource dataSource, AuditKey key,
      AuditCheckpoints checkpoints) {
    this.audit = audit;
    this.dataSource = dataSource;
    this.key = key;
    this.checkpoints = checkpoints;
  }

  /**
   * Recomputes the whole chain from the first record: each record must link to the previous
   * hash, carry the (keyed, once keyed records began) hash of its own content and follow the
   * previous seq; the head must point at the last record; and the chain must still hold the
   * latest signed checkpoint's record with the checkpoint's hash, which catches a chain cut short
   * or recomputed by someone without the key. Names the first record that fails.
   */
  public AuditVerification verify() {
    audit.seal();
    AuditCheckpoint checkpoint = checkpoints.latest().orElse(null);
    if (checkpoint != null && !checkpoints.authentic(checkpoint)) {
      return new AuditVerification(false, 0, null, "the latest checkpoint's signature does not"
          + " match the audit key (the checkpoint file was changed)", 0, null);
    }
    Long checkpointSeq = checkpoint == null ? null : checkpoint.seq();
    byte[] secret = key.bytes();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      long checked = 0;
      String prev = AuditChain.GENESIS;
      long expectedSeq = 1;
      boolean keyed = false;
      try (PreparedStatement s = c.prepareStatement("select seq, at, actor, action, subject,"
          + " details, prev_hash, hash, alg from audit_log order by seq")) {
        s.setFetchSize(2000);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            AuditRecord record = AuditRecord.read(r);
            String alg = r.getString(9);
            if (record.seq() != expectedSeq) {
              return broken(c, checked, expectedSeq, "record " + expectedSeq
                  + " is missing (the next stored record is " + record.seq() + ")", checkpointSeq);
            }
            if (!record.prevHash().equals(prev)) {
              return broken(c, checked, record.seq(), "its previous hash does not match the hash"
                  + " of record " + (record.seq() - 1), checkpointSeq);
            }
            if (keyed && !AuditChain.KEYED.equals(alg)) {
              return broken(c, checked, record.seq(), "it is not keyed although an earlier"
                  + " record is (written without the audit key)", checkpointSeq);
            }
            keyed = AuditChain.KEYED.equals(alg);
            String computed = AuditChain.hash(alg, secret, prev, record.seq(), AuditChain.content(
                record.at(), record.actor(), record.action(), record.subject(), record.details()));
            if (!computed.equals(record.hash())) {
              return broken(c, checked, record.seq(),
                  "its content does not match its hash (the record was changed)", checkpointSeq);
            }
            if (checkpoint != null && record.seq() == checkpoint.seq()
                && !record.hash().equals(checkpoint.hash())) {
              return broken(c, checked, record.seq(), "its hash differs from the checkpoint of "
                  + checkpoint.at() + " (the chain was recomputed)", checkpointSeq);
            }
            prev = record.hash();
            expectedSeq++;
            checked++;
          }
        }
      }
      if (checkpoint != null && checked < checkpoint.seq()) {
        return broken(c, checked, checked + 1, "records after " + checked + " were removed (the"
            + " checkpoint of " + checkpoint.at() + " vouches for " + checkpoint.seq() + ")",
            checkpointSeq);
      }
      try (PreparedStatement s = c.prepareStatement("select seq, hash from audit_head");
          ResultSet r = s.executeQuery()) {
        if (r.next() && (r.getLong(1) != checked || !r.getString(2).equals(prev))) {
          return broken(c, checked, checked + 1, "records after " + checked
              + " were removed (the chain head is at " + r.getLong(1) + ")", checkpointSeq);
        }
      }
      long pending = 0;
      try (PreparedStatement s = c.prepareStatement("select count(*) from audit_pending");
          ResultSet r = s.executeQuery()) {
        r.next();
        pending = r.getLong(1);
      }
      c.commit();
      return new AuditVerification(true, checked, null, null, pending, checkpointSeq);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log", e);
    }
  }

  private static AuditVerification broken(Connection c, long checked, long seq, String reason,
      Long checkpointSeq) throws SQLException {
    c.rollback();
    return new AuditVerification(false, checked, seq, "record " + seq + ": " + reason, 0,
        checkpointSeq);
  }
}
