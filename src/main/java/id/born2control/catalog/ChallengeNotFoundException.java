package id.born2control.catalog;

import id.born2control.problem.RangeException;

/** No visible challenge has this slug. */
public class ChallengeNotFoundException extends RangeException {

  public ChallengeNotFoundException(String slug) {
    super(404, "challenge-not-found", "Challenge not found",
        "There is no challenge '" + slug + "' open to you.");
  }
}
