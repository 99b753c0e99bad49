package id.born2control.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * This instance's place among the instances sharing the database, held on one dedicated session:
 * a presence lock (session advisory lock on the instance's random key, so others can tell it is
 * alive) and leadership (whoever holds the session advisory lock {@code (5, 0)} runs the
 * single-writer jobs). PostgreSQL frees both when the session ends, so when a leader process
 * dies, another instance takes over at its next check (every {@code leader-check}). A leader
 * that loses its session stops leading at once, before it reconnects.
 */
@ApplicationScoped
public class ClusterMembership {

  private static final Logger LOG = Logger.getLogger(ClusterMembership.class);
  private static final int PRESENCE = 7;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DedicatedConnection connections;
  private final ClusterConfig config;
  private final Event<LeaderElected> elected;
  private final int key = RANDOM.nextInt(Integer.MAX_VALUE);
  private volatile boolean leader;
  private volatile int members = 1;
  private volatile boolean running = true;
  private Connection session;
  private Thread thread;

  ClusterMembership(DedicatedConnection connections, ClusterConfig config,
      Event<LeaderElected> elected) {
    this.connections = connections;
    this.config = config;
    this.elected = elected;
  }

  /**
   * Joins after every feature has started, and tries for leadership once right away, so a lone
   * instance reconciles during start-up as it always did.
   */
  void onStart(@Observes @Priority(8000) StartupEvent event) {
    LOG.infof("Cluster: instance %d joined", key);
    check();
    thread = new Thread(this::run, "b2c-leadership");
    thread.setDaemon(true);
    thread.start();
  }

  synchronized void onStop(@Observes ShutdownEvent event) {
    running = false;
    leader = false;
    close();
  }

  /** This instance's key; it is alive as long as it holds its presence lock. */
  public int instanceKey() {
    return key;
  }

  /**
   * How many instances are alive (hold their presence lock), as of the last check (every
   * {@code leader-check}); at least 1. Features that split a cluster-wide budget use it.
   */
  public int members() {
    return members;
  }

  /** Whether this instance runs the single-writer jobs now. */
  public boolean isLeader() {
    return leader;
  }

  /** Whether the instance with this key is alive (holds its presence lock). */
  public boolean isAlive(int instanceKey) {
    if (instanceKey == key) {
      return true;
    }
    try (Connection c = connections.open("presence check");
        PreparedStatement s = c.prepareStatement("select count(*) from pg_locks where"
            + " locktype = 'advisory' and classid = ? and objid = ? and objsubid = 2"
            + " and granted")) {
      s.setInt(1, PRESENCE);
      s.setInt(2, instanceKey);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    } catch (SQLException e) {
      // Unknown: treat as alive, so its work is not taken away on a guess.
      return true;
    }
  }

  private void run() {
    while (running) {
      LiveFeed.sleep(config.leaderCheck().toMillis());
      check();
    }
  }

  /** One round: (re)join, then try to lead, or make sure the session that leads is still there. */
  private void check() {
    boolean becameLeader = false;
    synchronized (this) {
      if (!running) {
        return;
      }
      try {
        if (session == null) {
          session = connections.open("membership " + key);
          try (Statement s = session.createStatement()) {
            s.execute("select pg_advisory_lock(" + PRESENCE + ", " + key + ")");
          }
        }
        try (Statement s = session.createStatement();
            ResultSet r = s.executeQuery(leader ? "select true"
                : "select pg_try_advisory_lock(5, 0)")) {
          r.next();
          if (!leader && r.getBoolean(1)) {
            leader = true;
            becameLeader = true;
          }
        }
        try (Statement s = session.createStatement();
            ResultSet r = s.executeQuery("select count(*) from pg_locks where locktype ="
                + " 'advisory' and classid = " + PRESENCE + " and objsubid = 2 and granted")) {
          r.next();
          members = (int) Math.max(1, r.getLong(1));
        }
      } catch (SQLException e) {
        if (leader) {
          LOG.warnf("Cluster: lost the database session (%s); no longer the leader",
              e.getMessage());
        }
        leader = false;
        close();
        return;
      }
    }
    if (becameLeader) {
      LOG.infof("Cluster: instance %d is now the leader (lab reaper and reconcile, audit"
          + " sealing)", key);
      elected.fire(new LeaderElected(key));
    }
  }

  private void close() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        LOG.debugf("Cluster: closing the membership session failed: %s", e.getMessage());
      }
      session = null;
    }
  }
}
