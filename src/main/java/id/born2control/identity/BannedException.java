package id.born2control.identity;

import id.born2control.problem.RangeException;

/** A banned trainee may still look, but no longer act: submit, unlock hints, start or enter labs. */
public class BannedException extends RangeException {

  BannedException() {
    super(403, "banned", "Banned", "You were banned from this range; ask an instructor.");
  }
}
