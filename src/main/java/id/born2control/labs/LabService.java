package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabViews.CheckReport;
import id.born2control.labs.LabViews.FleetPage;
import id.born2control.labs.LabViews.LabView;
import id.born2control.labs.LabViews.TerminalTicket;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Lab instances, as the rest of the range uses them. Every state transition is stored, then
 * pushed ({@link LabStates}). The jobs behind this façade: {@link LabAdmission} (quotas,
 * capacity, rate, queue room), {@link LabProvisioner} (asynchronous start on a bounded worker
 * pool), {@link LabQueries} (own labs, terminal and proxy targets, the fleet view),
 * {@link LabLifetime} (stop, extend), {@link LabChecks} (defense checks), {@link LabTerminals}
 * (terminal tickets and limits) and, on the leader,
 * {@link LabReconciler} (reconcile, reaper, take-over).
 */
@ApplicationScoped
public class LabService {

  /** Largest fleet page: each running lab on it costs one resource reading. */
  public static final int FLEET_PAGE_MAX = 50;

  private final LabAdmission admission;
  private final LabQueries queries;
  private final LabLifetime lifetime;
  private final LabChecks checks;
  private final LabReconciler reconciler;
  private final LabTerminals terminals;
  private final LabsConfig config;

  LabService(LabAdmission admission, LabQueries queries, LabLifetime lifetime, LabChecks checks,
      LabReconciler reconciler, LabTerminals terminals, LabsConfig config) {
    this.admission = admission;
    this.queries = queries;
    this.lifetime = lifetime;
    this.checks = checks;
    this.reconciler = reconciler;
    this.terminals = terminals;
    this.config = config;
  }

  /** A started lab: the view, and whether this call created it (false: it was running). */
  public record Started(LabView lab, boolean created) {}

  /** Where a running lab's terminal attaches: its container and the user. */
  record Attach(String container, String user) {}

  /**
   * Starts the trainee's lab of this challenge, or returns the active one. Admission is decided
   * at once; the containers are created by a worker, so this returns with the lab
   * {@code PROVISIONING}.
   */
  public Started start(TraineeRef trainee, CatalogEntry entry) {
    return admission.start(trainee, entry);
  }

  /** The trainee's active labs and the last few ended ones. */
  public List<LabView> mine(long traineeId) {
    return queries.mine(traineeId);
  }

  /** One lab, if it belongs to this trainee (or the caller may see every lab). */
  public LabView get(String instanceId, long traineeId, boolean anyOwner) {
    return queries.get(instanceId, traineeId, anyOwner);
  }

  /**
   * A one-time ticket for the terminal of a running lab of this trainee's (or any, for staff):
   * it opens the terminal WebSocket, or renews an open one ({@link LabTerminals}).
   */
  public TerminalTicket terminalTicket(String instanceId, long traineeId, boolean anyOwner) {
    String ticket = terminals.ticket(instanceId, traineeId, anyOwner);
    return new TerminalTicket(ticket, "/api/labs/" + instanceId + "/terminal?ticket=" + ticket,
        Math.max(1, config.terminalLease().toSeconds() / 3));
  }

  /** Where the range reaches an http port of a running lab, for the lab web origin. */
  Optional<InetSocketAddress> webEndpoint(String instanceId, long traineeId, boolean anyOwner,
      Integer port) {
    return queries.webEndpoint(instanceId, traineeId, anyOwner, port);
  }

  /** Where the range reaches a tcp port of a running lab, for its tunnel. */
  Optional<InetSocketAddress> tunnelEndpoint(String instanceId, long traineeId, boolean anyOwner,
      int port) {
    return queries.tunnelEndpoint(instanceId, traineeId, anyOwner, port);
  }

  /** A page of every active lab of every trainee, with each target's resource use. */
  public FleetPage fleet(int offset, int limit) {
    return queries.fleet(offset, limit);
  }

  /** Stops and removes the lab; progress (flags, checks, solves) stays recorded. */
  public LabView stop(String instanceId, long traineeId, boolean anyOwner) {
    return lifetime.stop(instanceId, traineeId, anyOwner);
  }

  /** Gives the lab another TTL from now, within the maximum lifetime. */
  public LabView extend(String instanceId, long traineeId, boolean anyOwner) {
    return lifetime.extend(instanceId, traineeId, anyOwner);
  }

  /**
   * Runs every defense check of a running lab on a check worker, records each result and fires
   * passes; refused at once (409, 429) when its checks already run or ran too often.
   */
  public CompletionStage<CheckReport> check(String instanceId, long traineeId,
      boolean anyOwner) {
    return checks.check(instanceId, traineeId, anyOwner);
  }

  /** Makes the database and the engine agree (see {@link LabReconciler#reconcile()}). */
  public void reconcile() {
    reconciler.reconcile();
  }

  /** Stops every lab whose time is up. */
  int reapExpired() {
    return reconciler.reapExpired();
  }

  /** Fails or adopts the labs of service instances that died. */
  int takeOverFromDeadInstances() {
    return reconciler.takeOverFromDeadInstances();
  }

  /** Marks running labs whose target is no longer running on the engine. */
  int detectDead() {
    return reconciler.detectDead();
  }
}
