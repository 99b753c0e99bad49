package id.born2control.labs;

import java.time.Instant;
import java.util.List;

/**
 * A live-fire exercise's progress as pushed to staff when it changed: where it is (phase, end,
 * removal of its labs), how many labs of how many are ready, provisioning, waiting and failed,
 * and the participants whose lab changed ({@code seats}: all of them when the exercise itself
 * changed, in several pushes for a large exercise).
 */
public record LiveFireUpdate(long exercise, String phase, Instant endsAt, Instant removeAt,
    int total, int ready, int provisioning, int waiting, int failed,
    List<LiveFires.Seat> seats) {}
