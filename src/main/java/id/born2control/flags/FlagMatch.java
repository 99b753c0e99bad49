package id.born2control.flags;

/**
 * What a matcher found: the key of the flag matched and its kind, or, for a dynamic flag issued
 * to someone else, {@code sharedFrom} naming its owner (and no key: it scores nothing).
 */
public record FlagMatch(String key, String kind, IssuedFlagRef sharedFrom) {

  public boolean shared() {
    return sharedFrom != null;
  }
}
