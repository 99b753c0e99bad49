package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.ScenarioWall;
import id.born2control.labs.ScenarioWall.StepHeat;
import id.born2control.labs.ScenarioWall.Wall;
import id.born2control.labs.ScenarioWall.WallRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The staff's wall of a scenario challenge ({@link ScenarioWall}) with its participants named:
 * a team's row by the team's name (its members after it), a trainee's by their user name.
 */
@ApplicationScoped
public class ScenarioWalls {

  /**
   * A participant's row with who they are: a trainee's user name and display name, or a team's
   * name and its members.
   */
  public record Participant(String username, String displayName, WallRow row) {}

  /** The wall, participants named. */
  public record WallView(String challenge, String name, int tickSeconds, List<String> checks,
      List<Participant> participants, List<StepHeat> heat) {}

  private final ScenarioWall walls;
  private final IdentityService identities;
  private final TeamService teams;

  ScenarioWalls(ScenarioWall walls, IdentityService identities, TeamService teams) {
    this.walls = walls;
    this.identities = identities;
    this.teams = teams;
  }

  /** The wall of a challenge; 404 when it has no scenario. */
  public WallView of(String slug) {
    Wall wall = walls.of(slug);
    // one read of the directory rather than one per participant
    Map<Long, TraineeRef> named = identities.all().stream()
        .collect(Collectors.toMap(TraineeRef::id, Function.identity()));
    Map<Long, TeamRef> teamed = wall.rows().stream().anyMatch(r -> r.teamId() != null)
        ? teams.all().stream().collect(Collectors.toMap(TeamRef::id, Function.identity()))
        : Map.of();
    List<Participant> participants = wall.rows().stream().map(r -> {
      if (r.teamId() != null) {
        TeamRef team = teamed.get(r.teamId());
        return new Participant(team == null ? "#" + r.teamId() : team.name(),
            team == null ? null : String.join(", ", team.members()), r);
      }
      TraineeRef who = named.get(r.traineeId());
      return new Participant(who == null ? "#" + r.traineeId() : who.username(),
          who == null ? null : who.displayName(), r);
    }).toList();
    return new WallView(wall.challenge(), wall.name(), wall.tickSeconds(), wall.checks(),
        participants, wall.heat());
  }

  /** Throws unless the challenge has a scenario (before a stream of its ticks opens). */
  void requireScenario(String slug) {
    walls.of(slug);
  }
}
