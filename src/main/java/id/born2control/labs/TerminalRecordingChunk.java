package id.born2control.labs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** Consecutive asciicast v2 event lines of one recording, its {@code seq}th chunk. */
@Entity
@Table(name = "terminal_recording_chunk")
class TerminalRecordingChunk extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "recording_id")
  long recordingId;

  int seq;

  String events;

  /** The event lines of a recording, in order. */
  static List<String> eventsOf(long recordingId) {
    return getEntityManager().createQuery("select c.events from TerminalRecordingChunk c"
        + " where c.recordingId = ?1 order by c.seq", String.class)
        .setParameter(1, recordingId).getResultList();
  }
}
