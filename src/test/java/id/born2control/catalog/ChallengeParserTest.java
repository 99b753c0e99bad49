package id.born2control.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.catalog.ChallengeSpec.DecayFunction;
import id.born2control.catalog.ChallengeSpec.FlagKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser on its own: located errors for broken files, ctfcli files accepted as written. */
class ChallengeParserTest {

  private static final String FILE = "challenges/demo/challenge.yml";

  @TempDir
  Path folder;

  /** Parsed as the service does when the operator allows no extra capability. */
  private ChallengeParser.Result parse(String yaml) {
    return parse(yaml, List.of());
  }

  private ChallengeParser.Result parse(String yaml, List<String> operatorAllowed) {
    return ChallengeParser.parse("demo", FILE, folder, yaml,
        new CapabilityPolicy(operatorAllowed));
  }

  private static final String VALID_HEAD = """
      name: Demo
      category: web
      description: A demo
      value: 100
      """;

  /** Each broken file with the one error line it must produce. */
  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of("bad flag type", VALID_HEAD + """
            flags:
              - B2C{one}
              - {type: magic, content: "B2C{two}"}
            """, "7:12: flags[1].type must be static or regex"),
        Arguments.of("missing name", """
            category: web
            description: x
            value: 10
            flags: [a]
            """, "1:1: name is required"),
        Arguments.of("syntax error", """
            name: Demo
            category: [web
            description: x
            """, "3:12: YAML syntax error: expected ',' or ']', but got :"),
        Arguments.of("value not a number", """
            name: Demo
            category: web
            description: x
            value: lots
            flags: [a]
            """, "4:8: value must be a whole number"),
        Arguments.of("hostile regex that RE2 refuses", VALID_HEAD + """
            flags:
              - {type: regex, content: "(a+)+\\\\1"}
            """, "6:28: flags[0].content is not a valid RE2 regular expression: invalid escape sequence"),
        Arguments.of("nothing to score", VALID_HEAD, "1:1: a challenge needs flags, a lab.flag or lab.checks: nothing could be scored"),
        Arguments.of("dynamic without extra", """
            name: Demo
            category: web
            description: x
            type: dynamic
            flags: [a]
            """, "1:1: extra is required for a dynamic challenge (initial, decay, minimum)"),
        Arguments.of("negative decay", """
            name: Demo
            category: web
            description: x
            type: dynamic
            extra: {initial: 100, decay: -5, minimum: 20}
            flags: [a]
            """, "5:30: extra.decay must not be negative"),
        Arguments.of("unknown state", VALID_HEAD + """
            flags: [a]
            state: secret
            """, "6:8: state must be visible or hidden"),
        Arguments.of("file outside the folder", VALID_HEAD + """
            flags: [a]
            files: [../../etc/passwd]
            """, "6:9: files[0] must be a relative path inside the challenge folder"),
        Arguments.of("missing file", VALID_HEAD + """
            flags: [a]
            files: [dist/nope.txt]
            """, "6:9: files[0] 'dist/nope.txt' does not exist in the challenge folder"),
        Arguments.of("lab without image or build", VALID_HEAD + """
            flags: [a]
            lab:
              ttl: 30m
            """, "7:3: lab needs build (a folder with a Dockerfile) or image (a local image tag)"),
        Arguments.of("flag template without token", VALID_HEAD + """
            lab:
              image: b2c/busybox:latest
              flag: {template: "B2C{fixed}", file: /flag.txt}
            """, "7:20: lab.flag.template must contain {{token}}, replaced by each trainee's token"),
        Arguments.of("forbidden capability", VALID_HEAD + """
            flags: [a]
            lab:
              image: b2c/busybox:latest
              capabilities: [SYS_ADMIN]
            """, "8:18: lab.capabilities[0] 'SYS_ADMIN' is not a capability a lab may have (allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT; with the operator's consent: NET_ADMIN, NET_RAW, SYS_PTRACE)"),
        // DAC_READ_SEARCH lets Docker's seccomp profile allow open_by_handle_at: host files.
        Arguments.of("DAC_READ_SEARCH", VALID_HEAD + """
            flags: [a]
            lab:
              image: b2c/busybox:latest
              capabilities: [CHOWN, CAP_DAC_READ_SEARCH]
            """, "8:25: lab.capabilities[1] 'DAC_READ_SEARCH' is not a capability a lab may have (allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT; with the operator's consent: NET_ADMIN, NET_RAW, SYS_PTRACE)"),
        Arguments.of("check script outside the folder", VALID_HEAD + """
            flags: [a]
            lab:
              image: b2c/busybox:latest
              checks:
                - {name: escape, script: ../../etc/passwd}
            """, "9:30: lab.checks[0].script '../../etc/passwd' must be a relative path inside the challenge folder"),
        Arguments.of("check script missing", VALID_HEAD + """
            flags: [a]
            lab:
              image: b2c/busybox:latest
              checks:
                - name: gone
                  script: checks/gone.sh
            """, "10:15: lab.checks[0].script 'checks/gone.sh' is not a file of the challenge folder"),
        Arguments.of("check with both run and script", VALID_HEAD + """
            flags: [a]
            lab:
              image: b2c/busybox:latest
              checks:
                - {name: both, run: "true", script: x.sh}
            """, "9:7: lab.checks[0] needs exactly one of script (a file of the challenge folder) or run (a command line for the range's busybox sh)"),
        Arguments.of("bad memory", VALID_HEAD + """
            flags: [a]
            lab:
              image: b2c/busybox:latest
              limits: {memory: plenty}
            """, "8:20: lab.limits.memory must be a size such as 128m or 1g"),
        Arguments.of("bad ttl", VALID_HEAD + """
            flags: [a]
            lab:
              image: b2c/busybox:latest
              ttl: forever
            """, "8:8: lab.ttl must be a duration such as 45m, 2h or 1h30m"),
        Arguments.of("check without run", VALID_HEAD + """
            lab:
              image: b2c/busybox:latest
              checks:
                - {name: patched, points: 50}
            """, "8:7: lab.checks[0] needs exactly one of script (a file of the challenge folder) or run (a command line for the range's busybox sh)"),
        Arguments.of("duplicate key", VALID_HEAD + """
            flags: [a]
            value: 200
            """, "6:1: the document has the key 'value' twice"),
        Arguments.of("not a mapping", "- just\n- a list\n", "1:1: the document must be a mapping (key: value)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void shouldRejectBrokenFileWithItsLocation(String why, String yaml, String expected) {
    ChallengeParser.Result result = parse(yaml);
    assertNull(result.spec(), why + ": a broken file must not load");
    List<String> errors = result.problems().stream()
        .filter(p -> p.severity() == Severity.ERROR).map(CatalogProblem::location).toList();
    assertTrue(errors.contains(FILE + ":" + expected), why + ": got " + errors);
  }

