package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import id.born2control.cluster.LiveFeed;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.labs.LabViews.LabView;
import id.born2control.labs.LabViews.PortView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A lab's stored state and its transitions as every part of the lab service makes them: each one
 * is stored (in a transaction of its own), then pushed to the owner's streams here and, through
 * the live feed, on every other instance. Also what the parts share to read a lab: its view, its
 * challenge spec, and who may use it ({@link #owned}: its owner and, for a team lab, every member
 * of its team now; every path into a lab asks here).
 */
@ApplicationScoped
class LabStates {

  /** Live-feed topic of lab state changes, for the owner's streams on every instance. */
  private static final String LAB_TOPIC = "lab";

  private final LabBackend backend;
  private final LabEndpoints endpoints;
  private final LabEvents events;
  private final CatalogService catalog;
  private final LiveFeed feed;
  private final LabsConfig config;
  private final TeamService teams;

  LabStates(LabBackend backend, LabEndpoints endpoints, LabEvents events, CatalogService catalog,
      LiveFeed feed, LabsConfig config, TeamService teams) {
    this.teams = teams;
    this.backend = backend;
    this.endpoints = endpoints;
    this.events = events;
    this.catalog = catalog;
    this.feed = feed;
    this.config = config;
  }

  /**
   * Lab changes made by other instances reach the owner's streams here too; a lab that stopped
   * running elsewhere loses any relay this instance opened for it.
   */
  void onStart(@Observes StartupEvent event) {
    feed.subscribe(LAB_TOPIC, LabView.class, view -> {
      if (!LabState.RUNNING.name().equals(view.state())) {
        endpoints.forget(view.id());
      }
      events.publish(view);
    });
  }

  /** A lab just admitted: pushed to the other instances now, to the owner once admitted. */
  LabView announce(LabInstance instance) {
    LabView view = view(instance);
    feed.publish(LAB_TOPIC, view);
    return view;
  }

  /** Pushes the lab's stored state to its owner's streams on every instance. */
  void publish(String instanceId) {
    tx(() -> LabInstance.findByInstanceId(instanceId).map(i -> {
      LabView view = view(i);
      feed.publish(LAB_TOPIC, view);
      return view;
    })).ifPresent(events::publish);
  }

  /** Marks an active lab FAILED with the reason, and pushes it. */
  void fail(String instanceId, String why) {
    tx(() -> LabInstance.lockByInstanceId(instanceId).ifPresent(i -> {
      if (i.state.active()) {
        i.moveTo(LabState.FAILED, why == null ? "unknown failure" : truncate(why, 1000));
      }
    }));
    publish(instanceId);
  }

  /** Removes the lab from the engine (and forgets its endpoints), then marks it STOPPED and pushes it. */
  void finishStop(String instanceId) {
    endpoints.forget(instanceId);
    backend.remove(instanceId);
    tx(() -> LabInstance.lockByInstanceId(instanceId).ifPresent(i -> {
      if (i.state.active()) {
        i.moveTo(LabState.STOPPED, i.reason);
      }
    }));
    publish(instanceId);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /**
   * What the owner sees of a lab: state, times, and for each port how to reach it while it runs
   * (the one-time link into the lab's web origin for http, the tunnel for every tcp port).
   */
  LabView view(LabInstance i) {
    List<PortView> portViews = new ArrayList<>();
    CatalogEntry entry = catalog.find(i.challengeSlug).orElse(null);
    boolean running = i.state == LabState.RUNNING;
    if (entry != null && entry.spec().hasLab()) {
      for (PortSpec p : entry.spec().lab().ports()) {
        String url = "http".equals(p.protocol()) && running
            ? "/labs/" + i.instanceId + "/proxy/" + p.port() + "/" : null;
        String tunnel = !"udp".equals(p.protocol()) && running
            ? LabTunnels.path(i.instanceId, p.port()) : null;
        portViews.add(new PortView(p.port(), p.protocol(), url, tunnel));
      }
    }
    return new LabView(i.instanceId, i.challengeSlug, i.traineeId, i.teamId,
        i.state.name(), i.reason, i.createdAt, i.startedAt, i.expiresAt, i.endedAt, portViews,
        i.state == LabState.RUNNING ? "/api/labs/" + i.instanceId + "/terminal" : null);
  }

  /** The spec of the challenge version the lab was started from (else the current one). */
  ChallengeSpec spec(LabInstance i) {
    Optional<ChallengeSpec> spec = i.challengeVersionId == null
        ? Optional.empty() : catalog.version(i.challengeVersionId);
    return spec.or(() -> catalog.find(i.challengeSlug).map(CatalogEntry::spec))
        .filter(s -> s.hasLab())
        .orElseThrow(() -> LabException.noLab(i.challengeSlug));
  }

  /** The lab, if the trainee may use it (or the caller may see every lab). */
  Optional<LabInstance> owned(String instanceId, long traineeId, boolean any) {
    return LabInstance.findByInstanceId(instanceId).filter(i -> any || mayUse(i, traineeId));
  }

  /** As {@link #owned}, the row locked for a state change ({@link LabInstance#lockByInstanceId}). */
  Optional<LabInstance> ownedForChange(String instanceId, long traineeId, boolean any) {
    return LabInstance.lockByInstanceId(instanceId).filter(i -> any || mayUse(i, traineeId));
  }

  /** The lab, read in a transaction, if the caller may see it; else not found. */
  LabInstance ownedOrThrow(String instanceId, long traineeId, boolean any) {
    return tx(() -> owned(instanceId, traineeId, any))
        .orElseThrow(() -> LabException.notFound(instanceId));
  }

  /**
   * Whether the trainee works in this lab as its own: their own lab, or a team lab of the team
   * they are in now (a member who left the team, the one who started it too, loses it; another
   * team never has it).
   */
  boolean mayUse(LabInstance lab, long traineeId) {
    return lab.teamId == null ? lab.traineeId == traineeId
        : lab.teamId.equals(teamOf(traineeId));
  }

  /** The trainee's team now, or null. */
  Long teamOf(long traineeId) {
    return teams.currentTeam(traineeId).map(TeamRef::id).orElse(null);
  }

  static <T> T tx(Supplier<T> work) {
    return QuarkusTransaction.requiringNew().call(work::get);
  }

  static void tx(Runnable work) {
    QuarkusTransaction.requiringNew().run(work);
  }
}
