package id.born2control.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Teams and who is in them. Every change is a stored fact: a move closes the trainee's current
 * stay and opens one in the new team, a dissolve closes every stay of the team; nothing earlier
 * is rewritten. A trainee is in at most one team at a time (a unique index), a team has at most
 * {@code team-max-members}; a team is created with at least {@code team-min-members}, and a team
 * exercise does not start while a team of its cohorts has fewer. Each change fires
 * {@link TeamChanged} in its transaction (the audit trail records it).
 */
@ApplicationScoped
public class TeamService {

  private final IdentityConfig config;
  private final Event<TeamChanged> changes;

  TeamService(IdentityConfig config, Event<TeamChanged> changes) {
    this.config = config;
    this.changes = changes;
  }

  /** Every team, dissolved ones included, in creation order. */
  @Transactional
  @SuppressWarnings("unchecked")
  public List<TeamRef> all() {
    Map<Long, List<String>> members = new HashMap<>();
    // One statement: stays and names read at the same moment, whatever commits meanwhile.
    List<Object[]> stays = Trainee.getEntityManager().createNativeQuery("""
            select m.team_id, t.username from team_membership m
            join trainee t on t.id = m.trainee_id
            where m.left_at is null order by m.id""", Object[].class).getResultList();
    for (Object[] stay : stays) {
      members.computeIfAbsent(((Number) stay[0]).longValue(), k -> new ArrayList<>())
          .add((String) stay[1]);
    }
    return Team.listInOrder().stream()
        .map(t -> ref(t, members.getOrDefault(t.id, List.of()))).toList();
  }

  @Transactional
  public Optional<TeamRef> find(long id) {
    return Team.<Team>findByIdOptional(id).map(this::ref);
  }

  /** The team the trainee is in now. */
  @Transactional
  public Optional<TeamRef> currentTeam(long traineeId) {
    return TeamMembership.current(traineeId)
        .map(m -> ref(Team.<Team>findById(m.teamId)));
  }

  /**
   * Trainees of the given cohorts (every cohort when empty) who count on boards and are in no
   * team now: a team exercise for those cohorts cannot run with them.
   */
  @Transactional
  @SuppressWarnings("unchecked")
  public List<String> withoutTeam(List<String> cohorts) {
    return Trainee.getEntityManager().createNativeQuery("""
            select t.username from trainee t join cohort c on c.id = t.cohort_id
            where not t.hidden and not t.banned
              and (cardinality(cast(?1 as text[])) = 0 or c.name = any(cast(?1 as text[])))
              and not exists (select 1 from team_membership m
                              where m.trainee_id = t.id and m.left_at is null)
            order by t.username""")
        .setParameter(1, pgArray(cohorts)).getResultList();
  }

  /** Live teams of the given cohorts (every cohort when empty) with fewer than the minimum. */
  @Transactional
  public List<String> undersized(List<String> cohorts) {
    return all().stream().filter(t -> !t.dissolved())
        .filter(t -> cohorts.isEmpty() || cohorts.contains(t.cohort()))
        .filter(t -> t.members().size() < config.teamMinMembers())
        .map(TeamRef::name).toList();
  }

