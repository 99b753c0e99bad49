package id.born2control.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import id.born2control.cluster.ClusterMembership;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The tamper-evident audit trail. {@link #record} writes an entry inside the caller's
 * transaction, so a change and its record commit or roll back together; it takes no lock, so
 * concurrent submissions commit in parallel. {@link #seal} (every 200 ms on the leader instance,
 * and before every read on any) chains the finished entries in order under one lock, so the
 * chain has one writer however many instances run. Records are keyed with the {@link AuditKey}
 * and the chain's end is checkpointed outside the database ({@link AuditVerifier} checks it).
 * See V21__audit.sql and V60.
 */
@ApplicationScoped
public class AuditService {

  private static final Logger LOG = Logger.getLogger(AuditService.class);

  private static final String APPEND = """
      insert into audit_pending (at, actor, action, subject, details) values (?1, ?2, ?3, ?4, ?5)
      """;

  /** Entries whose transactions, and every transaction older than them, have ended. */
  private static final String SEALABLE = """
      select id, at, actor, action, subject, details from audit_pending
      where xid < pg_snapshot_xmin(pg_current_snapshot()) order by id limit ?""";

  private static final int SEAL_BATCH = 5000;

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
      .findAndAddModules()
      .build();

  private final EntityManager em;
  private final AgroalDataSource dataSource;
  private final ClusterMembership membership;
  private final AuditKey key;
  private final AuditCheckpoints checkpoints;

  AuditService(EntityManager em, AgroalDataSource dataSource, ClusterMembership membership,
      AuditKey key, AuditCheckpoints checkpoints) {
    this.em = em;
    this.dataSource = dataSource;
    this.membership = membership;
    this.key = key;
    this.checkpoints = checkpoints;
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
        .setParameter(1, OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
        .setParameter(2, safeActor)
        .setParameter(3, action)
        .setParameter(4, safeSubject)
        .setParameter(5, json)
        .executeUpdate();
  }

  /** One entry for {@link #append}: as the arguments of {@link #record}. */
  public record Entry(String actor, String action, String subject, Map<String, ?> details) {}

  /**
   * As {@link #record}, for a writer on a plain JDBC connection inside its own transaction
   * (autocommit off): appends every entry, in order, in one statement. The sealer chains them
   * like any other pending entry once the transaction has ended.
   */
  public void append(Connection c, List<Entry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    int n = entries.size();
    String[] at = new String[n];
    String[] actors = new String[n];
    String[] actions = new String[n];
    String[] subjects = new String[n];
    String[] details = new String[n];
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(i);
      at[i] = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
      actors[i] = e.actor() == null ? "system" : e.actor();
      actions[i] = e.action();
      subjects[i] = e.subject() == null ? "" : e.subject();
      details[i] = canonical(e.details());
    }
    try (PreparedStatement insert = c.prepareStatement("insert into audit_pending (at, actor,"
        + " action, subject, details) select a, b, c, d, e from unnest(cast(? as timestamptz[]),"
        + " cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]))"
        + " with ordinality as u(a, b, c, d, e, n) order by n")) {
      insert.setArray(1, c.createArrayOf("text", at));
      insert.setArray(2, c.createArrayOf("text", actors));
      insert.setArray(3, c.createArrayOf("text", actions));
      insert.setArray(4, c.createArrayOf("text", subjects));
      insert.setArray(5, c.createArrayOf("text", details));
      insert.executeUpdate();
    }
  }

  /**
   * Seals pending entries in the background, so the chain trails the changes by moments. Only
   * the leader instance does; the others seal only before their own reads (the chain's lock
   * keeps those one at a time).
   */
  @Scheduled(every = "${b2c.audit.seal-every:0.2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sealRegularly() {
    if (!membership.isLeader()) {
      return;
    }
    try {
      seal();
    } catch (RuntimeException e) {
      // The database is away (restart, failover): the pending entries wait for the next run.
      LOG.warnf("Audit: sealing failed, retried in a moment: %s", e.getMessage());
    }
  }

  /**
   * Moves every finished pending entry into the chain, in id order, and returns how many it
   * sealed. One sealer at a time (in this process and, by advisory lock, across processes).
   */
  public synchronized long seal() {
    long total = 0;
    int sealed;
    do {
      sealed = QuarkusTransaction.requiringNew().call(this::sealBatch);
      total += sealed;
    } while (sealed == SEAL_BATCH);
    return total;
  }

  private int sealBatch() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("select pg_advisory_xact_lock(3, 0)");
      }
      // The advisory lock makes this the only sealer, so the last record is the chain's end.
      long seq = 0;
      String prev = AuditChain.GENESIS;
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
          "select seq, hash from audit_log order by seq desc limit 1")) {
        if (r.next()) {
          seq = r.getLong(1);
          prev = r.getString(2);
        }
      }
      javax.crypto.Mac mac = AuditChain.keyed(key.bytes());
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement(SEALABLE);
          PreparedStatement insert = c.prepareStatement("insert into audit_log (seq, at, actor,"
              + " action, subject, details, prev_hash, hash, alg, pending_id)"
              + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        select.setInt(1, SEAL_BATCH);
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
            OffsetDateTime at = r.getObject(2, OffsetDateTime.class);
            String content = AuditChain.content(at.toInstant(), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6));
            seq++;
            String hash = AuditChain.hmac(mac, prev, seq, content);
            insert.setLong(1, seq);
            insert.setObject(2, at);
            insert.setString(3, r.getString(3));
            insert.setString(4, r.getString(4));
            insert.setString(5, r.getString(5));
            insert.setString(6, r.getString(6));
            insert.setString(7, prev);
            insert.setString(8, hash);
            insert.setString(9, AuditChain.KEYED);
            insert.setLong(10, r.getLong(1));
            insert.addBatch();
            prev = hash;
          }
        }
        if (ids.isEmpty()) {
          return 0;
        }
        insert.executeBatch();
      }
      // The service role may not delete pending entries or move the head itself: this owner's
      // function does both, and only for entries now in the chain (V60).
      try (PreparedStatement sealed = c.prepareStatement("select audit_sealed(?)")) {
        sealed.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        sealed.execute();
      }
      return ids.size();
    }
  }

  /**
   * Writes a signed checkpoint of the chain's end outside the database (unless the latest one
   * already names it) and returns the latest checkpoint.
   */
  public AuditCheckpoint checkpoint() {
    seal();
    long seq = 0;
    String hash = AuditChain.GENESIS;
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select seq, hash from audit_log order by seq desc limit 1")) {
      if (r.next()) {
        seq = r.getLong(1);
        hash = r.getString(2);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log", e);
    }
    AuditCheckpoint latest = checkpoints.latest().orElse(null);
    if (latest != null && latest.seq() == seq && latest.hash().equals(hash)) {
      return latest;
    }
    return checkpoints.write(seq, hash);
  }

  /** The latest checkpoint written by this instance, if any. */
  public java.util.Optional<AuditCheckpoint> latestCheckpoint() {
    return checkpoints.latest();
  }

  @Scheduled(every = "${b2c.audit.checkpoint-every:60s}", delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void checkpointRegularly() {
    if (!membership.isLeader()) {
      return;
    }
    try {
      checkpoint();
    } catch (RuntimeException e) {
      LOG.warnf("Audit: checkpoint failed, retried later: %s", e.getMessage());
    }
  }

  /** A service that may rewrite its own audit trail protects nothing: say so loudly. */
  void warnIfSuperuser(@Observes StartupEvent start) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(
            "select rolsuper from pg_roles where rolname = current_user")) {
      if (r.next() && r.getBoolean(1)) {
        LOG.warn("Audit: the service connects to PostgreSQL as a superuser, which can switch"
            + " the audit trail's protections off; connect as a service role (B2C_DB_USER) and"
            + " run migrations as the owner (B2C_DB_OWNER_USER)");
      }
    } catch (SQLException e) {
      LOG.warnf("Audit: cannot check the database role: %s", e.getMessage());
    }
  }

  /** A page of the log: records after {@code afterSeq}, oldest first. */
  public List<AuditRecord> page(long afterSeq, int limit) {
    seal();
    List<AuditRecord> records = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select seq, at, actor, action, subject, details,"
            + " prev_hash, hash from audit_log where seq > ? order by seq limit ?")) {
      s.setLong(1, afterSeq);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          records.add(AuditRecord.read(r));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log", e);
    }
    return records;
  }

  static String canonical(Map<String, ?> details) {
    try {
      return CANONICAL.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details cannot be written as JSON", e);
    }
  }
}
