package id.born2control.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The roster's team column: rows checked against the teams as they are (cohort, one team per
 * trainee, size), and imported trainees put into their team, created when new. Each change
 * fires {@link TeamChanged} as the studio's changes do.
 */
@ApplicationScoped
class RosterTeams {

  private final IdentityConfig config;
  private final Event<TeamChanged> changes;

  RosterTeams(IdentityConfig config, Event<TeamChanged> changes) {
    this.config = config;
    this.changes = changes;
  }

  /**
   * The roster rows whose team breaks a rule with what is stored: the team exists in another
   * cohort, the participant is in another team now, or the team's members and new rows would be
   * more than the maximum. The file's own consistency is {@link RosterCsv}'s.
   */
  @Transactional
  List<RosterCsv.RowError> checkRoster(List<RosterCsv.Entry> entries) {
    List<RosterCsv.RowError> errors = new ArrayList<>();
    Map<String, Integer> joining = new HashMap<>();
    for (RosterCsv.Entry e : entries) {
      if (e.team() == null) {
        continue;
      }
      Optional<Team> team = Team.findLive(e.team());
      if (team.isPresent() && !team.get().cohort.name.equals(e.cohort())) {
        errors.add(new RosterCsv.RowError(e.row(), e.participantId(), "team-cohort", "team "
            + e.team() + " is of cohort " + team.get().cohort.name + ", not " + e.cohort()));
        continue;
      }
      Optional<TeamMembership> stay = Trainee.findByUsername(e.participantId())
          .flatMap(t -> TeamMembership.current(t.id));
      if (stay.isPresent()) {
        if (team.isPresent() && stay.get().teamId == team.get().id) {
          continue; // already there: the same file imported again
        }
        errors.add(new RosterCsv.RowError(e.row(), e.participantId(), "team-two-teams",
            "participant " + e.participantId() + " is in team "
                + Team.<Team>findById(stay.get().teamId).name + "; a trainee is in one team"
                + " (move them in the studio)"));
        continue;
      }
      int members = team.map(t -> TeamMembership.currentOf(t.id).size()).orElse(0);
      int size = joining.merge(e.team().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
      if (members + size > config.teamMaxMembers()) {
        errors.add(new RosterCsv.RowError(e.row(), e.participantId(), "team-full", "team "
            + e.team() + " would have more than " + config.teamMaxMembers() + " members"));
      }
    }
    return errors;
  }

  /**
   * Puts an imported trainee into the roster's team, creating the team in the row's cohort when
   * it does not exist; nothing when they are in it already.
   */
  @Transactional
  void joinFromRoster(String username, String teamName, String cohort, String actor) {
    Trainee trainee = Trainee.findByUsername(username).orElseThrow();
    Team team = Team.findLive(teamName).orElse(null);
    if (team == null) {
      team = new Team();
      team.name = teamName.strip();
      team.cohort = Cohort.findByName(cohort).orElseThrow();
      team.persist();
      changed(actor, "team.create", team.id, Map.of("name", team.name, "cohort", cohort,
          "from", "roster"));
    } else {
      team = Team.lockLive(team.id);
    }
    Optional<TeamMembership> stay = TeamMembership.current(trainee.id);
    if (stay.isPresent()) {
      if (stay.get().teamId != team.id) {
        throw TeamException.invalid(List.of("participant " + username + " is in another team"));
      }
      return;
    }
    if (TeamMembership.currentOf(team.id).size() >= config.teamMaxMembers()) {
      throw TeamException.full(team.name, config.teamMaxMembers());
    }
    TeamMembership.open(team.id, trainee.id, Instant.now());
    changed(actor, "team.move", team.id, Map.of("trainee", username, "to", team.name,
        "from", "roster"));
  }

  private void changed(String actor, String action, long teamId, Map<String, Object> details) {
    changes.fire(new TeamChanged(actor, action, teamId, details));
  }
}
