package id.born2control.flags;

import java.time.Instant;

/**
 * Whom a dynamic flag was issued to (the trainee who started the lab, and the team whose lab it
 * was, else null), for which challenge and lab instance.
 */
public record IssuedFlagRef(long traineeId, Long teamId, String slug, String instanceId, Instant issuedAt) {}
