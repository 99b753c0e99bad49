package id.born2control.audit;

/**
 * The outcome of recomputing the chain: {@code valid}, how many records were checked and, when
 * broken, the first record that does not match and why.
 */
public record AuditVerification(
    boolean valid, long checked, Long firstBrokenSeq, String reason) {}
