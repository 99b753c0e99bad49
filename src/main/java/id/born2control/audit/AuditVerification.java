package id.born2control.audit;

/**
 * The outcome of recomputing the chain: {@code valid}, how many records were checked and, when
 * broken, the first record that does not match and why. {@code pending} counts entries whose
 * transactions had not all ended yet, so they could not be sealed into the chain.
 * {@code checkpointSeq} is the record the latest signed checkpoint vouches for (null: none yet).
 */
public record AuditVerification(
    boolean valid, long checked, Long firstBrokenSeq, String reason, long pending,
    Long checkpointSeq) {}
