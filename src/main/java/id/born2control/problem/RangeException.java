package id.born2control.problem;

import java.util.List;

/**
 * Base of every typed error a feature throws: it carries what the client sees (status, stable
 * problem name, title, detail). Mapped to {@link Problem} by {@link ProblemMappers}.
 */
public abstract class RangeException extends RuntimeException {

  private final int status;
  private final String problem;
  private final String title;
  private final List<String> errors;

  protected RangeException(int status, String problem, String title, String detail) {
    this(status, problem, title, detail, null);
  }

  protected RangeException(
      int status, String problem, String title, String detail, List<String> errors) {
    super(detail);
    this.status = status;
    this.problem = problem;
    this.title = title;
    this.errors = errors;
  }

  public int status() {
    return status;
  }

  public String problem() {
    return problem;
  }

  public String title() {
    return title;
  }

  public List<String> errors() {
    return errors;
  }

  /** Headers to add to the answer, such as Retry-After; none by default. */
  public java.util.Map<String, String> headers() {
    return java.util.Map.of();
  }
}
