package id.born2control.web;

import id.born2control.problem.RangeException;

/** The language switch was asked for a language the pages do not speak. */
class UnknownLanguageException extends RangeException {

  UnknownLanguageException(String code) {
    super(404, "unknown-language", "Unknown language",
        "The pages speak " + String.join(" and ", Pages.LANGUAGES) + ", not '" + code + "'.");
  }
}
