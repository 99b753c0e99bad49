package id.born2control.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.catalog.ChallengeSpec.ScenarioPoints;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code scenario:}: tick, checks and adversary read and validated at load, located. */
class ScenarioParserTest {

  private static final String FILE = "challenges/demo/challenge.yml";
  /** A lab of four hosts; {@code scenario:} is line 19. */
  private static final String LAB = """
      name: Demo
      category: defense
      description: d
      value: 100
      flags: [a]
      lab:
        networks:
          dmz: {subnet: 203.0.113.0/24}
          lan:
        hosts:
          web: {image: b2c/busybox, access: trainee, networks: [dmz, lan]}
          desk: {image: b2c/busybox, access: trainee, networks: [lan]}
          attacker:
            image: b2c/busybox
            access: hidden
            networks: {dmz: {address: 203.0.113.7}}
          checker: {image: b2c/busybox, access: hidden, networks: [dmz, lan]}
          db: {image: b2c/busybox, access: hidden, networks: [lan]}
      """;

  @TempDir
  Path folder;

  @BeforeEach
  void scripts() throws IOException {
    Files.createDirectories(folder.resolve("checks"));
    Files.createDirectories(folder.resolve("adversary"));
    Files.writeString(folder.resolve("checks/portal.sh"), "#!/bin/sh\n");
    Files.writeString(folder.resolve("adversary/brute.sh"), "#!/bin/sh\n");
  }

  private ChallengeParser.Result parse(String yaml) {
    return ChallengeParser.parse("demo", FILE, folder, yaml, new CapabilityPolicy(List.of()));
  }

  @Test
  void shouldReadTickChecksAdversaryAndPoints() {
    ChallengeParser.Result result = parse(LAB + """
        scenario:
          tick: 30s
          checks:
            - {name: portal-up, description: "the portal answers", from: checker,
               run: checks/portal.sh, on: web}
          adversary:
            - {name: ssh-brute, technique: T1110.001, at: 5m, from: attacker,
               run: adversary/brute.sh}
            - {name: beacon, technique: T1071, every: 1m30s, from: attacker,
               run: adversary/brute.sh}
          points: {check: 2, succeeded: 50}
        """);
    assertTrue(result.ok(), () -> "problems: " + result.problems());
    ScenarioSpec scenario = result.spec().scenario();
    assertEquals(30, scenario.tickSeconds());
    assertEquals(List.of(new ScenarioCheck("portal-up", "the portal answers", "checker",
        "checks/portal.sh", "web")), scenario.checks());
    assertEquals(List.of(
        new AdversaryStep("ssh-brute", "T1110.001", 300L, null, "attacker", "adversary/brute.sh"),
        new AdversaryStep("beacon", "T1071", null, 90L, "attacker", "adversary/brute.sh")),
        scenario.adversary());
    assertEquals(new ScenarioPoints(2, 10, 50, 2), scenario.points());
  }

