package id.born2control.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.catalog.ChallengeSpec.Access;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code lab.hosts} and {@code lab.networks}: a lab of several hosts, and each bad input located. */
class LabHostsParserTest {

  private static final String FILE = "challenges/demo/challenge.yml";
  /** Five lines; {@code lab:} is line 6. */
  private static final String HEAD = """
      name: Demo
      category: defense
      description: d
      value: 100
      flags: [a]
      """;

  @TempDir
  Path folder;

  private ChallengeParser.Result parse(String yaml) {
    return ChallengeParser.parse("demo", FILE, folder, yaml, new CapabilityPolicy(List.of("NET_ADMIN")));
  }

  @Test
  void shouldReadHostsAndNetworksWithThePrimaryHostAsTheLab() throws IOException {
    Files.writeString(folder.resolve("Dockerfile"), "FROM b2c/busybox:latest\n");
    ChallengeParser.Result result = parse(HEAD + """
        lab:
          networks:
            internet: {subnet: 203.0.113.0/24}
            lan:
          hosts:
            attacker:
              image: b2c/busybox
              access: hidden
              networks:
                internet: {address: 203.0.113.7}
            web:
              build: .
              access: trainee
              networks: [internet, lan]
              ports: [{port: 8080, protocol: http}]
              limits: {memory: 64m}
              capabilities: [net_admin]
              user: www-data
            desk:
              image: b2c/busybox
              access: trainee
              networks: [lan]
        """);
    assertTrue(result.ok(), () -> "problems: " + result.problems());
    LabSpec lab = result.spec().lab();
    assertTrue(lab.multiHost());
    assertEquals(List.of("attacker", "web", "desk"), List.copyOf(lab.hosts().keySet()));
    assertEquals("web", lab.primaryHost());
    // The lab-level fields are the primary host's, so one-container code paths serve it.
    assertEquals(".", lab.build());
    assertEquals(8080, lab.ports().get(0).port());
    assertEquals(64L * 1024 * 1024, lab.limits().memoryBytes());
    assertEquals(List.of("NET_ADMIN"), lab.capabilities());
    assertEquals("www-data", lab.user());
    assertEquals("203.0.113.0/24", lab.networks().get("internet").subnet());
    assertNull(lab.networks().get("lan").subnet());
    assertEquals("203.0.113.7", lab.hosts().get("attacker").networks().get("internet"));
    assertEquals(Access.HIDDEN, lab.hosts().get("attacker").access());
    Map<String, String> webNetworks = new LinkedHashMap<>();
    webNetworks.put("internet", null);
    webNetworks.put("lan", null);
    assertEquals(webNetworks, lab.hosts().get("web").networks());
  }

  @Test
  void shouldKeepThePrimaryHostOfAStoredVersionWhoseHostsComeBackInAnotherOrder()
      throws IOException {
    ChallengeParser.Result result = parse(HEAD + """
        lab:
          networks:
            lan:
          hosts:
            portal:
              image: b2c/busybox
              access: trainee
              networks: [lan]
            db:
              image: b2c/busybox:latest
              access: trainee
              networks: [lan]
        """);
    assertTrue(result.ok(), () -> "problems: " + result.problems());
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode stored = json.valueToTree(result.spec().lab());
    // As PostgreSQL's jsonb gives the stored version back: shorter keys first.
    com.fasterxml.jackson.databind.node.ObjectNode hosts = json.createObjectNode();
    hosts.set("db", stored.get("hosts").get("db"));
    hosts.set("portal", stored.get("hosts").get("portal"));
    stored.set("hosts", hosts);
    LabSpec lab = json.treeToValue(stored, LabSpec.class);
    assertEquals(List.of("db", "portal"), List.copyOf(lab.hosts().keySet()));
    assertEquals("portal", lab.primaryHost());
    assertEquals("b2c/busybox", lab.image());
  }

