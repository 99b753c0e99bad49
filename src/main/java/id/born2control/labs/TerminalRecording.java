package id.born2control.labs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One terminal session recorded in a lab: who typed, whose lab, where, when; events apart. */
@Entity
@Table(name = "terminal_recording")
class TerminalRecording extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "instance_id")
  String instanceId;

  /** The lab's owner. */
  @Column(name = "owner_id")
  long ownerId;

  /** Who opened the terminal: the owner, or staff entering the lab. */
  @Column(name = "actor_id")
  long actorId;

  @Column(name = "challenge_slug")
  String challengeSlug;

  /** The trainee host named by the terminal; null: the lab's default one. */
  String host;

  @Column(name = "started_at")
  Instant startedAt;

  /** Null while the session is open (or when the range stopped before it ended). */
  @Column(name = "ended_at")
  Instant endedAt;

  int width;

  int height;

  long bytes;

  boolean truncated;

  /** The recordings of a lab, oldest first. */
  static List<TerminalRecording> ofLab(String instanceId) {
    return list("instanceId = ?1 order by startedAt, id", instanceId);
  }
}
