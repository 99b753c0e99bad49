package id.born2control.identity;

import id.born2control.identity.DirectorySnapshot.DirectoryUser;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleScopeResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Users and cohort groups in Keycloak, through its admin REST API, signed in as the realm's own
 * roster service account (client credentials of a confidential client whose service account
 * holds only the realm-management roles manage-users, view-users, query-users and query-groups;
 * never the master realm's admin). Cohorts are groups {@code /cohorts/<name>} carrying a
 * {@code cohort} attribute; the trainee realm role comes from the {@code /cohorts} group, so
 * every member of a cohort signs in as a trainee of it. The people the roster creates are also
 * members of {@code /roster-managed}: the roster changes nobody else.
 */
@ApplicationScoped
class KeycloakDirectory {

  static final String COHORTS = "cohorts";
  static final String MANAGED = "roster-managed";

  private final IdentityConfig config;
  /** Group ids by cohort name; "/" for /cohorts itself and "/roster-managed" for the marker. */
  private final Map<String, String> groupIds = new ConcurrentHashMap<>();
  private volatile Keycloak keycloak;

  KeycloakDirectory(IdentityConfig config) {
    this.config = config;
  }

  /** Whether the roster's service account is configured. */
  boolean configured() {
    return config.rosterClientSecret().filter(s -> !s.isBlank()).isPresent();
  }

  /** Every account of the realm and who of them the roster manages, read in pages on the pool. */
  DirectorySnapshot snapshot(ExecutorService pool)
      throws InterruptedException, ExecutionException {
    return DirectorySnapshot.load(realm(), managedGroup(), cohortsGroup(), pool);
  }

  /**
   * Creates a managed user in the cohort (cohort group and marker group in the same request)
   * with a one-time password that must be changed at first sign-in. Answers the new user's id,
   * or empty when the user name was taken meanwhile.
   */
  Optional<String> create(String username, String fullName, String email, String cohort,
      OneTimePassword password) {
    String[] names = names(fullName);
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName(names[0]);
    user.setLastName(names[1]);
    user.setEmail(email);
    user.setEnabled(true);
    user.setEmailVerified(false);
    // The credential's temporary flag alone does not force the change: the action does.
    user.setRequiredActions(List.of("UPDATE_PASSWORD"));
    user.setGroups(List.of("/" + COHORTS + "/" + cohort, "/" + MANAGED));
    user.setCredentials(List.of(password.credential()));
    try (Response response = realm().users().create(user)) {
      if (response.getStatus() == 409) {
        return Optional.empty();
      }
      if (response.getStatus() != 201) {
        throw new WebApplicationException("Keycloak answered " + response.getStatus()
            + " creating user " + username, response.getStatus());
      }
      String location = response.getLocation().getPath();
      return Optional.of(location.substring(location.lastIndexOf('/') + 1));
    }
  }

  /** Brings name, email and cohort of an existing user in line; answers whether it changed. */
  boolean update(DirectoryUser existing, String fullName, String email, String cohort) {
    String[] names = names(fullName);
    boolean changed = false;
    if (!Objects.equals(names[0], existing.firstName())
        || !Objects.equals(names[1], existing.lastName())
        || !Objects.equals(email, existing.email())) {
      UserRepresentation user = realm().users().get(existing.id()).toRepresentation();
      user.setFirstName(names[0]);
      user.setLastName(names[1]);
      user.setEmail(email);
      realm().users().get(existing.id()).update(user);
      changed = true;
    }
    if (!cohort.equals(existing.cohort()) || existing.cohortGroupIds().size() > 1) {
      String target = cohortGroup(cohort);
      for (String groupId : existing.cohortGroupIds()) {
        if (!groupId.equals(target)) {
          realm().users().get(existing.id()).leaveGroup(groupId);
        }
      }
      if (!cohort.equals(existing.cohort())) {
        realm().users().get(existing.id()).joinGroup(target);
      }
      changed = true;
    }
    return changed;
  }

  /** The id of the cohort's group, created when missing. */
  synchronized String cohortGroup(String cohort) {
    String known = groupIds.get(cohort);
    if (known != null) {
      return known;
    }
    String parent = cohortsGroup();
    String id = groupByPath("/" + COHORTS + "/" + cohort).orElseGet(() -> {
      GroupRepresentation group = new GroupRepresentation();
      group.setName(cohort);
      group.setAttributes(new HashMap<>(Map.of("cohort", List.of(cohort))));
      try (Response response = realm().groups().group(parent).subGroup(group)) {
        check(response, "creating group /" + COHORTS + "/" + cohort);
      }
      return groupByPath("/" + COHORTS + "/" + cohort).orElseThrow();
    });
    groupIds.put(cohort, id);
    return id;
  }

  /**
   * The id of {@code /cohorts}, created when missing, and granting the trainee role that every
   * cohort group inherits (taken from the roles the service account may map, so it needs no
   * right to read the realm's settings).
   */
  private synchronized String cohortsGroup() {
    String known = groupIds.get("/");
    if (known != null) {
      return known;
    }
    String id = topLevelGroup(COHORTS);
    RoleScopeResource roles = realm().groups().group(id).roles().realmLevel();
    if (roles.listAll().stream().noneMatch(r -> r.getName().equals(Roles.TRAINEE))) {
      RoleRepresentation trainee = roles.listAvailable().stream()
          .filter(r -> r.getName().equals(Roles.TRAINEE)).findFirst()
          .orElseThrow(() -> new IllegalStateException("the realm has no role "
              + Roles.TRAINEE + " that the roster account may grant"));
      roles.add(List.of(trainee));
    }
    groupIds.put("/", id);
    return id;
  }

  /** The id of the roster's marker group, created when missing. */
  private synchronized String managedGroup() {
    return groupIds.computeIfAbsent("/" + MANAGED, k -> topLevelGroup(MANAGED));
  }

  private String topLevelGroup(String name) {
    return groupByPath("/" + name).orElseGet(() -> {
      GroupRepresentation group = new GroupRepresentation();
      group.setName(name);
      try (Response response = realm().groups().add(group)) {
        check(response, "creating group /" + name);
      }
      return groupByPath("/" + name).orElseThrow();
    });
  }

  /** Forgets cached group ids (after a failure, the groups may have changed in Keycloak). */
  void forgetGroups() {
    groupIds.clear();
  }

  private Optional<String> groupByPath(String path) {
    try {
      return Optional.ofNullable(realm().getGroupByPath(path)).map(GroupRepresentation::getId);
    } catch (WebApplicationException e) {
      if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static void check(Response response, String what) {
    if (response.getStatus() != 201 && response.getStatus() != 409) {
      throw new WebApplicationException(
          "Keycloak answered " + response.getStatus() + " " + what, response.getStatus());
    }
  }

  /** First name(s) and last name; a one-word name stays whole in the first name. */
  static String[] names(String fullName) {
    String name = fullName.trim().replaceAll("\\s+", " ");
    int space = name.lastIndexOf(' ');
    if (space < 0) {
      return new String[] {name, null};
    }
    return new String[] {name.substring(0, space), name.substring(space + 1)};
  }

  private RealmResource realm() {
    Keycloak client = keycloak;
    if (client == null) {
      synchronized (this) {
        if (keycloak == null) {
          keycloak = KeycloakBuilder.builder()
              .serverUrl(config.adminUrl())
              .realm(config.realm())
              .clientId(config.rosterClient())
              .grantType("client_credentials")
              .clientSecret(config.rosterClientSecret().orElseThrow(
                  RosterUnavailableException::new))
              .build();
        }
        client = keycloak;
      }
    }
    return client.realm(config.realm());
  }

  @PreDestroy
  void close() {
    if (keycloak != null) {
      keycloak.close();
    }
  }
}
