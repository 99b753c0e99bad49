package id.born2control.labs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Stores terminal recordings as they are made: a row when a terminal opens, each chunk of events
 * as {@link TerminalCast} hands it out, the end and size when it closes. Called off the event
 * loop and off the engine stream's reader, so a terminal never waits for the database.
 */
@ApplicationScoped
class TerminalRecorder {

  /** The default size of a terminal until the page sends its own. */
  static final int WIDTH = 80;
  static final int HEIGHT = 24;

  /** Starts the recording of a terminal just admitted into lab {@code instanceId}. */
  @Transactional
  long begin(String instanceId, long actorId, String host) {
    LabInstance lab = LabInstance.findByInstanceId(instanceId)
        .orElseThrow(() -> LabException.notFound(instanceId));
    TerminalRecording row = new TerminalRecording();
    row.instanceId = instanceId;
    row.ownerId = lab.traineeId;
    row.actorId = actorId;
    row.challengeSlug = lab.challengeSlug;
    row.host = host == null || host.isEmpty() ? null : host;
    row.startedAt = Instant.now();
    row.width = WIDTH;
    row.height = HEIGHT;
    row.persist();
    return row.id;
  }

  @Transactional
  void append(long recordingId, TerminalCast.Chunk chunk) {
    TerminalRecordingChunk row = new TerminalRecordingChunk();
    row.recordingId = recordingId;
    row.seq = chunk.seq();
    row.events = chunk.events(); // JSON lines: control characters (NUL too) are escaped
    row.persist();
  }

  /** Ends a recording: when, its first size, how many bytes, whether it was cut. */
  @Transactional
  void finish(long recordingId, TerminalCast cast) {
    TerminalRecording row = TerminalRecording.findById(recordingId);
    if (row == null) {
      return;
    }
    row.endedAt = Instant.now();
    row.width = cast.width();
    row.height = cast.height();
    row.bytes = cast.bytes();
    row.truncated = cast.truncated();
  }
}
