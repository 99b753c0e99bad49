package id.born2control.scoring;

import id.born2control.identity.IdentityService;
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

/** The staff's wall of a scenario challenge ({@link ScenarioWall}) with its participants named. */
@ApplicationScoped
public class ScenarioWalls {

  /** A participant's row with who they are. */
  public record Participant(String username, String displayName, WallRow row) {}

  /** The wall, participants named. */
  public record WallView(String challenge, String name, int tickSeconds, List<String> checks,
      List<Participant> participants, List<StepHeat> heat) {}

  private final ScenarioWall walls;
  private final IdentityService identities;

  ScenarioWalls(ScenarioWall walls, IdentityService identities) {
    this.walls = walls;
    this.identities = identities;
  }

  /** The wall of a challenge; 404 when it has no scenario. */
  public WallView of(String slug) {
    Wall wall = walls.of(slug);
    // one read of the directory rather than one per participant
    Map<Long, TraineeRef> named = identities.all().stream()
        .collect(Collectors.toMap(TraineeRef::id, Function.identity()));
    List<Participant> participants = wall.rows().stream().map(r -> {
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
