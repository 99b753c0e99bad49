package id.born2control.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.transaction.RollbackException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error into an RFC 9457 problem detail, or into the friendly page that
 * {@link ProblemPages} gives when a browser opened one of the range's pages. Users never see a
 * stack trace or a class name: unexpected failures are logged with an id that the answer repeats.
 */
class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  private final ProblemPages pages;

  ProblemMappers(ProblemPages pages) {
    this.pages = pages;
  }

  @ServerExceptionMapper
  Response rangeException(RangeException e, UriInfo uri, HttpHeaders headers, Request request) {
    Response page = pages.pageFor(e.status(), e.getMessage(), e.errors(), null, headers, request, uri);
    if (page != null) {
      return page;
    }
    Response.ResponseBuilder answer =
        problem(e.status(), e.problem(), e.title(), e.getMessage(), uri, e.errors());
    e.headers().forEach(answer::header);
    return answer.build();
  }

  @ServerExceptionMapper
  Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
    List<String> errors =
        e.getConstraintViolations().stream()
            .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
            .sorted()
            .toList();
    return problem(400, "invalid-request", "Invalid request", String.join("; ", errors), uri, errors)
        .build();
  }

  @ServerExceptionMapper
  Response malformedJson(JsonProcessingException e, UriInfo uri) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return problem(400, "malformed-json", "Malformed JSON",
            "The request body is not valid JSON for this endpoint" + where + ": "
                + e.getOriginalMessage(),
            uri, null)
        .build();
  }

  @ServerExceptionMapper
  Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers,
      Request request) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
    }
    Response page = pages.pageFor(status, detailOf(status, uri), null, null, headers, request, uri);
    if (page != null) {
      return page;
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    Response.ResponseBuilder answer =
        problem(status, title.toLowerCase().replace(' ', '-'), title, detailOf(status, uri), uri,
            null);
    e.getResponse().getHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Type")) {
        values.forEach(value -> answer.header(name, value));
      }
    });
    return answer.build();
  }

  @ServerExceptionMapper
  Response unexpected(Exception e, UriInfo uri, HttpHeaders headers, Request request) {
    if (databaseUnreachable(e)) {
      LOG.warnf("database unreachable on %s: %s", uri.getPath(), e.getMessage());
      Response page = pages.pageFor(503, null, null, null, headers, request, uri);
      if (page != null) {
        return page;
      }
      return problem(503, "database-unavailable", "Temporarily unavailable",
              "The database cannot be reached right now (restarting or failing over), so this"
                  + " request was not carried out or not confirmed. Send it again in a few"
                  + " seconds.",
              uri, null)
          .header("Retry-After", "2")
          .build();
    }
    String incident = java.util.UUID.randomUUID().toString();
    LOG.errorf(e, "unexpected failure %s on %s", incident, uri.getPath());
    Response page = pages.pageFor(500, null, null, incident, headers, request, uri);
    if (page != null) {
      return page;
    }
    return problem(500, "internal-error", "Internal error",
            "Something went wrong on our side; quote incident " + incident + " to an instructor.",
            uri, null)
        .build();
  }

  /**
   * Whether the failure is a lost or refused database connection (SQL state class 08, a server
   * shutting down or starting, no pooled connection in time) or a commit the database did not
   * carry out (the transaction manager then reports a rollback, without the cause): retryable,
   * not a bug.
   */
  private static boolean databaseUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RollbackException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
          return true;
        }
        if (sql.getMessage() != null && sql.getMessage().startsWith("Acquisition timeout")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String detailOf(int status, UriInfo uri) {
    return switch (status) {
      case 404 -> "Nothing is found at " + uri.getPath();
      case 405 -> "This method is not allowed on " + uri.getPath();
      case 401 -> "Sign in to use " + uri.getPath();
      case 403 -> "Your role does not allow " + uri.getPath();
      case 415 -> "This content type is not accepted by " + uri.getPath();
      case 406 -> "No acceptable representation of " + uri.getPath();
      default -> "The request to " + uri.getPath() + " failed";
    };
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static Response.ResponseBuilder problem(
      int status, String name, String title, String detail, UriInfo uri, List<String> errors) {
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem(Problem.type(name), title, status, detail, uri.getPath(), errors));
  }
}
