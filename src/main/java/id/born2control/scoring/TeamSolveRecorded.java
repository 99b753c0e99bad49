package id.born2control.scoring;

import java.time.Instant;

/**
 * A team's solve has been stored (team exercises): {@code traineeId} is the member whose flag
 * solved it, {@code position} the team's place among the challenge's team solvers (1 = first
 * blood). Fired and shared like {@link SolveRecorded}.
 */
public record TeamSolveRecorded(long solveId, long teamId, long traineeId, String slug,
    long exerciseId, Instant at, int position) {}
