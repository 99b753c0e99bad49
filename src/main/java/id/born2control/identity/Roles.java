package id.born2control.identity;

/** The realm roles the range knows; every endpoint names the ones it allows. */
public final class Roles {

  public static final String TRAINEE = "trainee";
  public static final String INSTRUCTOR = "instructor";
  public static final String OFFICIAL = "official";

  private Roles() {}
}