  @Transactional
  public TeamRef create(String name, String cohort, List<String> members, String actor) {
    List<String> errors = new ArrayList<>();
    String cleanName = name(name, errors);
    Cohort c = null;
    if (cohort == null || cohort.isBlank()) {
      errors.add("cohort: required");
    } else {
      c = Cohort.findByName(cohort.strip()).orElse(null);
      if (c == null) {
        errors.add("cohort: '" + cohort.strip() + "' is not a cohort");
      }
    }
    List<String> usernames = members == null ? List.of() : members;
    if (usernames.size() < config.teamMinMembers() || usernames.size() > config.teamMaxMembers()) {
      errors.add("members: a team has " + config.teamMinMembers() + " to "
          + config.teamMaxMembers() + " members, not " + usernames.size());
    }
    List<Trainee> trainees = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String username : usernames) {
      if (username == null || !seen.add(username)) {
        errors.add("members: '" + username + "' is listed twice or empty");
        continue;
      }
      Trainee t = Trainee.findByUsername(username).orElse(null);
      if (t == null) {
        errors.add("members: '" + username + "' is not a known trainee");
      } else if (c != null && (t.cohort == null || !t.cohort.id.equals(c.id))) {
        errors.add("members: '" + username + "' is not in cohort '" + c.name + "'");
      } else if (TeamMembership.current(t.id).isPresent()) {
        errors.add("members: '" + username + "' is already in team '"
            + Team.<Team>findById(TeamMembership.current(t.id).get().teamId).name
            + "' (move them instead)");
      } else {
        trainees.add(t);
      }
    }
    if (cleanName != null && Team.findLive(cleanName).isPresent()) {
      errors.add("name: a team named '" + cleanName + "' exists");
    }
    if (!errors.isEmpty()) {
      throw TeamException.invalid(errors);
    }
    Team team = new Team();
    team.name = cleanName;
    team.cohort = c;
    team.persist();
    Instant now = Instant.now();
    for (Trainee t : trainees) {
      TeamMembership.open(team.id, t.id, now);
    }
    changed(actor, "team.create", team.id, Map.of("name", team.name, "cohort", c.name,
        "members", List.copyOf(usernames)));
    return ref(team);
  }

  @Transactional
  public TeamRef rename(long id, String name, String actor) {
    Team team = Team.lockLive(id);
    List<String> errors = new ArrayList<>();
    String cleanName = name(name, errors);
    if (cleanName != null) {
      Team.findLive(cleanName).filter(t -> !t.id.equals(id))
          .ifPresent(t -> errors.add("name: a team named '" + cleanName + "' exists"));
    }
    if (!errors.isEmpty()) {
      throw TeamException.invalid(errors);
    }
    String old = team.name;
    team.name = cleanName;
    changed(actor, "team.rename", id, Map.of("from", old, "to", cleanName));
    return ref(team);
  }

  /**
   * Puts the trainee into the team, closing their stay in any other team at the same instant:
   * what they solve from now on counts for the new team, what their old team earned stays there.
   */
  @Transactional
  public TeamRef move(long id, String username, String actor) {
    Team team = Team.lockLive(id);
    Trainee trainee = Trainee.findByUsername(username == null ? "" : username)
        .orElseThrow(() -> TeamException.invalid(List.of("username: '" + username
            + "' is not a known trainee")));
    if (trainee.cohort == null || !trainee.cohort.id.equals(team.cohort.id)) {
      throw TeamException.invalid(List.of("username: '" + username + "' is not in cohort '"
          + team.cohort.name + "' of team '" + team.name + "'"));
    }
    Optional<TeamMembership> current = TeamMembership.current(trainee.id);
    if (current.isPresent() && current.get().teamId == id) {
      return ref(team);
    }
    if (TeamMembership.currentOf(id).size() >= config.teamMaxMembers()) {
      throw TeamException.full(team.name, config.teamMaxMembers());
    }
    Instant now = Instant.now();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("trainee", username);
    details.put("to", team.name);
    current.ifPresent(stay -> {
      stay.leftAt = now;
      // Written before the new stay: Hibernate would insert first and trip the one-team index.
      TeamMembership.getEntityManager().flush();
      details.put("from", Team.<Team>findById(stay.teamId).name);
    });
    TeamMembership.open(id, trainee.id, now);
    changed(actor, "team.move", id, details);
    return ref(team);
  }

  /** Takes the trainee out of the team (their stay ends now). */
  @Transactional
  public TeamRef remove(long id, String username, String actor) {
    Team team = Team.lockLive(id);
    Trainee trainee = Trainee.findByUsername(username == null ? "" : username).orElse(null);
    TeamMembership stay = trainee == null ? null
        : TeamMembership.current(trainee.id).filter(m -> m.teamId == id).orElse(null);
    if (stay == null) {
      throw TeamException.invalid(List.of("username: '" + username + "' is not in team '"
          + team.name + "'"));
    }
    stay.leftAt = Instant.now();
    changed(actor, "team.remove", id, Map.of("trainee", username, "team", team.name));
    return ref(team);
  }

  /** Ends the team: every stay closes now; its solves and points stay on the boards. */
  @Transactional
  public TeamRef dissolve(long id, String actor) {
    Team team = Team.lockLive(id);
    Instant now = Instant.now();
    List<String> members = new ArrayList<>();
    for (TeamMembership stay : TeamMembership.currentOf(id)) {
      stay.leftAt = now;
      members.add(Trainee.<Trainee>findById(stay.traineeId).username);
    }
    team.dissolvedAt = now;
    changed(actor, "team.dissolve", id, Map.of("name", team.name, "members", members));
    return ref(team);
  }

  private void changed(String actor, String action, long teamId, Map<String, Object> details) {
    changes.fire(new TeamChanged(actor, action, teamId, details));
  }

  private static String name(String name, List<String> errors) {
    if (name == null || name.isBlank()) {
      errors.add("name: required");
      return null;
    }
    String clean = name.strip();
    if (clean.length() > 100) {
      errors.add("name: at most 100 characters");
      return null;
    }
    if (clean.chars().anyMatch(Character::isISOControl)) {
      errors.add("name: control characters are not allowed");
      return null;
    }
    return clean;
  }

  private TeamRef ref(Team team) {
    List<String> members = new ArrayList<>();
    for (TeamMembership m : TeamMembership.currentOf(team.id)) {
      members.add(Trainee.<Trainee>findById(m.traineeId).username);
    }
    return ref(team, members);
  }

  private static TeamRef ref(Team team, List<String> members) {
    return new TeamRef(team.id, team.name, team.cohort.name, team.dissolvedAt != null, members);
  }

  private static String pgArray(List<String> names) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"').append(names.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return out.append('}').toString();
  }
}
