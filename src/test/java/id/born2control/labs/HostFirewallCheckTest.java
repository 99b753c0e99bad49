package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which INPUT chains ({@code iptables -S INPUT} output) keep labs off the host. */
class HostFirewallCheckTest {

  private static final String RULE = "-A INPUT -i br-+ -m conntrack --ctstate NEW -j DROP";

  @Test
  void shouldAcceptTheRuleInfraInstalls() {
    assertNull(HostFirewallCheck.problem(List.of("-P INPUT ACCEPT", RULE)));
    // The command the error message tells the operator to run produces exactly that rule.
    assertEquals(RULE, HostFirewallCheck.COMMAND.replace("iptables -I", "-A"));
  }

  @Test
  void shouldAcceptTheRuleBehindRulesThatLetNoNewLabConnectionIn() {
    assertNull(HostFirewallCheck.problem(List.of("-P INPUT DROP",
        "-A INPUT -i lo -j ACCEPT",
        "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT",
        "-A INPUT -i br-+ -m conntrack --ctstate NEW,INVALID -j REJECT --reject-with icmp-port-unreachable")));
  }

  @Test
  void shouldRefuseAChainWithoutTheRule() {
    String problem = HostFirewallCheck.problem(List.of("-P INPUT ACCEPT",
        "-A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT"));
    assertTrue(problem.contains("no INPUT rule drops new connections from lab bridges"), problem);
  }

  @Test
  void shouldRefuseTheRuleBehindAnAcceptOfEverything() {
    String problem = HostFirewallCheck.problem(List.of("-P INPUT ACCEPT",
        "-A INPUT -j ACCEPT", RULE));
    assertTrue(problem.contains("'-A INPUT -j ACCEPT' accepts new connections"), problem);
    problem = HostFirewallCheck.problem(List.of("-A INPUT -i br-4f2a -p tcp -j ACCEPT", RULE));
    assertTrue(problem.contains("br-4f2a"), problem);
  }

  @Test
  void shouldRefuseDropsThatLeaveSomeNewConnectionsOpen() {
    // Only one port, only one bridge, only replies, or every interface but the labs'.
    for (String partial : List.of(
        "-A INPUT -i br-+ -p tcp -m tcp --dport 8080 -m conntrack --ctstate NEW -j DROP",
        "-A INPUT -i br-4f2a -m conntrack --ctstate NEW -j DROP",
        "-A INPUT -i br-+ -m conntrack --ctstate INVALID -j DROP",
        "-A INPUT ! -i br-+ -m conntrack --ctstate NEW -j DROP",
        "-A INPUT -i br-+ -m conntrack --ctstate NEW -j LOG")) {
      assertNotNull(HostFirewallCheck.problem(List.of(partial)), partial);
    }
  }
}
