package id.born2control.flags;

import java.time.Instant;

/** Whom a dynamic flag was issued to, for which challenge and lab instance. */
public record IssuedFlagRef(long traineeId, String slug, String instanceId, Instant issuedAt) {}
