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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Carries live events (solves, point changes, exercise and lab changes) from the instance where
 * they happened to every other instance sharing the database.
 *
 * <p>{@link #publish} stores the event in the caller's transaction under a transaction-scoped
 * advisory lock, so event ids are handed out in commit order: once an instance has read event
 * {@code n}, no event below {@code n} can still appear. The commit also sends a NOTIFY, which is
 * only a wake-up: every instance then reads the events past the last one it applied, in id order,
 * on one thread with its own connection. A lost notification, a reconnect or a PostgreSQL restart
 * therefore loses nothing, and the feed also reads every {@code poll-interval} as a safety net.
 * An instance applied its own events in memory when they committed, so handlers get only the
 * other instances' events, unless they {@link #subscribeAll} (idempotent handlers that must also
 * catch an own commit whose outcome this instance never learned, the connection having broken
 * during COMMIT).
 */
@ApplicationScoped
public class LiveFeed {

  private static final Logger LOG = Logger.getLogger(LiveFeed.class);
  private static final String CHANNEL = "b2c_live";
  private static final int BATCH = 500;

  private final EntityManager em;
  private final ObjectMapper json;
  private final DedicatedConnection connections;
  private final ClusterMembership membership;
  private final ClusterConfig config;
  private final String origin = UUID.randomUUID().toString();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private volatile long lastId;
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
        ResultSet r = s.executeQuery("select coalesce(max(id), 0) from live_event")) {
      r.next();
      lastId = r.getLong(1);
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
    String body;
    try {
      body = json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a live event of " + topic, e);
    }
    // Held until commit: the next publisher gets a higher id only after this one is visible.
    em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(4, 0),"
        + " pg_notify('" + CHANNEL + "', '')) l").getSingleResult();
    em.createNativeQuery("insert into live_event (topic, origin, payload) values (?1, ?2, ?3)")
        .setParameter(1, topic).setParameter(2, origin).setParameter(3, body).executeUpdate();
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

  private void drain(Connection c) throws SQLException {
    int read;
    do {
      read = 0;
      try (PreparedStatement select = c.prepareStatement("select id, topic, origin, payload"
          + " from live_event where id > ? order by id limit " + BATCH)) {
        select.setLong(1, lastId);
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            read++;
            long id = r.getLong(1);
            deliver(r.getString(2), origin.equals(r.getString(3)), r.getString(4));
            lastId = id;
          }
        }
      }
    } while (read == BATCH);
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
