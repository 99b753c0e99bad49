package id.born2control.labs;

/**
 * What became of one run of an adversary step. A step's script says it by its exit status: 0
 * the attack {@link #SUCCEEDED} (the trainee did not stop it), anything else it was
 * {@link #STOPPED}. A step the adversary host did not run (host dead, script unreadable, lab
 * not running) is {@link #NOT_RUN}, never the trainee's failure.
 */
public enum AdversaryOutcome {
  SUCCEEDED,
  STOPPED,
  NOT_RUN
}
