package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The addresses of a shared fixed subnet, against tables worked out by hand. */
class FixedAddressesTest {

  @Test
  void shouldKeepGivenAddressesAndGiveTheOthersTheLowestFreeOnes() throws Exception {
    Map<String, String> hosts = new LinkedHashMap<>();
    hosts.put("web", null);
    hosts.put("attacker", "203.0.113.7");
    hosts.put("mail", null);
    hosts.put("squatter", "203.0.113.3");
    assertEquals(Map.of("web", "203.0.113.2", "attacker", "203.0.113.7", "mail", "203.0.113.4",
        "squatter", "203.0.113.3"), FixedAddresses.assign("203.0.113.0/24", hosts));
  }

  @Test
  void shouldRefuseAHostWhenTheSubnetIsFull() {
    Map<String, String> hosts = new LinkedHashMap<>();
    // a /30 has one address above the gateway: .2; .3 is the broadcast address
    hosts.put("a", null);
    hosts.put("b", null);
    assertThrows(LabBackendException.class,
        () -> FixedAddresses.assign("198.51.100.0/30", hosts));
  }

  @Test
  void shouldOfferGatewaysFromTheTopSkippingTheLabsAddresses() {
    assertEquals(List.of("198.51.100.6", "198.51.100.4", "198.51.100.3", "198.51.100.2"),
        FixedAddresses.gateways("198.51.100.0/29", List.of("198.51.100.5")));
  }

  @Test
  void shouldMapEachShadowAddressToItsFixedOneAndTheGatewayAsSlash32() throws Exception {
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put("web", "203.0.113.2");
    fixed.put("attacker", "203.0.113.7");
    FixedAddresses.Plan plan = FixedAddresses.plan("203.0.113.0/24", fixed, "203.0.113.254",
        "10.213.0.48/28");
    assertEquals(Map.of("web", "10.213.0.50", "attacker", "10.213.0.51"), plan.shadow());
    assertEquals("10.213.0.49", plan.gatewayShadow());
    assertEquals("10.213.0.50=203.0.113.2/24,10.213.0.51=203.0.113.7/24,"
        + "10.213.0.49=203.0.113.254/32", plan.map());
    // 13 hosts and the gateway fit a /28 (16 addresses less network, gateway, broadcast)
    FixedAddresses.checkFits(13, "10.213.0.48/28");
    LabBackendException full = assertThrows(LabBackendException.class,
        () -> FixedAddresses.checkFits(14, "10.213.0.48/28"));
    assertTrue(full.getMessage().contains("at most 13 hosts"), full.getMessage());
  }
}
