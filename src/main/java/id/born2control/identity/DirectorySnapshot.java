package id.born2control.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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

  /**
   * Reads every account, the marker group's members and the members of every cohort group. The
   * listings and the pages of the account listing are fetched in parallel on {@code pool}: a few
   * dozen requests that each mostly wait on Keycloak's database.
   */
  static DirectorySnapshot load(RealmResource realm, String managedGroupId,
      String cohortsGroupId, ExecutorService pool)
      throws InterruptedException, ExecutionException {
    Future<List<UserRepresentation>> managedMembers = pool.submit(() -> pages((first, max) ->
        realm.groups().group(managedGroupId).members(first, max, true), 0));
    Map<GroupRepresentation, Future<List<UserRepresentation>>> cohortMembers = new HashMap<>();
    for (GroupRepresentation group : pages((first, max) ->
        realm.groups().group(cohortsGroupId).getSubGroups(first, max, true), 0)) {
      cohortMembers.put(group, pool.submit(() -> pages((first, max) ->
          realm.groups().group(group.getId()).members(first, max, true), 0)));
    }
    BiFunction<Integer, Integer, List<UserRepresentation>> accounts =
        (first, max) -> realm.users().search(null, first, max, true);
    int counted = realm.users().count();
    List<Future<List<UserRepresentation>>> accountPages = new ArrayList<>();
    for (int first = 0; first < counted; first += PAGE) {
      int from = first;
      accountPages.add(pool.submit(() -> accounts.apply(from, PAGE)));
    }

    Set<String> managedIds = new HashSet<>();
    for (UserRepresentation u : managedMembers.get()) {
      managedIds.add(u.getId());
    }
    Map<String, List<GroupRepresentation>> cohorts = new HashMap<>();
    for (Map.Entry<GroupRepresentation, Future<List<UserRepresentation>>> e
        : cohortMembers.entrySet()) {
      for (UserRepresentation u : e.getValue().get()) {
        cohorts.computeIfAbsent(u.getId(), id -> new ArrayList<>()).add(e.getKey());
      }
    }
    List<UserRepresentation> all = new ArrayList<>();
    for (Future<List<UserRepresentation>> page : accountPages) {
      all.addAll(page.get());
    }
    // Accounts added since the count: read on until a short page.
    if (all.size() == accountPages.size() * PAGE) {
      all.addAll(pages(accounts, all.size()));
    }

    DirectorySnapshot snapshot = new DirectorySnapshot();
    for (UserRepresentation u : all) {
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

  /** Every item of a paged admin listing from {@code from}, page after page until a short one. */
  private static <T> List<T> pages(BiFunction<Integer, Integer, List<T>> page, int from) {
    List<T> all = new ArrayList<>();
    for (int first = from; ; first += PAGE) {
      List<T> items = page.apply(first, PAGE);
      all.addAll(items);
      if (items.size() < PAGE) {
        return all;
      }
    }
  }
}
