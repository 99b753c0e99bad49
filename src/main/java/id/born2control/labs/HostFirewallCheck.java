package id.born2control.labs;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Refuses to start the range when its labs run on this machine's engine and the host firewall lets
 * a lab open connections to the host. An internal Docker network still gives the host an address
 * on the lab's bridge (the lab's default gateway), so every host service bound to all addresses
 * (the range itself, SSH, exporters) would answer a lab through it. {@code infra/lib.sh}
 * ({@code b2c_close_lab_bridges}, run by {@code infra/run.sh} and {@code .ci/run}) installs the rule
 * this class looks for.
 */
@ApplicationScoped
class HostFirewallCheck {

  private static final Logger LOG = Logger.getLogger(HostFirewallCheck.class);
  /** Lab networks are user-defined Docker bridges, whose interfaces are named {@code br-<id>}. */
  static final String LAB_INTERFACES = "br-+";
  static final String COMMAND =
      "iptables -I INPUT -i " + LAB_INTERFACES + " -m conntrack --ctstate NEW -j DROP";

  private final LabsConfig config;

  HostFirewallCheck(LabsConfig config) {
    this.config = config;
  }

  /** Before anything else of the labs feature starts (adoption, reconcile, relays). */
  void onStart(@Observes @Priority(10) StartupEvent event) {
    if (!config.requireHostFirewall()) {
      LOG.warn("Labs: b2c.labs.require-host-firewall is off: labs may reach services of this"
          + " host through their bridge gateway unless the host drops it (" + COMMAND + ")");
      return;
    }
    if (!"docker".equals(config.backend()) || !config.dockerHost().startsWith("unix://")) {
      LOG.infof("Labs: labs run on %s (%s), not on this machine: that engine's host must drop new"
          + " connections from lab networks itself (%s)", config.dockerHost(), config.backend(),
          COMMAND);
      return;
    }
    String problem = problem(readInputChain());
    if (problem != null) {
      throw new IllegalStateException("Labs could reach this host: " + problem + ". As root, run: "
          + COMMAND + " (infra/run.sh and .ci/run do it), or set b2c.labs.require-host-firewall="
          + "false if another firewall already drops new connections from lab bridges to this host");
    }
    LOG.info("Labs: the host drops new connections from lab bridges (" + LAB_INTERFACES + ")");
  }

  /** The INPUT chain as {@code iptables -S INPUT} prints it. */
  private static List<String> readInputChain() {
    try {
      Process p = new ProcessBuilder("iptables", "-S", "INPUT").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("cannot read the host firewall: iptables -S INPUT did not"
            + " answer within 10 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("cannot read the host firewall (iptables -S INPUT: "
            + out.strip() + "); run the range as root, or check the rule yourself (" + COMMAND
            + ") and set b2c.labs.require-host-firewall=false");
      }
      return out.lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the host firewall (iptables: " + e.getMessage()
          + "); install iptables, or check the rule yourself (" + COMMAND
          + ") and set b2c.labs.require-host-firewall=false", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the host firewall", e);
    }
  }

  /**
   * Why the INPUT chain ({@code iptables -S INPUT} lines) does not stop a lab opening a connection
   * to the host, or null when it does: a rule dropping (or rejecting) NEW connections from every
   * lab bridge, with no earlier rule accepting such connections.
   */
  static String problem(List<String> rules) {
    for (String line : rules) {
      List<String> rule = List.of(line.strip().split("\\s+"));
      if (rule.size() < 2 || !rule.get(0).equals("-A") || !rule.get(1).equals("INPUT")) {
        continue;
      }
      String target = value(rule, "-j");
      String in = value(rule, "-i");
      boolean fromLabs = in == null
          || (List.of(LAB_INTERFACES, "br+", "+").contains(in) && !negated(rule, "-i"));
      if (fromLabs && ("DROP".equals(target) || "REJECT".equals(target)) && matchesNew(rule)
          && onlyInterfaceAndState(rule)) {
        return null;
      }
      if ("ACCEPT".equals(target) && mayCarryLabs(in, rule) && matchesNew(rule)) {
        return "the INPUT rule '" + line.strip() + "' accepts new connections from lab bridges"
            + " before any rule drops them";
      }
    }
    return "no INPUT rule drops new connections from lab bridges (" + LAB_INTERFACES + ")";
  }

  private static String value(List<String> rule, String option) {
    int at = rule.indexOf(option);
    return at >= 0 && at + 1 < rule.size() ? rule.get(at + 1) : null;
  }

  private static boolean negated(List<String> rule, String option) {
    int at = rule.indexOf(option);
    return at > 0 && rule.get(at - 1).equals("!");
  }

  /** Whether the rule's state match (if any) includes NEW connections. */
  private static boolean matchesNew(List<String> rule) {
    String states = value(rule, "--ctstate");
    if (states == null) {
      states = value(rule, "--state");
    }
    return states == null || List.of(states.split(",")).contains("NEW");
  }

  /** A drop rule counts only when nothing but the interface and the state narrows it. */
  private static boolean onlyInterfaceAndState(List<String> rule) {
    return rule.stream().noneMatch(t -> t.equals("-s") || t.equals("-d") || t.equals("-p")
        || t.equals("--dport") || t.equals("--dports") || t.equals("!"));
  }

  /** Whether an interface match lets traffic of a lab bridge through ({@code br-+} or a br-...). */
  private static boolean mayCarryLabs(String in, List<String> rule) {
    if (in == null) {
      return true;
    }
    if (negated(rule, "-i")) {
      return !in.startsWith("br-");
    }
    return in.startsWith("br-") || in.equals("br+") || in.equals("+");
  }
}