  @Test
  void shouldReadTodaysLabAsOneHostNamedTarget() throws IOException {
    ChallengeParser.Result result = parse(HEAD + """
        lab:
          image: b2c/busybox
          ports: [8080]
        """);
    assertTrue(result.ok(), () -> "problems: " + result.problems());
    LabSpec lab = result.spec().lab();
    assertFalse(lab.multiHost());
    assertEquals(List.of(LabSpec.SINGLE_HOST), List.copyOf(lab.hosts().keySet()));
    assertEquals(LabSpec.SINGLE_HOST, lab.primaryHost());
    assertEquals(Access.TRAINEE, lab.hosts().get("target").access());
    assertEquals(8080, lab.hosts().get("target").ports().get(0).port());
  }

  @Test
  void shouldReadAVersionStoredBeforeHostsExistedAsOneHost() throws IOException {
    // A spec as stored before lab.hosts: no hosts and no networks in its JSON.
    String stored = """
        {"image":"b2c/busybox","dockerfile":"Dockerfile","ports":[{"port":8080,"protocol":"tcp"}],
         "limits":{"cpus":0.5,"memoryBytes":268435456,"pids":128},"ttlSeconds":3600,
         "egress":false,"capabilities":[],"environment":{},"checks":[],"terminal":"TARGET"}
        """;
    LabSpec lab = new ObjectMapper().readValue(stored, LabSpec.class);
    assertFalse(lab.multiHost());
    assertEquals("b2c/busybox", lab.hosts().get("target").image());
  }

  private static final String TWO_NETWORKS = """
      lab:
        networks:
          dmz: {subnet: 203.0.113.0/24}
          lan:
        hosts:
      """;

