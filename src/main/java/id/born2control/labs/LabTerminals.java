package id.born2control.labs;

import id.born2control.labs.LabWebTickets.Grant;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may open a terminal, and how many are open. A terminal opens with a one-time terminal
 * ticket ({@link LabWebTickets}) that only an authenticated, CSRF-checked request gets, so the
 * WebSocket itself is not bound to the access token it was opened with; the page renews it with
 * fresh tickets while its session lasts. At most {@code b2c.labs.terminals-per-lab} terminals
 * are open on one lab and {@code b2c.labs.terminals-per-trainee} per person, counted on this
 * service instance (a terminal lives on the instance that accepted its WebSocket). Every
 * admitted terminal is recorded ({@link TerminalRecorder}).
 */
@ApplicationScoped
class LabTerminals {

  private final LabQueries queries;
  private final LabWebTickets tickets;
  private final LabsConfig config;
  private final TerminalRecorder recorder;
  private final LabStates states;
  private final Map<String, Integer> perLab = new HashMap<>();
  private final Map<Long, Integer> perPerson = new HashMap<>();

  LabTerminals(LabQueries queries, LabWebTickets tickets, LabsConfig config,
      TerminalRecorder recorder, LabStates states) {
    this.states = states;
    this.queries = queries;
    this.tickets = tickets;
    this.config = config;
    this.recorder = recorder;
  }

  /** One admitted terminal: whom its ticket admitted, where it attaches, its recording. */
  record Slot(Grant grant, LabService.Attach attach, long recordingId) {}

  /** A ticket that opens or renews a terminal of this running lab of the caller's. */
  String ticket(String instanceId, long traineeId, boolean instructor) {
    LabInstance lab = states.ownedOrThrow(instanceId, traineeId, instructor);
    if (lab.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, lab.state);
    }
    return tickets.issue(Grant.terminal(instanceId, traineeId, instructor),
        LabWebTickets.TERMINAL);
  }

  /**
   * Redeems a ticket for the terminal of lab {@code instanceId} (on trainee host {@code host}, null:
   * the default one) and takes a slot (staff entering another's lab are audited) with the
   * recording of the session begun; release it with {@link #release}.
   */
  Slot admit(String instanceId, String ticket, String host) {
    Grant grant = tickets.redeem(ticket, LabWebTickets.TERMINAL)
        .filter(g -> g.instanceId().equals(instanceId))
        .orElseThrow(LabException::terminalTicket);
    synchronized (this) {
      if (perLab.getOrDefault(instanceId, 0) >= config.terminalsPerLab()) {
        throw LabException.terminalsPerLab(config.terminalsPerLab());
      }
      if (perPerson.getOrDefault(grant.traineeId(), 0) >= config.terminalsPerTrainee()) {
        throw LabException.terminalsPerTrainee(config.terminalsPerTrainee());
      }
      perLab.merge(instanceId, 1, Integer::sum);
      perPerson.merge(grant.traineeId(), 1, Integer::sum);
    }
    Slot slot = new Slot(grant, null, 0);
    try {
      LabService.Attach attach = queries.attach(instanceId, grant.traineeId(),
          grant.instructor(), host);
      return new Slot(grant, attach, recorder.begin(instanceId, grant.traineeId(), host));
    } catch (RuntimeException e) {
      release(slot);
      throw e;
    }
  }

  /** Whether {@code ticket} is a fresh terminal ticket of the same person for the same lab. */
  boolean renews(Slot slot, String ticket) {
    Optional<Grant> renewal = tickets.redeem(ticket, LabWebTickets.TERMINAL);
    return renewal.filter(g -> g.instanceId().equals(slot.grant().instanceId())
        && g.traineeId() == slot.grant().traineeId()).isPresent();
  }

  /** Gives a slot back (once per admitted terminal). */
  synchronized void release(Slot slot) {
    perLab.computeIfPresent(slot.grant().instanceId(), (k, n) -> n > 1 ? n - 1 : null);
    perPerson.computeIfPresent(slot.grant().traineeId(), (k, n) -> n > 1 ? n - 1 : null);
  }
}