  /** Each bad scenario with the one error (line:column: message) it must produce. */
  static Stream<Arguments> badScenarios() {
    return Stream.of(
        Arguments.of("a check from a host that does not exist", """
            scenario:
              checks:
                - {name: up, from: monitor, run: checks/portal.sh, on: web}
            """, "21:24: scenario.checks[0].from: 'monitor' is not a host of lab.hosts (web,"
            + " desk, attacker, checker, db)"),
        Arguments.of("a check on a host that does not exist", """
            scenario:
              checks:
                - {name: up, from: checker, run: checks/portal.sh, on: portal}
            """, "21:60: scenario.checks[0].on: 'portal' is not a host of lab.hosts"),
        Arguments.of("a step from a host that does not exist", """
            scenario:
              adversary:
                - {name: s, technique: T1110, at: 5m, from: kali, run: adversary/brute.sh}
            """, "21:49: scenario.adversary[0].from: 'kali' is not a host of lab.hosts"),
        Arguments.of("a step without at or every", """
            scenario:
              adversary:
                - {name: s, technique: T1110, from: attacker, run: adversary/brute.sh}
            """, "21:7: scenario.adversary[0] needs exactly one of at (an offset from the"
            + " start, such as 5m) or every (an interval, such as 10m)"),
        Arguments.of("a step with both at and every", """
            scenario:
              adversary:
                - {name: s, technique: T1110, at: 1m, every: 5m, from: attacker,
                   run: adversary/brute.sh}
            """, "21:7: scenario.adversary[0] needs exactly one of at"),
        Arguments.of("a script outside the challenge folder", """
            scenario:
              adversary:
                - {name: s, technique: T1110, at: 5m, from: attacker, run: ../../etc/passwd}
            """, "21:64: scenario.adversary[0].run '../../etc/passwd' is outside the challenge"
            + " folder: write a relative path to a script in it"),
        Arguments.of("an absolute script path", """
            scenario:
              checks:
                - {name: up, from: checker, run: /bin/true, on: web}
            """, "21:38: scenario.checks[0].run '/bin/true' is outside the challenge folder"),
        Arguments.of("a script that is not there", """
            scenario:
              checks:
                - {name: up, from: checker, run: checks/missing.sh, on: web}
            """, "21:38: scenario.checks[0].run 'checks/missing.sh' does not exist in the"
            + " challenge folder"),
        Arguments.of("a check on a host the trainee can access", """
            scenario:
              checks:
                - {name: up, from: web, run: checks/portal.sh, on: web}
            """, "21:24: scenario.checks[0].from: 'web' is a host the trainee can access: the"
            + " checker must run on an access: hidden host, or the trainee could change what it"
            + " reports"),
        Arguments.of("an adversary on a host the trainee can access", """
            scenario:
              adversary:
                - {name: s, technique: T1110, at: 5m, from: desk, run: adversary/brute.sh}
            """, "21:49: scenario.adversary[0].from: 'desk' is a host the trainee can access"),
        Arguments.of("a technique that is no ATT&CK id", """
            scenario:
              adversary:
                - {name: s, technique: brute-force, at: 5m, from: attacker,
                   run: adversary/brute.sh}
            """, "21:28: scenario.adversary[0].technique is required: a MITRE ATT&CK technique"
            + " id such as T1110 or T1110.001"),
        Arguments.of("a tick too short", """
            scenario:
              tick: 1s
              checks:
                - {name: up, from: checker, run: checks/portal.sh, on: web}
            """, "20:9: scenario.tick must be between 5s and 60m"),
        Arguments.of("a tick without a unit", """
            scenario:
              tick: 30
              checks:
                - {name: up, from: checker, run: checks/portal.sh, on: web}
            """, "20:9: scenario.tick must be a duration such as 30s, 5m or 1h30m"),
        Arguments.of("an interval shorter than the tick", """
            scenario:
              tick: 1m
              adversary:
                - {name: s, technique: T1110, every: 10s, from: attacker,
                   run: adversary/brute.sh}
            """, "22:42: scenario.adversary[0].every must be at least one tick (60s)"),
        Arguments.of("an unknown step key", """
            scenario:
              adversary:
                - {name: s, technique: T1110, at: 5m, from: attacker,
                   run: adversary/brute.sh, target: web}
            """, "22:33: unknown key 'scenario.adversary[0].target' (allowed: at, every, from,"
            + " name, run, technique)"),
        Arguments.of("two checks of one name", """
            scenario:
              checks:
                - {name: up, from: checker, run: checks/portal.sh, on: web}
                - {name: up, from: checker, run: checks/portal.sh, on: db}
            """, "22:14: scenario.checks[1].name 'up' is used twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badScenarios")
  void shouldRejectBadScenarioWithItsLocation(String why, String scenario, String expected) {
    ChallengeParser.Result result = parse(LAB + scenario);
    assertNull(result.spec(), why + ": a broken scenario must not load");
    List<String> errors = result.problems().stream()
        .filter(p -> p.severity() == Severity.ERROR).map(CatalogProblem::location).toList();
    assertTrue(errors.stream().anyMatch(e -> e.startsWith(FILE + ":" + expected)),
        why + ": got " + errors);
  }

  @Test
  void shouldRejectAScenarioWithoutHosts() {
    ChallengeParser.Result result = parse("""
        name: Demo
        category: defense
        description: d
        value: 100
        flags: [a]
        lab: {image: b2c/busybox}
        scenario:
          tick: 30s
        """);
    assertNull(result.spec());
    assertEquals(List.of(FILE + ":8:3: scenario needs a lab of several hosts (lab.hosts): its"
        + " checks and adversary run from hidden hosts of the lab"), result.problems().stream()
        .filter(p -> p.severity() == Severity.ERROR).map(CatalogProblem::location).toList());
  }
}