  /** Each bad lab with the one error (line:column: message) it must produce. */
  static Stream<Arguments> badLabs() {
    return Stream.of(
        Arguments.of("a host on an unknown network", TWO_NETWORKS + """
              web:
                image: b2c/busybox
                access: trainee
                networks: [dmz, wan]
            """.indent(2), "14:23: lab.hosts.web.networks: 'wan' is not a network of lab.networks (dmz,"
            + " lan)"),
        Arguments.of("an address on an unknown network", TWO_NETWORKS + """
              web:
                image: b2c/busybox
                access: trainee
                networks:
                  wan: {address: 10.0.0.5}
            """.indent(2), "15:9: lab.hosts.web.networks: 'wan' is not a network of lab.networks (dmz,"
            + " lan)"),
        Arguments.of("overlapping subnets", """
            lab:
              networks:
                dmz: {subnet: 10.5.0.0/16}
                lan: {subnet: 10.5.1.0/24}
              hosts:
                web: {image: b2c/busybox, access: trainee, networks: [dmz]}
            """, "9:19: lab.networks.lan.subnet 10.5.1.0/24 overlaps the subnet of network"
            + " 'dmz'"),
        Arguments.of("one fixed address for two hosts", TWO_NETWORKS + """
              web:
                image: b2c/busybox
                access: trainee
                networks: {dmz: {address: 203.0.113.7}}
              attacker:
                image: b2c/busybox
                access: hidden
                networks: {dmz: {address: 203.0.113.7}}
            """.indent(2), "18:33: lab.hosts.attacker.networks.dmz.address 203.0.113.7 is already the"
            + " address of host 'web' on network 'dmz'"),
        Arguments.of("an address outside its network", TWO_NETWORKS + """
              web:
                image: b2c/busybox
                access: trainee
                networks:
                  dmz: {address: 198.51.100.7}
            """.indent(2), "15:24: lab.hosts.web.networks.dmz.address 198.51.100.7 is outside subnet"
            + " 203.0.113.0/24 of network 'dmz'"),
        Arguments.of("the gateway's address", TWO_NETWORKS + """
              web:
                image: b2c/busybox
                access: trainee
                networks:
                  dmz: {address: 203.0.113.1}
            """.indent(2), "15:24: lab.hosts.web.networks.dmz.address 203.0.113.1 is the network,"
            + " broadcast or gateway address of 203.0.113.0/24 (the gateway is the first"
            + " address)"),
        Arguments.of("an address on a network without a fixed subnet", TWO_NETWORKS + """
              web:
                image: b2c/busybox
                access: trainee
                networks:
                  lan: {address: 10.9.0.5}
            """.indent(2), "15:24: lab.hosts.web.networks.lan.address: network 'lan' has no fixed subnet,"
            + " so its addresses are not known in advance (give lab.networks.lan.subnet)"),
        Arguments.of("a subnet that is not a network address", """
            lab:
              networks:
                dmz: {subnet: 203.0.113.9/24}
              hosts:
                web: {image: b2c/busybox, access: trainee, networks: [dmz]}
            """, "8:19: lab.networks.dmz.subnet '203.0.113.9/24' is not a network address:"
            + " write 203.0.113.0/24"),
        Arguments.of("a lab of hidden hosts only", TWO_NETWORKS + """
              attacker: {image: b2c/busybox, access: hidden, networks: [dmz]}
              db: {image: b2c/busybox, access: hidden, networks: [lan]}
            """.indent(2), "11:5: lab.hosts has no access: trainee host: the trainee could not enter a"
            + " lab of hidden hosts only"),
        Arguments.of("a host without access", TWO_NETWORKS + """
              web: {image: b2c/busybox, networks: [dmz]}
            """.indent(2), "11:10: lab.hosts.web.access is required: trainee (terminals, ports) or hidden"
            + " (never shown to the trainee)"),
        Arguments.of("an unknown host key", TWO_NETWORKS + """
              web:
                image: b2c/busybox
                access: trainee
                networks: [dmz]
                command: [sleep, infinity]
            """.indent(2), "15:7: unknown key 'lab.hosts.web.command' (allowed: access, build,"
            + " capabilities, dockerfile, environment, image, limits, networks, ports, user)"),
        Arguments.of("an unknown network key", """
            lab:
              networks:
                dmz: {subnet: 203.0.113.0/24, gateway: 203.0.113.1}
              hosts:
                web: {image: b2c/busybox, access: trainee, networks: [dmz]}
            """, "8:35: unknown key 'lab.networks.dmz.gateway' (allowed: subnet)"),
        Arguments.of("lab.networks without lab.hosts", """
            lab:
              image: b2c/busybox
              networks: {dmz: {subnet: 203.0.113.0/24}}
            """, "8:13: lab.networks needs lab.hosts: name the hosts that join them"),
        Arguments.of("ports on a hidden host", TWO_NETWORKS + """
              web: {image: b2c/busybox, access: trainee, networks: [dmz]}
              attacker: {image: b2c/busybox, access: hidden, networks: [dmz], ports: [22]}
            """.indent(2), "12:76: lab.hosts.attacker.ports: a hidden host is never reachable by the"
            + " trainee, so it offers no ports (hosts of the lab reach it on its networks)"),
        Arguments.of("ports on fixed subnets only", TWO_NETWORKS + """
              web: {image: b2c/busybox, access: trainee, networks: [dmz], ports: [80]}
            """.indent(2), "11:72: lab.hosts.web.ports: the range reaches these ports on a network"
            + " without a fixed subnet"),
        Arguments.of("a capability off the allow-list", TWO_NETWORKS + """
              web: {image: b2c/busybox, access: trainee, networks: [dmz], capabilities: [sys_admin]}
            """.indent(2), "11:80: lab.hosts.web.capabilities[0] 'SYS_ADMIN' is not a capability a lab may"
            + " have"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLabs")
  void shouldRejectBadLabWithItsLocation(String why, String lab, String expected) {
    ChallengeParser.Result result = parse(HEAD + lab);
    assertNull(result.spec(), why + ": a broken lab must not load");
    List<String> errors = result.problems().stream()
        .filter(p -> p.severity() == Severity.ERROR).map(CatalogProblem::location).toList();
    assertTrue(errors.stream().anyMatch(e -> e.startsWith(FILE + ":" + expected)),
        why + ": got " + errors);
  }

  @Test
  void shouldRejectALabLevelKeyThatBelongsToAHost() {
    ChallengeParser.Result result = parse(HEAD + TWO_NETWORKS + """
            web: {image: b2c/busybox, access: trainee, networks: [dmz]}
          ports: [8080]
        """);
    assertNull(result.spec());
    assertEquals(List.of(FILE + ":12:3: lab.ports does not apply to a lab with lab.hosts: write"
        + " it under each host (hosts take build, dockerfile, image, networks, ports, limits,"
        + " capabilities, access, user, environment)"), result.problems().stream()
        .filter(p -> p.severity() == Severity.ERROR).map(CatalogProblem::location).toList());
  }
}
