package id.born2control.labs;

import id.born2control.labs.LabViews.LabView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/** Pushes every stored lab state transition to the owner's open event streams. */
@ApplicationScoped
class LabEvents {

  private final BroadcastProcessor<LabView> processor = BroadcastProcessor.create();

  synchronized void publish(LabView view) {
    processor.onNext(view);
  }

  Multi<LabView> of(long traineeId) {
    return processor.filter(v -> v.traineeId() == traineeId);
  }
}
