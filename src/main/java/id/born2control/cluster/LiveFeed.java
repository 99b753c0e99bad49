package id.born2control.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Carries live events (solves, point changes, exercise and lab changes) from the instance where
 * they happened to every other instance sharing the database.
 *
 * <p>{@link #publish} stores the event in the caller's transaction; the commit also sends a
 * NOTIFY, which is only a wake-up: every instance then reads the events it has not applied yet,
 * in id order, on one thread with its own connection. A lost notification, a reconnect or a
 * PostgreSQL restart therefore loses nothing, and the feed also reads every
 * {@code poll-interval} as a safety net. An instance applied its own events in memory when they
 * committed, so handlers get only the other instances' events, unless they {@link #subscribeAll}
 * (idempotent handlers that must also catch an own commit whose outcome this instance never
 * learned, the connection having broken during COMMIT). A publisher that learned its commit and
 * applied its events tells the feed ({@link #appliedHere}), which then skips them unread.
 *
 * <p>Publishing takes no lock (issue 17: one cluster-wide lock held until commit capped the whole
 * cluster at about 170 solves a second). Event ids come from a sequence in the order they are
 * handed out, and transactions commit in another order, so the reader can see event {@code n+1}
 * while {@code n} is still uncommitted. It reads past such a hole and keeps it open: every read
 * asks for the events after the highest id it applied and for the open holes by id. A hole closes
 * when its event arrives, or when every transaction that was running when the hole was first seen
 * has ended ({@code pg_snapshot_xmin} has passed the {@code pg_snapshot_xmax} noted then) and the
 * event still is not there: its transaction rolled back. That is sound because a publisher takes
 * its transaction id before its event id ({@code pg_current_xact_id()}, V24), so the transaction
 * holding a hole's id was already running (with a lower xid than the noted xmax) when the hole
 * was seen. Events therefore arrive in id order except that a late commit arrives late; the
 * handlers are idempotent or order-free (solve sets, point facts by id, reloads).
 */
@ApplicationScoped
public class LiveFeed {

  private static final Logger LOG = Logger.getLogger(LiveFeed.class);
  private static final String CHANNEL = "b2c_live";
  private static final int BATCH = 500;
  /** How far below the end a starting instance looks for holes of still-running publishers. */
  private static final int START_WINDOW = 10_000;

  private final EntityManager em;
  private final ObjectMapper json;
  private final DedicatedConnection connections;
  private final ClusterMembership membership;
  private final ClusterConfig config;
  private final String origin = UUID.randomUUID().toString();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  /** The highest event id applied; every lower one was applied or is an open hole. */
  private volatile long lastId;
  /** Ids below {@link #lastId} not seen yet, with the snapshot xmax when each was first missed. */
  private final NavigableMap<Long, Long> holes = new TreeMap<>();
  /** Own events committed and applied by their publisher: not applied a second time. */
  private final ConcurrentSkipListSet<Long> applied = new ConcurrentSkipListSet<>();
  private volatile boolean running = true;
  private volatile Connection current;
  private long lastPrune;
  private Thread thread;

  LiveFeed(EntityManager em, ObjectMapper json, DedicatedConnection connections,
      ClusterMembership membership, ClusterConfig config) {
    this.em = em;
    this.json = json;
    this.connections = connections;
    this.membership = membership;
    this.config = config;
  }

  /**
   * Takes the current end of the feed before any feature rebuilds its memory from the database,
   * so that nothing committed in between is missed (features ignore what they already hold).
   */
  void onStart(@Observes @Priority(10) StartupEvent event) throws SQLException {
    try (Connection c = connections.open("live feed start");
        Statement s = c.createStatement();
        // The sequence too: pruning may have emptied the table, and holes are counted from here.
        ResultSet r = s.executeQuery("select greatest((select max(id) from live_event),"
            + " (select case when is_called then last_value else 0 end"
            + " from live_event_id_seq))")) {
      r.next();
      lastId = r.getLong(1);
      // Ids below the end that are not there yet may belong to transactions still running.
      missing(c, Math.max(0, lastId - START_WINDOW), lastId);
    }
  }

  /** Starts reading once every feature has subscribed. */
  void onStarted(@Observes @Priority(9000) StartupEvent event) {
    thread = new Thread(this::run, "b2c-live-feed");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    Connection c = current;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debugf("Live feed: closing its connection failed: %s", e.getMessage());
      }
    }
  }

  /**
   * Calls {@code handler} with every event of {@code topic} published by another instance, in
   * commit order, on the feed's thread. Register at start-up (before the feed starts reading).
   */
  public <T> void subscribe(String topic, Class<T> type, Consumer<T> handler) {
    handlers.put(topic, new Handler(false, reader(topic, type, handler)));
  }

  /**
   * As {@link #subscribe}, with this instance's own events too: for handlers that ignore what
   * they already applied.
   */
  public <T> void subscribeAll(String topic, Class<T> type, Consumer<T> handler) {
    handlers.put(topic, new Handler(true, reader(topic, type, handler)));
  }

  private record Handler(boolean ownToo, Consumer<String> accept) {}

  private <T> Consumer<String> reader(String topic, Class<T> type, Consumer<T> handler) {
    return payload -> {
      try {
        handler.accept(json.readValue(payload, type));
      } catch (JsonProcessingException e) {
        LOG.errorf("Live feed: an event of %s cannot be read: %s", topic, e.getMessage());
      }
    };
  }

  /** Stores an event for the other instances; it is sent when the caller's transaction commits. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void publish(String topic, Object payload) {
    String body = write(topic, payload);
    // The transaction id first (see the class comment), then the event id.
    // (In the select list, so the planner cannot drop it the way it drops unused subquery columns.)
    em.createNativeQuery("select cast(pg_current_xact_id() as text) from (select pg_notify('"
        + CHANNEL + "', '')) l").getSingleResult();
    em.createNativeQuery("insert into live_event (topic, origin, payload) values (?1, ?2, ?3)")
        .setParameter(1, topic).setParameter(2, origin).setParameter(3, body).executeUpdate();
  }

  /**
   * As {@link #publish}, for a writer on a plain JDBC connection inside its own transaction
   * (autocommit off): stores {@code payloads} as events of {@code topic} in one statement and
   * returns their ids, for {@link #appliedHere} once the transaction has committed.
   */
  public long[] publish(Connection c, String topic, List<?> payloads) throws SQLException {
    if (payloads.isEmpty()) {
      return new long[0];
    }
    String[] bodies = payloads.stream().map(p -> write(topic, p)).toArray(String[]::new);
    // One round trip (issue 17: the writer's round trips are a fair share of its CPU). The
    // transaction id still comes before the event ids: no row reaches the insert, and so no id is
    // taken from the sequence, before the sort below has read every row, the CTE's included; the
    // CTE is materialized and used in the WHERE clause, so it is neither inlined nor dropped.
    try (PreparedStatement insert = c.prepareStatement("with l as materialized (select"
        + " pg_current_xact_id() as x, pg_notify('" + CHANNEL + "', '')) insert into live_event"
        + " (topic, origin, payload) select ?, ?, p from l, unnest(cast(? as text[]))"
        + " with ordinality as e(p, n) where l.x is not null order by n returning id")) {
      insert.setString(1, topic);
      insert.setString(2, origin);
      insert.setArray(3, c.createArrayOf("text", bodies));
      long[] ids = new long[bodies.length];
      int i = 0;
      try (ResultSet r = insert.executeQuery()) {
        while (r.next()) {
          ids[i++] = r.getLong(1);
        }
      }
      return ids;
    }
  }

  /**
   * Events {@link #publish(Connection, String, List) published} here whose transaction committed
   * and which this instance has applied: its {@link #subscribeAll} handlers do not get them again
   * (issue 17: reading back and re-applying every own solve was 5 % of the service's CPU). One
   * that the reader reached first was simply applied twice, as before.
   */
  public void appliedHere(long[] ids) {
    for (long id : ids) {
      applied.add(id);
    }
  }

  private String write(String topic, Object payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a live event of " + topic, e);
    }
  }

  private void run() {
    while (running) {
      try (Connection c = connections.open("live feed")) {
        current = c;
        try (Statement s = c.createStatement()) {
          s.execute("listen " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        int wait = (int) Math.max(10, config.pollInterval().toMillis());
        while (running) {
          // Reads first: events committed while the connection was down are caught up at once.
          drain(c);
          prune(c);
          pg.getNotifications(wait);
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warnf("Live feed: database connection lost (%s); reconnecting", e.getMessage());
          sleep(config.reconnectDelay().toMillis());
        }
      } finally {
        current = null;
      }
    }
  }

  /**
   * Applies every event past {@link #lastId} and every open hole that has arrived, then closes the
   * holes whose transactions have all ended (see the class comment).
   */
  private void drain(Connection c) throws SQLException {
    // Taken before reading: a transaction that ended before this point is visible to the read.
    long ended = snapshot(c, "pg_snapshot_xmin");
    int read;
    do {
      read = 0;
      Long[] open;
      List<Long> skipped = new ArrayList<>();
      synchronized (holes) {
        open = holes.keySet().toArray(Long[]::new);
      }
      try (PreparedStatement select = c.prepareStatement("select id, topic, origin, payload"
          + " from live_event where id > ? or id = any(?) order by id limit " + BATCH)) {
        select.setLong(1, lastId);
        select.setArray(2, c.createArrayOf("bigint", open));
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            read++;
            long id = r.getLong(1);
            boolean own = origin.equals(r.getString(3));
            if (!(own && applied.remove(id))) {
              deliver(r.getString(2), own, r.getString(4));
            }
            synchronized (holes) {
              holes.remove(id);
            }
            if (id > lastId) {
              // Ids skipped by this read (it returns them in order) are holes.
              // (No transaction holds thousands of ids: older ones of a jump are not waited for.)
              for (long hole = Math.max(lastId, id - START_WINDOW) + 1; hole < id; hole++) {
                skipped.add(hole);
              }
              lastId = id;
            }
          }
        }
      }
      note(c, skipped);
    } while (read == BATCH);
    synchronized (holes) {
      holes.values().removeIf(seenWith -> seenWith <= ended);
      // Ids below every open hole and at most lastId have been read: an applied one left over
      // was marked after the reader had passed it.
      long passed = holes.isEmpty() ? lastId : Math.min(lastId, holes.firstKey() - 1);
      applied.headSet(passed, true).clear();
    }
  }

  /** Notes the ids in {@code (after, upTo]} absent from the table as holes (at start-up). */
  private void missing(Connection c, long after, long upTo) throws SQLException {
    if (upTo <= after) {
      return;
    }
    List<Long> absent = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("select g from generate_series(?, ?) g"
        + " where not exists (select 1 from live_event e where e.id = g)")) {
      s.setLong(1, after + 1);
      s.setLong(2, upTo);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          absent.add(r.getLong(1));
        }
      }
    }
    note(c, absent);
  }

  /**
   * Opens holes for {@code ids}, with the xmax taken now, after the read that missed them: it is
   * above the xid of every transaction holding one of them.
   */
  private void note(Connection c, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    long xmax = snapshot(c, "pg_snapshot_xmax");
    synchronized (holes) {
      ids.forEach(id -> holes.putIfAbsent(id, xmax));
    }
  }

  private static long snapshot(Connection c, String function) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select " + function + "(pg_current_snapshot())::text")) {
      r.next();
      return Long.parseLong(r.getString(1));
    }
  }

  private void deliver(String topic, boolean own, String payload) {
    Handler handler = handlers.get(topic);
    if (handler == null || (own && !handler.ownToo())) {
      return;
    }
    try {
      handler.accept().accept(payload);
    } catch (RuntimeException e) {
      LOG.errorf(e, "Live feed: applying an event of %s failed", topic);
    }
  }

  /** The leader deletes events no instance needs any more (a restarted one starts at the end). */
  private void prune(Connection c) throws SQLException {
    long now = System.currentTimeMillis();
    if (!membership.isLeader() || now - lastPrune < 60_000) {
      return;
    }
    lastPrune = now;
    try (PreparedStatement delete = c.prepareStatement(
        "delete from live_event where created_at < now() - make_interval(secs => ?)")) {
      delete.setLong(1, config.eventRetention().toSeconds());
      delete.executeUpdate();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
