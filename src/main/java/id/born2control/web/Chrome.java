package id.born2control.web;

/**
 * What the shared layout needs about the person and the request: who is signed in, which areas
 * their roles open, the page language and where the language switch returns to.
 */
public record Chrome(
    String username,
    boolean trainee,
    boolean instructor,
    boolean official,
    String lang,
    String otherLang,
    String path) {

  public boolean signedIn() {
    return username != null;
  }

  /** This page's address as a query parameter value, for links that come back here. */
  public String returnTo() {
    return java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8);
  }
}
