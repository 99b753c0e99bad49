package id.born2control.labs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One-time tickets into a lab (links into its web origin, tunnels to its tcp ports, terminals),
 * and the key lab hosts, lab cookies and tunnel passes are signed with. A ticket is stored (as its
 * hash) with whom it admits and what for ({@link #WEB}, {@link #TUNNEL}, {@link #TERMINAL}), and
 * opens exactly once within {@code b2c.labs.web-ticket-ttl} (a terminal's within
 * {@code b2c.labs.terminal-ticket-ttl}), for that purpose only, whichever instance receives it:
 * redeeming is one conditional update in the shared database.
 */
@ApplicationScoped
class LabWebTickets {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** A ticket's purpose: a link into the lab's web origin. */
  static final String WEB = "web";
  /** A ticket's purpose: a tunnel to one tcp port of the lab. */
  static final String TUNNEL = "tunnel";
  /** A ticket's purpose: opening or renewing one terminal of the lab ({@link LabTerminals}). */
  static final String TERMINAL = "terminal";

  private final EntityManager db;
  private final LabsConfig config;
  private volatile byte[] key;

  LabWebTickets(EntityManager db, LabsConfig config) {
    this.db = db;
    this.config = config;
  }

  /** Whom a redeemed ticket admits, and where on the lab's site it leads. */
  record Grant(String instanceId, int port, long traineeId, boolean instructor, String path) {

    /** A grant of one terminal (or one renewal of it) in a lab: no port, no path. */
    static Grant terminal(String instanceId, long traineeId, boolean instructor) {
      return new Grant(instanceId, 0, traineeId, instructor, "");
    }
  }

  /** A lab web link's ticket ({@link #issue(Grant, String)} for the web). */
  String issue(Grant grant) {
    return issue(grant, WEB);
  }

  /** A lab web link's grant ({@link #redeem(String, String)} for the web). */
  Optional<Grant> redeem(String ticket) {
    return redeem(ticket, WEB);
  }

  /**
   * Stores a fresh ticket for this grant and purpose and returns it (the only copy of the ticket
   * itself).
   */
  @Transactional
  String issue(Grant grant, String purpose) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    // Old tickets go as new ones come, so the table holds about one TTL's worth of links.
    db.createNativeQuery("delete from lab_web_ticket where expires_at < now() - interval '1 hour'")
        .executeUpdate();
    db.createNativeQuery("insert into lab_web_ticket (ticket_hash, instance_id, port, trainee_id,"
            + " instructor, path, purpose, expires_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?8,"
            + " now() + make_interval(secs => ?7))")
        .setParameter(1, hash(ticket)).setParameter(2, grant.instanceId())
        .setParameter(3, grant.port()).setParameter(4, grant.traineeId())
        .setParameter(5, grant.instructor()).setParameter(6, grant.path())
        .setParameter(7, (double) (TERMINAL.equals(purpose) ? config.terminalTicketTtl()
            : config.webTicketTtl()).toMillis() / 1000)
        .setParameter(8, purpose).executeUpdate();
    return ticket;
  }

  /** The grant of a ticket for this purpose not used before and not expired; marks it used. */
  @Transactional
  Optional<Grant> redeem(String ticket, String purpose) {
    if (ticket == null || ticket.isEmpty() || ticket.length() > 100) {
      return Optional.empty();
    }
    String hash = hash(ticket);
    int claimed = db.createNativeQuery("update lab_web_ticket set used_at = now()"
            + " where ticket_hash = ?1 and used_at is null and expires_at > now() and purpose = ?2")
        .setParameter(1, hash).setParameter(2, purpose).executeUpdate();
    if (claimed != 1) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows = db.createNativeQuery("select instance_id, port, trainee_id, instructor,"
            + " path from lab_web_ticket where ticket_hash = ?1")
        .setParameter(1, hash).getResultList();
    Object[] row = rows.get(0);
    return Optional.of(new Grant((String) row[0], ((Number) row[1]).intValue(),
        ((Number) row[2]).longValue(), (Boolean) row[3], (String) row[4]));
  }

  /** The installation's lab web key, created by the first instance that needs it. */
  byte[] key() {
    byte[] current = key;
    if (current == null) {
      synchronized (this) {
        if (key == null) {
          key = loadKey();
        }
        current = key;
      }
    }
    return current;
  }

  private byte[] loadKey() {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    return QuarkusTransaction.requiringNew().call(() -> {
      db.createNativeQuery("insert into lab_web_key (id, secret) values (1, ?1)"
          + " on conflict do nothing").setParameter(1, fresh).executeUpdate();
      return (byte[]) db.createNativeQuery("select secret from lab_web_key where id = 1")
          .getSingleResult();
    });
  }

  private static String hash(String ticket) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(ticket.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
