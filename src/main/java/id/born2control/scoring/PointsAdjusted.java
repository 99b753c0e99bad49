package id.born2control.scoring;

import java.time.Instant;

/**
 * Points granted or taken outside a solve's value: {@code kind} is {@code first-blood},
 * {@code hint}, {@code award}, {@code penalty}, {@code defense} or {@code scenario} (one tick of
 * a live-fire scenario). Fired like {@link SolveRecorded}.
 */
public record PointsAdjusted(
    long id, long traineeId, long exerciseId, int points, Instant at, String kind, String reason) {}
