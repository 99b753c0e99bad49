package id.born2control.labs;

import id.born2control.audit.AuditService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The terminal sessions recorded in a lab, for its owner and for staff. Anyone else gets the
 * answer an unknown lab gets (404), and a recording is found only through its own lab. Staff
 * reading a recording of someone else's lab is put in the audit trail, every time.
 */
@ApplicationScoped
public class LabRecordings {

  /** One recorded session; {@code endedAt} null while it is open. */
  public record RecordingView(long id, String lab, String actor, String host, Instant startedAt,
      Instant endedAt, int width, int height, long bytes, boolean truncated, String cast) {}

  /** A recording as asciicast v2 text. */
  public record Cast(RecordingView recording, String text) {}

  private final IdentityService identities;
  private final AuditService audit;
  private final LabStates states;

  LabRecordings(IdentityService identities, AuditService audit, LabStates states) {
    this.states = states;
    this.identities = identities;
    this.audit = audit;
  }

  /**
   * The sessions recorded in a lab of the caller's (their team's; any lab for staff), oldest
   * first.
   */
  public List<RecordingView> ofLab(String instanceId, long callerId, boolean staff) {
    states.ownedOrThrow(instanceId, callerId, staff);
    return LabStates.tx(() -> TerminalRecording.ofLab(instanceId)).stream().map(this::view)
        .toList();
  }

  /** One recording of a lab of the caller's (any lab for staff, audited), as asciicast v2. */
  public Cast cast(String instanceId, long recordingId, long callerId, boolean staff) {
    LabInstance lab = states.ownedOrThrow(instanceId, callerId, staff);
    TerminalRecording row = LabStates.tx(() -> TerminalRecording.<TerminalRecording>findByIdOptional(
        recordingId)).filter(r -> r.instanceId.equals(instanceId))
        .orElseThrow(() -> LabException.noRecording(instanceId, recordingId));
    if (!states.mayUse(lab, callerId)) {
      audit.record(name(callerId), "lab.recording.read", "lab:" + instanceId,
          Map.of("recording", recordingId, "owner", name(lab.traineeId),
              "challenge", lab.challengeSlug));
    }
    List<String> events = LabStates.tx(() -> TerminalRecordingChunk.eventsOf(recordingId));
    RecordingView view = view(row);
    Double duration = row.endedAt == null ? null
        : Duration.between(row.startedAt, row.endedAt).toNanos() / 1e9;
    StringBuilder text = new StringBuilder(TerminalCast.header(row.width, row.height,
        row.startedAt, duration, row.challengeSlug + " · " + view.actor()));
    events.forEach(text::append);
    return new Cast(view, text.toString());
  }

  private RecordingView view(TerminalRecording r) {
    return new RecordingView(r.id, r.instanceId, name(r.actorId), r.host, r.startedAt, r.endedAt,
        r.width, r.height, r.bytes, r.truncated,
        "/api/labs/" + r.instanceId + "/recordings/" + r.id);
  }

  private String name(long id) {
    return identities.byId(id).map(TraineeRef::username).orElse("user#" + id);
  }
}
