package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabViews.LabView;
import id.born2control.labs.LabViews.PortView;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may open a lab's tcp tunnel ({@link LabTunnelRoute}), and the credentials a trainee's own
 * machine uses for it, which has no browser session: the lab panel hands out a one-time ticket
 * (60 s, stored hashed, bound to the caller, the lab and the port, {@link LabWebTickets}); the
 * shipped client trades it once for a pass (signed, same binding, valid for a lab's maximum
 * lifetime) and presents the pass on each connection. Whatever the credential, every connection
 * checks again that the lab runs, is the holder's (or the holder is an instructor) and the holder
 * is not banned.
 */
@ApplicationScoped
class LabTunnels {

  /** Where the range serves the tunnel client; the file lives once, in the range's resources. */
  static final String CLIENT = "/tunnel/B2cTunnel.java";

  private final LabService labs;
  private final LabWebTickets tickets;
  private final IdentityService identities;
  private final LabsConfig config;
  private final Optional<URI> publicUrl;

  LabTunnels(LabService labs, LabWebTickets tickets, IdentityService identities,
      LabsConfig config, @ConfigProperty(name = "b2c.web.public-url") Optional<URI> publicUrl) {
    this.labs = labs;
    this.tickets = tickets;
    this.identities = identities;
    this.config = config;
    this.publicUrl = publicUrl;
  }

  /** The WebSocket path of a lab port's tunnel. */
  static String path(String instanceId, int port) {
    return "/api/labs/" + instanceId + "/ports/" + port + "/tunnel";
  }

  /** Whom a tunnel admits. */
  record Holder(long traineeId, boolean instructor) {}

  /**
   * A one-time ticket: {@code url} opens the tunnel once (websocat), and the shipped client
   * ({@code client}) trades it for a pass valid as long as the lab may live.
   */
  public record TunnelTicket(String url, Instant expiresAt, String client, String command) {}

  /** A tunnel pass for repeated connections, until {@code expiresAt}. */
  public record TunnelPass(String pass, Instant expiresAt) {}

  /**
   * A ticket for the caller into tcp port {@code port} of lab {@code instanceId}, which must be
   * the caller's (or the caller an instructor) and running. The links name the range's public
   * URL ({@code b2c.web.public-url}), else how the caller reached it ({@code scheme},
   * {@code authority}).
   */
  TunnelTicket ticket(String instanceId, long traineeId, boolean instructor, int port,
      String scheme, String authority) {
    LabView lab = labs.get(instanceId, traineeId, instructor);
    if (!LabState.RUNNING.name().equals(lab.state())) {
      throw LabException.notRunning(instanceId, LabState.valueOf(lab.state()));
    }
    lab.ports().stream().filter(p -> p.port() == port && p.tunnel() != null)
        .map(PortView::tunnel).findFirst()
        .orElseThrow(() -> LabTunnelException.noTcpPort(instanceId, port));
    String ticket = tickets.issue(new LabWebTickets.Grant(instanceId, port, traineeId, instructor,
        path(instanceId, port)), LabWebTickets.TUNNEL);
    String range = publicUrl.map(u -> u.getScheme() + "://" + u.getRawAuthority())
        .orElse(scheme + "://" + authority);
    String url = range.replaceFirst("^http", "ws") + path(instanceId, port) + "?ticket=" + ticket;
    String client = range + CLIENT;
    return new TunnelTicket(url, Instant.now().plus(config.webTicketTtl()), client,
        "java B2cTunnel.java '" + url + "'");
  }

  /** Trades a tunnel ticket, once, for a pass to the same lab and port. */
  TunnelPass pass(String instanceId, int port, String ticket) {
    LabWebTickets.Grant grant = tickets.redeem(ticket, LabWebTickets.TUNNEL)
        .filter(g -> g.instanceId().equals(instanceId) && g.port() == port)
        .orElseThrow(LabTunnelException::badTicket);
    refuseBanned(grant.traineeId());
    Instant expires = Instant.now().plusSeconds(config.maxLifetimeSeconds());
    LabWebPass pass = new LabWebPass(instanceId, port, grant.traineeId(), grant.instructor(),
        expires.getEpochSecond());
    return new TunnelPass(pass.encode(tickets.key(), LabWebPass.TUNNEL), expires);
  }

  /**
   * The holder of a one-time ticket (used up here) or of a pass, for this lab and port; refused
   * when neither is valid for them or the holder is banned.
   */
  Holder holder(String instanceId, int port, String ticket, String pass) {
    Holder holder;
    if (ticket != null) {
      holder = tickets.redeem(ticket, LabWebTickets.TUNNEL)
          .filter(g -> g.instanceId().equals(instanceId) && g.port() == port)
          .map(g -> new Holder(g.traineeId(), g.instructor()))
          .orElseThrow(LabTunnelException::badTicket);
    } else {
      holder = LabWebPass.decode(tickets.key(), pass, Instant.now(), LabWebPass.TUNNEL)
          .filter(p -> p.instanceId().equals(instanceId) && p.port() == port)
          .map(p -> new Holder(p.traineeId(), p.instructor()))
          .orElseThrow(LabTunnelException::badTicket);
    }
    refuseBanned(holder.traineeId());
    return holder;
  }

  /** Where the tunnel connects, after checking that the lab runs and is the holder's. */
  InetSocketAddress endpoint(String instanceId, int port, Holder holder) {
    return labs.tunnelEndpoint(instanceId, holder.traineeId(), holder.instructor(), port)
        .orElseThrow(() -> LabTunnelException.noTcpPort(instanceId, port));
  }

  private void refuseBanned(long traineeId) {
    if (identities.byId(traineeId).map(TraineeRef::banned).orElse(true)) {
      throw LabTunnelException.banned();
    }
  }
}
