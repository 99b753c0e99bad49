package id.born2control.identity;

import java.util.List;

/**
 * A team as other features see it: its current members (user names, in joining order), or none
 * once {@code dissolved}.
 */
public record TeamRef(long id, String name, String cohort, boolean dissolved,
    List<String> members) {

  public TeamRef {
    members = List.copyOf(members);
  }
}
