package id.born2control.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Something wrong in a challenge folder, located in its file: an error in the file skips the
 * challenge (its previous version stays live); an error in its requirements (naming nothing)
 * keeps it locked; a warning says what was read differently from what the file seems to mean.
 */
public record CatalogProblem(
    String slug, String file, int line, int column, Severity severity, String message) {

  /** Errors stop a challenge from loading (or keep it locked); warnings are reported only. */
  public enum Severity {
    ERROR,
    WARNING;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The problem as one line, {@code file:line:column: message}, as compilers print it. */
  @JsonProperty
  public String location() {
    return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
  }
}
