package id.born2control.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * How an error is shown to a person whose browser opened one of the range's pages. The web layer
 * implements it (layout, language); this package only asks, so it never depends on the pages.
 */
public interface ProblemPages {

  /**
   * The friendly page for this error when the request is a browser opening a page, or
   * {@code null} when the caller expects a problem document.
   */
  Response pageFor(int status, String detail, List<String> errors, String incident,
      HttpHeaders headers, Request request, UriInfo uri);
}
