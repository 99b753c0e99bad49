package id.born2control.identity;

import id.born2control.problem.RangeException;

/** The endpoint needs a signed-in person. */
public class NotSignedInException extends RangeException {

  public NotSignedInException() {
    super(401, "not-signed-in", "Not signed in", "Sign in to do this.");
  }
}
