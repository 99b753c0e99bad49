package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LiveFireSeat.SeatState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who sits in a live-fire exercise and where their labs are, for the leader's
 * {@link LiveFireRunner}: every (ranked) trainee of its cohorts, or in a team exercise every live
 * team of its cohorts (one lab per team, whichever member it is started as); each seat follows
 * its owner's active lab of the challenge.
 */
@ApplicationScoped
class LiveFireSeating {

  private final IdentityService identities;
  private final TeamService teams;

  LiveFireSeating(IdentityService identities, TeamService teams) {
    this.identities = identities;
    this.teams = teams;
  }

  /** Seats every participant who has no seat yet, in a stable order (trainee or team ids). */
  void seat(LiveFire fire) {
    List<Long> owners = fire.teamMode
        ? teams.all().stream().filter(t -> !t.dissolved() && !t.members().isEmpty()
            && fire.includes(t.cohort())).map(TeamRef::id).sorted().toList()
        : identities.all().stream().filter(t -> !t.banned() && fire.includes(t.cohort()))
            .map(TraineeRef::id).sorted().toList();
    LabStates.tx(() -> {
      Set<Long> seated = LiveFireSeat.of(fire.exerciseId).stream()
          .map(s -> fire.teamMode ? s.teamId : s.traineeId).collect(Collectors.toSet());
      for (Long owner : owners) {
        if (!seated.contains(owner)) {
          LiveFireSeat.create(fire.exerciseId, fire.teamMode ? null : owner,
              fire.teamMode ? owner : null);
        }
      }
    });
  }

  /**
   * The trainee the range starts a seat's lab as: the seat's trainee, or the first member of
   * the seat's team who may play now (the lab is the team's whoever starts it); empty with why
   * not.
   */
  Starter starter(LiveFireSeat seat) {
    if (seat.teamId == null) {
      return identities.byId(seat.traineeId).map(Starter::of)
          .orElse(Starter.none("the trainee no longer exists"));
    }
    Optional<TeamRef> team = teams.find(seat.teamId);
    if (team.isEmpty() || team.get().dissolved()) {
      return Starter.none("the team no longer exists");
    }
    return team.get().members().stream().map(identities::byUsername).flatMap(Optional::stream)
        .filter(t -> !t.banned()).findFirst().map(Starter::of)
        .orElse(Starter.none("the team has no member who may start its lab"));
  }

  /** Whom a seat's lab is started as, or why it cannot be. */
  record Starter(TraineeRef trainee, String failure) {
    static Starter of(TraineeRef trainee) {
      return new Starter(trainee, null);
    }

    static Starter none(String why) {
      return new Starter(null, why);
    }
  }

  /**
   * Brings each seat in line with its owner's lab: the active lab of the challenge (the
   * trainee's own, or the team's started by the range or by any member, late or again after a
   * restart) is provisioning or ready; a lab that ended leaves the seat failed with the lab's
   * reason, for staff to retry.
   */
  static void follow(LiveFire fire) {
    LabStates.tx(() -> {
      Map<Long, LabInstance> ofTrainee = new HashMap<>();
      Map<Long, LabInstance> ofTeam = new HashMap<>();
      for (LabInstance lab : LabInstance.<LabInstance>list("challengeSlug = ?1 and state in ?2",
          fire.challengeSlug, LabState.ACTIVE)) {
        if (lab.teamId == null) {
          ofTrainee.putIfAbsent(lab.traineeId, lab);
        } else {
          ofTeam.putIfAbsent(lab.teamId, lab);
        }
      }
      Function<LiveFireSeat, LabInstance> active = s -> s.teamId != null
          ? ofTeam.get(s.teamId) : ofTrainee.get(s.traineeId);
      List<LiveFireSeat> seats = LiveFireSeat.of(fire.exerciseId);
      List<String> gone = seats.stream().filter(s -> s.instanceId != null
          && active.apply(s) == null).map(s -> s.instanceId).toList();
      Map<String, LabInstance> ended = gone.isEmpty() ? Map.of()
          : LabInstance.<LabInstance>list("instanceId in ?1", gone).stream()
              .collect(Collectors.toMap(i -> i.instanceId, Function.identity()));
      for (LiveFireSeat seat : seats) {
        LabInstance lab = active.apply(seat);
        if (lab != null) {
          seat.instanceId = lab.instanceId;
          seat.moveTo(lab.state == LabState.RUNNING ? SeatState.READY : SeatState.PROVISIONING,
              null);
        } else if (seat.instanceId != null && (seat.state == SeatState.READY
            || seat.state == SeatState.PROVISIONING)) {
          LabInstance last = ended.get(seat.instanceId);
          seat.moveTo(SeatState.FAILED, last == null || last.reason == null
              ? "the lab ended" : "the lab ended: " + last.reason);
        }
      }
    });
  }

  /** The active labs of a seat's owner on this exercise's clock (to remove after the debrief). */
  static List<String> labsOf(LiveFire fire, LiveFireSeat seat) {
    return LabStates.tx(() -> LabInstance.<LabInstance>list(
        "challengeSlug = ?1 and state in ?2 and clockStart = ?3", fire.challengeSlug,
        LabState.ACTIVE, fire.startsAt)).stream().filter(seat::holds)
        .map(i -> i.instanceId).toList();
  }
}
