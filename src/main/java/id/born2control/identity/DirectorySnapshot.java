package id.born2control.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The realm's people as one roster import sees them, read in pages at its start (a few dozen
 * admin calls for ten thousand people instead of one search per row): every account's user name
 * and email, which of them the roster manages (members of the roster's marker group), and the
 * cohort groups each managed person is in.
 */
final class DirectorySnapshot {

  static final int PAGE = 500;
  private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

  /** A person the roster manages, as Keycloak has them now. */
  record DirectoryUser(String id, String username, String firstName, String lastName,
      String email, String cohort, List<String> cohortGroupIds) {}

  private final Map<String, DirectoryUser> managed = new HashMap<>();
  private final Set<String> unmanagedUsernames = new HashSet<>();
  private final Map<String, String> unmanagedEmails = new HashMap<>();

  private DirectorySnapshot() {}

  /** Reads every account, the marker group's members and the members of every cohort group. */
  static DirectorySnapshot load(RealmResource realm, String managedGroupId,
      String cohortsGroupId) {
    Set<String> managedIds = new HashSet<>();
    for (UserRepresentation u : pages((first, max) ->
        realm.groups().group(managedGroupId).members(first, max, true))) {
      managedIds.add(u.getId());
    }
    Map<String, List<GroupRepresentation>> cohorts = new HashMap<>();
    for (GroupRepresentation group : pages((first, max) ->
        realm.groups().group(cohortsGroupId).getSubGroups(first, max, true))) {
      for (UserRepresentation u : pages((first, max) ->
          realm.groups().group(group.getId()).members(first, max, true))) {
        cohorts.computeIfAbsent(u.getId(), id -> new ArrayList<>()).add(group);
      }
    }
    DirectorySnapshot snapshot = new DirectorySnapshot();
    for (UserRepresentation u : pages((first, max) -> realm.users().search(null, first, max,
        true))) {
      String username = u.getUsername().toLowerCase(Locale.ROOT);
      if (managedIds.contains(u.getId())) {
        List<GroupRepresentation> groups = cohorts.getOrDefault(u.getId(), List.of());
        snapshot.managed.put(username, new DirectoryUser(u.getId(), username, u.getFirstName(),
            u.getLastName(), u.getEmail(),
            groups.isEmpty() ? null : groups.get(groups.size() - 1).getName(),
            groups.stream().map(GroupRepresentation::getId).toList()));
      } else {
        snapshot.unmanagedUsernames.add(username);
        if (u.getEmail() != null) {
          snapshot.unmanagedEmails.putIfAbsent(u.getEmail().toLowerCase(Locale.ROOT), username);
        }
      }
    }
    return snapshot;
  }

  /** The managed person with this user name, if there is one. */
  Optional<DirectoryUser> managed(String username) {
    return Optional.ofNullable(managed.get(username));
  }

  /**
   * Why a row may not touch Keycloak, if it may not: its user name or email belongs to an
   * account the roster does not manage (staff, people created by hand, service accounts).
   */
  Optional<String> conflict(String username, String email) {
    if (username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return Optional.of("participant ids starting with " + SERVICE_ACCOUNT_PREFIX
          + " are reserved for Keycloak's service accounts");
    }
    if (unmanagedUsernames.contains(username)) {
      return Optional.of("participant id " + username + " is an account the roster does not"
          + " manage (staff or created outside a roster); it was left unchanged");
    }
    String owner = unmanagedEmails.get(email);
    if (owner != null) {
      return Optional.of("email " + email + " belongs to an account the roster does not manage ("
          + owner + "); the row was not imported");
    }
    return Optional.empty();
  }

  int managedCount() {
    return managed.size();
  }

  /** Every item of a paged admin listing, page after page until a short page. */
  private static <T> List<T> pages(BiFunction<Integer, Integer, List<T>> page) {
    List<T> all = new ArrayList<>();
    for (int first = 0; ; first += PAGE) {
      List<T> items = page.apply(first, PAGE);
      all.addAll(items);
      if (items.size() < PAGE) {
        return all;
      }
    }
  }
}
