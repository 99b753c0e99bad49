package id.born2control.identity;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Users and cohort groups in Keycloak, through its admin REST API. Cohorts are groups
 * {@code /cohorts/<name>} carrying a {@code cohort} attribute and the trainee realm role, so every
 * member signs in as a trainee of that cohort.
 */
@ApplicationScoped
class KeycloakDirectory {

  static final String COHORTS = "cohorts";

  private final IdentityConfig config;
  private final Map<String, String> cohortGroupIds = new ConcurrentHashMap<>();
  private volatile Keycloak keycloak;

  KeycloakDirectory(IdentityConfig config) {
    this.config = config;
  }

  /** Whether admin credentials are configured. */
  boolean configured() {
    return config.adminPassword().isPresent();
  }

  /** The user as it is now, with its cohort (from its cohort groups), if it exists. */
  Optional<DirectoryUser> find(String username) {
    List<UserRepresentation> found = realm().users().searchByUsername(username, true);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    UserRepresentation user = found.get(0);
    String cohort = null;
    List<String> cohortGroups = new ArrayList<>();
    for (GroupRepresentation group : realm().users().get(user.getId()).groups()) {
      if (group.getPath() != null && group.getPath().startsWith("/" + COHORTS + "/")) {
        cohortGroups.add(group.getId());
        cohort = group.getName();
      }
    }
    return Optional.of(new DirectoryUser(user.getId(), user.getUsername(), user.getFirstName(),
        user.getLastName(), user.getEmail(), cohort, cohortGroups));
  }

  /** A user as found in Keycloak. */
  record DirectoryUser(String id, String username, String firstName, String lastName,
      String email, String cohort, List<String> cohortGroupIds) {}

  /**
   * Creates a user in the cohort with a temporary password that must be changed at first
   * sign-in. Answers the new user's id, or empty when the user name was taken meanwhile.
   */
  Optional<String> create(String username, String fullName, String email, String cohort,
      String temporaryPassword) {
    String[] names = names(fullName);
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName(names[0]);
    user.setLastName(names[1]);
    user.setEmail(email);
    user.setEnabled(true);
    user.setEmailVerified(false);
    user.setRequiredActions(List.of("UPDATE_PASSWORD"));
    user.setGroups(List.of("/" + COHORTS + "/" + cohort));
    CredentialRepresentation password = new CredentialRepresentation();
    password.setType(CredentialRepresentation.PASSWORD);
    password.setValue(temporaryPassword);
    password.setTemporary(true);
    user.setCredentials(List.of(password));
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

  /** The id of the cohort's group, created (with the trainee role) when missing. */
  synchronized String cohortGroup(String cohort) {
    String known = cohortGroupIds.get(cohort);
    if (known != null) {
      return known;
    }
    String parent = groupByPath("/" + COHORTS).orElseGet(() -> {
      GroupRepresentation group = new GroupRepresentation();
      group.setName(COHORTS);
      try (Response response = realm().groups().add(group)) {
        check(response, "creating group /" + COHORTS);
      }
      return groupByPath("/" + COHORTS).orElseThrow();
    });
    String id = groupByPath("/" + COHORTS + "/" + cohort).orElseGet(() -> {
      GroupRepresentation group = new GroupRepresentation();
      group.setName(cohort);
      group.setAttributes(new HashMap<>(Map.of("cohort", List.of(cohort))));
      try (Response response = realm().groups().group(parent).subGroup(group)) {
        check(response, "creating group /" + COHORTS + "/" + cohort);
      }
      String created = groupByPath("/" + COHORTS + "/" + cohort).orElseThrow();
      RoleRepresentation trainee = realm().roles().get(Roles.TRAINEE).toRepresentation();
      realm().groups().group(created).roles().realmLevel().add(List.of(trainee));
      return created;
    });
    cohortGroupIds.put(cohort, id);
    return id;
  }

  /** Forgets cached group ids (after a failure, the groups may have changed in Keycloak). */
  void forgetGroups() {
    cohortGroupIds.clear();
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
              .realm(config.adminRealm())
              .clientId(config.adminClient())
              .grantType("password")
              .username(config.adminUser())
              .password(config.adminPassword().orElseThrow(RosterUnavailableException::new))
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
