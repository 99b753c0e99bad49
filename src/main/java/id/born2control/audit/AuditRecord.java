package id.born2control.audit;

import java.time.Instant;

/** One record of the audit trail as the API shows it. */
public record AuditRecord(
    long seq, Instant at, String actor, String action, String subject, String details,
    String prevHash, String hash) {}
