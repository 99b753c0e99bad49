package id.born2control.labs;

import jakarta.enterprise.inject.spi.CDI;

/**
 * A live-fire exercise changed in the running transaction: one participant's seat
 * ({@code seatId}: a trainee's or a team's), or the exercise itself ({@code seatId} null:
 * scheduled, its phase or end moved, or a seat not stored yet), which staff following it then
 * read whole. {@link LiveFireUpdates} pushes it once
 * the transaction has committed.
 */
record LiveFireChanged(long exerciseId, Long seatId) {

  /**
   * Fires the change from an entity (which cannot be injected into); an observer waiting for
   * the commit learns it then, or at once when no transaction runs.
   */
  static void fire(long exerciseId, Long seatId) {
    CDI.current().getBeanManager().getEvent().select(LiveFireChanged.class)
        .fire(new LiveFireChanged(exerciseId, seatId));
  }
}
