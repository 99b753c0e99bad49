package id.born2control.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code type} is stable and documented; {@code detail} says what went
 * wrong in words a person can act on; {@code errors} lists each problem when there are several.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, List<String> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** Builds the stable type URI for a short problem name such as {@code challenge-not-found}. */
  public static String type(String name) {
    return "urn:born2control:problem:" + name;
  }
}