  @Test
  void shouldWarnButLoadOnUnknownKeys() {
    ChallengeParser.Result result = parse(VALID_HEAD + "flags: [a]\nwriteup: see blog\n");
    assertNotNull(result.spec());
    assertEquals(List.of(FILE + ":6:1: unknown key 'writeup' is ignored"),
        result.problems().stream().map(CatalogProblem::location).toList());
    assertEquals(Severity.WARNING, result.problems().get(0).severity());
  }

  /** Written the way public ctfcli repositories write them, extras and all. */
  @Test
  void shouldImportCtfcliStandardChallenge() throws IOException {
    Files.createDirectories(folder.resolve("dist"));
    Files.writeString(folder.resolve("dist/notes.txt"), "hello");
    ChallengeParser.Result result = parse("""
        # This file represents the base specification of your challenge. It is used by
        # other tools to install and deploy your challenge.
        name: "Baby's First Crypto"
        author: "CTF Team"
        category: crypto
        description: |-
          Decode **this**: `Zm9v`
        value: 50
        type: standard
        flags:
          - flag{foo}
          - {
              type: "static",
              content: "FLAG{FOO}",
              data: "case_insensitive",
          }
          - {type: "regex", content: "flag\\\\{f+o+\\\\}"}
        tags:
          - crypto
          - value: beginner
        files:
          - dist/notes.txt
        hints:
          - Base64 is not encryption
          - {content: "Try base64 -d", cost: 10}
        requirements:
          - "Warmup"
        state: visible
        version: "0.1"
        """);
    assertTrue(result.ok(), () -> "problems: " + result.problems());
    ChallengeSpec spec = result.spec();
    assertEquals("Baby's First Crypto", spec.name());
    assertEquals(3, spec.flags().size());
    assertTrue(spec.flags().get(1).caseInsensitive());
    assertEquals(FlagKind.REGEX, spec.flags().get(2).kind());
    assertEquals(List.of("crypto", "beginner"), spec.tags());
    assertEquals(10, spec.hints().get(1).cost());
    assertEquals(List.of("Warmup"), spec.requirements().prerequisites());
    assertEquals("0.1", spec.version());
    assertFalse(spec.hasLab());
  }

  @Test
  void shouldImportCtfcliDynamicChallengeWithDeploymentKeys() {
    ChallengeParser.Result result = parse("""
        name: "Web Warmup"
        author: someone
        category: web
        description: Find the flag
        value: 500
        type: dynamic
        extra:
          initial: 500
          decay: 100
          minimum: 50
          function: logarithmic
        image: .
        protocol: http
        host: null
        connection_info: http://example.test:8080
        healthcheck: writeup/exploit.py
        attempts: 5
        flags:
          - flag{web}
        topics:
          - Web
        requirements:
          prerequisites: ["Warmup"]
          anonymize: true
        next: null
        """);
    assertTrue(result.ok(), () -> "problems: " + result.problems());
    ChallengeSpec spec = result.spec();
    assertEquals(DecayFunction.LOGARITHMIC, spec.dynamic().function());
    assertEquals(500, spec.initialValue());
    assertEquals(5, spec.attempts());
    assertTrue(spec.requirements().anonymize());
    assertEquals(".", spec.image());
  }

