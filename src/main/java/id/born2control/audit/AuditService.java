package id.born2control.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tamper-evident audit trail. {@link #record} appends inside the caller's transaction, so a
 * change and its record commit or roll back together. Appends are serialized by the one-row
 * {@code audit_head} lock and computed in one statement: the previous hash never leaves the
 * database, and the lock is held only from the append to the commit (callers append last).
 */
@ApplicationScoped
public class AuditService {

  private static final String APPEND = """
      with head as (select seq, hash from audit_head where id = 1 for update),
           next as (select head.seq + 1 as seq, head.hash as prev,
                           encode(sha256(convert_to(head.hash || E'\\n' || cast(head.seq + 1 as text)
                               || E'\\n' || ?1, 'UTF8')), 'hex') as hash from head),
           moved as (update audit_head set seq = next.seq, hash = next.hash from next
                     where audit_head.id = 1)
      insert into audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
      select next.seq, ?2, ?3, ?4, ?5, ?6, next.prev, next.hash from next
      """;

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
      .findAndAddModules()
      .build();

  private final EntityManager em;
  private final AgroalDataSource dataSource;

  AuditService(EntityManager em, AgroalDataSource dataSource) {
    this.em = em;
    this.dataSource = dataSource;
  }

  /**
   * Appends one record in the current transaction (or its own). {@code details} is stored as
   * canonical JSON (keys sorted).
   */
  @Transactional
  public void record(String actor, String action, String subject, Map<String, ?> details) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String json = canonical(details);
    String safeActor = actor == null ? "system" : actor;
    String safeSubject = subject == null ? "" : subject;
    em.createNativeQuery(APPEND)
        .setParameter(1, AuditChain.content(at, safeActor, action, safeSubject, json))
        .setParameter(2, OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
        .setParameter(3, safeActor)
        .setParameter(4, action)
        .setParameter(5, safeSubject)
        .setParameter(6, json)
        .executeUpdate();
  }

  /** A page of the log: records after {@code afterSeq}, oldest first. */
  public List<AuditRecord> page(long afterSeq, int limit) {
    List<AuditRecord> records = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select seq, at, actor, action, subject, details,"
            + " prev_hash, hash from audit_log where seq > ? order by seq limit ?")) {
      s.setLong(1, afterSeq);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          records.add(read(r));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log", e);
    }
    return records;
  }

  /**
   * Recomputes the whole chain from the first record: each record must link to the previous
   * hash, carry the hash of its own content and follow the previous seq; the head must point at
   * the last record. Names the first record that fails.
   */
  public AuditVerification verify() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      long checked = 0;
      String prev = AuditChain.GENESIS;
      long expectedSeq = 1;
      try (PreparedStatement s = c.prepareStatement("select seq, at, actor, action, subject,"
          + " details, prev_hash, hash from audit_log order by seq")) {
        s.setFetchSize(2000);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            AuditRecord record = read(r);
            if (record.seq() != expectedSeq) {
              return broken(c, checked, expectedSeq, "record " + expectedSeq
                  + " is missing (the next stored record is " + record.seq() + ")");
            }
            if (!record.prevHash().equals(prev)) {
              return broken(c, checked, record.seq(),
                  "its previous hash does not match the hash of record " + (record.seq() - 1));
            }
            String computed = AuditChain.hash(prev, record.seq(), AuditChain.content(record.at(),
                record.actor(), record.action(), record.subject(), record.details()));
            if (!computed.equals(record.hash())) {
              return broken(c, checked, record.seq(),
                  "its content does not match its hash (the record was changed)");
            }
            prev = record.hash();
            expectedSeq++;
            checked++;
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("select seq, hash from audit_head");
          ResultSet r = s.executeQuery()) {
        if (r.next() && (r.getLong(1) != checked || !r.getString(2).equals(prev))) {
          return broken(c, checked, checked + 1, "records after " + checked
              + " were removed (the chain head is at " + r.getLong(1) + ")");
        }
      }
      c.commit();
      return new AuditVerification(true, checked, null, null);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log", e);
    }
  }

  private static AuditVerification broken(Connection c, long checked, long seq, String reason)
      throws SQLException {
    c.rollback();
    return new AuditVerification(false, checked, seq, "record " + seq + ": " + reason);
  }

  private static AuditRecord read(ResultSet r) throws SQLException {
    return new AuditRecord(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(),
        r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
        r.getString(8));
  }

  static String canonical(Map<String, ?> details) {
    try {
      return CANONICAL.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details cannot be written as JSON", e);
    }
  }
}
