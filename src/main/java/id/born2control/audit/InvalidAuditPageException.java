package id.born2control.audit;

import id.born2control.problem.RangeException;

/** The page asked for is out of range. */
class InvalidAuditPageException extends RangeException {

  InvalidAuditPageException(int max) {
    super(400, "invalid-page", "Invalid page",
        "after must be 0 or more and limit between 1 and " + max + ".");
  }
}