  @Test
  void shouldReadLabSection() throws IOException {
    Files.writeString(folder.resolve("Dockerfile"), "FROM b2c/busybox:latest\n");
    ChallengeParser.Result result = parse("""
        name: Lab
        category: defense
        description: d
        value: 100
        lab:
          build: .
          ports: [{port: 8080, protocol: http}, 22]
          limits: {cpus: 0.25, memory: 64m, pids: 32}
          ttl: 1h30m
          capabilities: [net_admin]
          environment: {MODE: training}
          flag: {template: "B2C{x_{{token}}}", file: /flag.txt, mode: "0400"}
          checks:
            - name: blocked
              run: [iptables, -C, INPUT, -s, 198.51.100.23, -j, DROP]
              points: 50
        """, List.of("NET_ADMIN"));
    assertTrue(result.ok(), () -> "problems: " + result.problems());
    ChallengeSpec.LabSpec lab = result.spec().lab();
    assertEquals(5400, lab.ttlSeconds());
    assertEquals(64L * 1024 * 1024, lab.limits().memoryBytes());
    assertEquals(List.of("NET_ADMIN"), lab.capabilities());
    assertEquals("tcp", lab.ports().get(1).protocol());
    assertEquals("'iptables' '-C' 'INPUT' '-s' '198.51.100.23' '-j' 'DROP'",
        lab.checks().get(0).run());
  }

  @Test
  void shouldLoadNetAdminOnlyWhenTheOperatorAllowsIt() {
    String yaml = VALID_HEAD + """
        flags: [a]
        lab:
          image: b2c/busybox:latest
          capabilities: [NET_ADMIN]
        """;
    ChallengeParser.Result refused = parse(yaml);
    assertFalse(refused.ok());
    assertEquals(List.of(FILE + ":8:18: error: lab.capabilities[0] 'NET_ADMIN' widens what a trainee"
        + " reaches and is allowed only when the operator lists it in"
        + " b2c.catalog.allowed-capabilities (now: none)"),
        refused.problems().stream().map(Lint::line).toList());
    ChallengeParser.Result allowed = parse(yaml, List.of("cap_net_admin"));
    assertTrue(allowed.ok(), () -> "problems: " + allowed.problems());
    assertEquals(List.of("NET_ADMIN"), allowed.spec().lab().capabilities());
    // Allowing one does not allow the others.
    assertFalse(parse(yaml.replace("NET_ADMIN", "SYS_PTRACE"), List.of("NET_ADMIN")).ok());
  }

  @Test
  void shouldReadCheckScriptsFromTheChallengeFolderOnly() throws IOException {
    Files.createDirectories(folder.resolve("checks"));
    Files.writeString(folder.resolve("checks/blocked.sh"), "test -f /www/patched\n");
    Files.createSymbolicLink(folder.resolve("checks/linked.sh"), Path.of("/etc/passwd"));
    String head = VALID_HEAD + """
        flags: [a]
        lab:
          image: b2c/busybox:latest
          checks:
        """;
    ChallengeParser.Result read = parse(head + """
            - {name: blocked, from: probe, script: checks/blocked.sh, args: [x], points: 5}
            - {name: inline, in: target, run: "test -f /x"}
        """);
    assertTrue(read.ok(), () -> "problems: " + read.problems());
    ChallengeSpec.CheckSpec probe = read.spec().lab().checks().get(0);
    assertEquals(ChallengeSpec.CheckSite.PROBE, probe.site());
    assertEquals("test -f /www/patched\n", probe.scriptContent());
    assertEquals(List.of("x"), probe.args());
    assertEquals(ChallengeSpec.CheckSite.TARGET, read.spec().lab().checks().get(1).site());
    // A link is refused even when it names a file: the script must be the folder's own.
    ChallengeParser.Result linked = parse(head + """
            - {name: linked, script: checks/linked.sh}
        """);
    assertEquals(List.of(FILE + ":9:30: error: lab.checks[0].script 'checks/linked.sh' is not a file"
        + " of the challenge folder"), linked.problems().stream().map(Lint::line).toList());
    // An inline command that starts a program of the lab image is only a warning.
    ChallengeParser.Result imageProgram = parse(head + """
            - {name: old, run: /opt/checks/check.sh}
        """);
    assertTrue(imageProgram.ok());
    assertTrue(imageProgram.problems().get(0).message().contains("the trainee (root in the lab)"
        + " can replace"), () -> imageProgram.problems().toString());
  }

  @Test
  void shouldSanitizeScriptsOutOfDescriptions() {
    String html = Markdown.toSafeHtml("""
        # Title
        <script>alert(1)</script>
        [click](javascript:alert(2)) <img src=x onerror=alert(3)>
        `code` and **bold**
        """);
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("javascript:"), html);
    assertFalse(html.contains("onerror"), html);
    assertTrue(html.contains("<h1>Title</h1>"), html);
    assertTrue(html.contains("<code>code</code>"), html);
  }
}
