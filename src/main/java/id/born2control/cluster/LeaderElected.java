package id.born2control.cluster;

/**
 * This instance has become the one that runs the range's single-writer jobs (lab reaper and
 * reconcile, audit sealing, pruning). Fired on the leadership thread, at start-up for a lone
 * instance, and whenever this instance takes over from a leader that died.
 */
public record LeaderElected(int instanceKey) {}
