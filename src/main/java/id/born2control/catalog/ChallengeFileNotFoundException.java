package id.born2control.catalog;

import id.born2control.problem.RangeException;

/** The challenge does not list this file. */
public class ChallengeFileNotFoundException extends RangeException {

  public ChallengeFileNotFoundException(String slug, String file) {
    super(404, "challenge-file-not-found", "File not found",
        "Challenge '" + slug + "' has no file '" + file + "'.");
  }
}
