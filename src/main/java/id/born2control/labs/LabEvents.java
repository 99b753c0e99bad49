package id.born2control.labs;

import id.born2control.labs.LabViews.LabView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pushes every stored lab state transition to the owner's open event streams, and a team lab's
 * to every member's.
 */
@ApplicationScoped
class LabEvents {

  private final BroadcastProcessor<LabView> processor = BroadcastProcessor.create();

  synchronized void publish(LabView view) {
    processor.onNext(view);
  }

  /**
   * The transitions of the trainee's labs and of their team's ({@code teamId}, their team when the
   * stream opened; null: none). Each stream buffers what its client has not asked for yet: without
   * it, an event published before the SSE writer requests fails that stream (back-pressure).
   */
  Multi<LabView> of(long traineeId, Long teamId) {
    return processor.onOverflow().buffer(256).filter(v -> v.traineeId() == traineeId
        || (teamId != null && teamId.equals(v.teamId())));
  }
}
