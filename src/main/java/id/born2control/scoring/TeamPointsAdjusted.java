package id.born2control.scoring;

import java.time.Instant;

/**
 * Team points outside a solve's value ({@code first-blood}, {@code hint}, {@code award},
 * {@code penalty}, {@code defense}, {@code scenario} for a team lab's ticks); {@code traineeId} is the member whose action it was (null for staff awards).
 * Fired and shared like {@link PointsAdjusted}.
 */
public record TeamPointsAdjusted(long id, long teamId, Long traineeId, long exerciseId,
    int points, Instant at, String kind, String reason) {}
