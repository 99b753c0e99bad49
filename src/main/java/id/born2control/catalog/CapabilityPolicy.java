package id.born2control.catalog;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Linux capabilities a lab host may be given. Docker's default set minus what a lab never
 * needs is always allowed; {@code NET_ADMIN}, {@code NET_RAW} and {@code SYS_PTRACE} widen what a
 * trainee (root in the lab) reaches, so they are allowed only when the operator lists them
 * ({@code b2c.catalog.allowed-capabilities}); anything else, {@code DAC_READ_SEARCH} above all
 * (with it Docker's seccomp profile allows {@code open_by_handle_at}, the known way to read the
 * host's files from a container), is never allowed.
 */
public final class CapabilityPolicy {

  /** Capabilities any challenge may ask for. */
  static final Set<String> ALWAYS = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
      "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
      "SYS_CHROOT");
  /** Capabilities a challenge gets only when the operator allows them. */
  static final Set<String> OPERATOR_GRANTED = Set.of("NET_ADMIN", "NET_RAW", "SYS_PTRACE");

  private final Set<String> operatorAllowed;

  /** {@code operatorAllowed}: the names listed in the configuration, with or without CAP_. */
  public CapabilityPolicy(Collection<String> operatorAllowed) {
    Set<String> allowed = new TreeSet<>();
    operatorAllowed.forEach(c -> allowed.add(normalize(c)));
    this.operatorAllowed = Set.copyOf(allowed);
  }

  /** The policy of an author's lint run: every capability an operator could grant is fine. */
  static CapabilityPolicy lenient() {
    return new CapabilityPolicy(OPERATOR_GRANTED);
  }

  /** {@code NET_ADMIN} for {@code cap_net_admin} or {@code CAP_NET_ADMIN}. */
  static String normalize(String capability) {
    return capability == null ? ""
        : capability.strip().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
  }

  /** Why {@code capability} (normalized) may not be given to a lab, or null when it may. */
  String refusal(String capability) {
    if (ALWAYS.contains(capability)) {
      return null;
    }
    if (OPERATOR_GRANTED.contains(capability)) {
      return operatorAllowed.contains(capability) ? null : "'" + capability + "' widens what a"
          + " trainee reaches and is allowed only when the operator lists it in"
          + " b2c.catalog.allowed-capabilities (now: "
          + (operatorAllowed.isEmpty() ? "none" : String.join(", ", operatorAllowed)) + ")";
    }
    return "'" + capability + "' is not a capability a lab may have (allowed: "
        + String.join(", ", new TreeSet<>(ALWAYS)) + "; with the operator's consent: "
        + String.join(", ", new TreeSet<>(OPERATOR_GRANTED)) + ")";
  }
}
