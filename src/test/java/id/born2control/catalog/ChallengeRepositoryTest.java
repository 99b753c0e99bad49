package id.born2control.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.ChallengeSpec.DecayFunction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One repository of challenge files written the way public ctfcli repositories write them
 * (CRLF, tabs, unicode and emoji, HTML, nested category folders, folder names with spaces and
 * capitals, every key shape of ctfcli's spec, keys of other tools), read as the service and the
 * lint command read it. Each file has its expected outcome: the slug its folder gives, and every
 * problem it must produce, as {@code severity line:column: message} (nothing else may appear).
 */
class ChallengeRepositoryTest {

  @TempDir
  static Path root;

  private static Map<String, List<String>> outcomes;
  private static Map<String, CatalogReader.Read> reads;

  /** One file of the repository and what reading it must give. */
  record Row(String folder, String yaml, String slug, boolean loads, List<String> problems) {
    @Override
    public String toString() {
      return folder;
    }
  }

  private static Row loads(String folder, String slug, String yaml, String... problems) {
    return new Row(folder, yaml, slug, true, List.of(problems));
  }

  private static Row fails(String folder, String slug, String yaml, String... problems) {
    return new Row(folder, yaml, slug, false, List.of(problems));
  }

  private static final String HEAD = "category: misc\ndescription: d\n";

  static List<Row> rows() {
    return List.of(
        loads("Warmup", "warmup", "name: Warmup\n" + HEAD + "value: 10\nflags: [\"flag{warm}\"]\n"),
        loads("are you alive", "are-you-alive", "name: Are you alive\n" + HEAD
            + "value: 10\nflags: [\"flag{alive}\"]\n"),
        loads("spec", "spec", resource("ctfcli-spec/challenge.yml"),
            "warning 22:1: healthcheck is read but not acted on: ctfcli's healthcheck is not run"
                + " here: a lab's solution/ is run by infra/lint.sh --solve"),
        loads("Crypto/AES Round 4", "crypto-aes-round-4", String.join("\r\n",
            "name: AES Round 4", "author: someone", "category: Crypto",
            "description: |", "  Windows line endings everywhere.", "  Second line.",
            "value: 300", "flags:", "  - flag{crlf}", "")),
        loads("web/sqli", "web-sqli", """
            name: SQLi 101
            category: web
            description: |
              <p>Log in as <b>admin</b>.</p><script>alert(1)</script>
              <a href="javascript:alert(2)">here</a>
            value: 100
            flags:
              - {type: regex, content: "flag\\\\{[a-z]+\\\\}", data: case_insensitive}
            """),
        fails("web/login", "web-login", "name: Login A\n" + HEAD + "value: 1\nflags: [a]\n",
            "error 0:0: the folders 'Web_Login' and 'web/login' both give the slug 'web-login':"
                + " rename one; neither changes the catalog until then"),
        fails("Web_Login", "web-login", "name: Login B\n" + HEAD + "value: 1\nflags: [a]\n",
            "error 0:0: the folders 'Web_Login' and 'web/login' both give the slug 'web-login':"
                + " rename one; neither changes the catalog until then"),
        loads("pwn/tabs in values", "pwn-tabs-in-values",
            "name: \"Tabs\\tinside\"\ncategory: pwn\ndescription: |\n  a\ttab\tseparated\tline\n"
                + "value: 50\nflags: [\"flag{\\ttab}\", \"flag{\ttab}\"]\n"),
        fails("pwn/tab indented", "pwn-tab-indented",
            "name: Tabbed\n" + HEAD + "value: 50\nflags:\n\t- flag{tab}\n",
            "error 6:1: YAML syntax error: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation)"),
        loads("misc/émoji 🚩", "misc-moji", """
            name: "Émoji 🚩 Flagge"
            category: "misc 🎲"
            description: "Ünïcödé ✓ — 日本語 and 🚩"
            value: 42
            flags: ["flag{🚩}"]
            """),
        loads("ctf2024/web/easy/xss", "ctf2024-web-easy-xss", """
            name: XSS deep
            category: web
            description: four levels down
            value: 100
            flags: ["flag{deep}"]
            """),
        loads("dynamic/default", "dynamic-default", """
            name: Dynamic default
            category: dyn
            description: CTFd's default decay is logarithmic
            type: dynamic
            extra: {initial: 500, decay: 100, minimum: 50}
            flags: ["flag{dyn}"]
            """),
        loads("dynamic/value differs", "dynamic-value-differs", """
            name: Dynamic value differs
            category: dyn
            description: d
            value: 400
            type: dynamic
            extra: {initial: 500, decay: 10, minimum: 100, function: linear}
            flags: ["flag{dyn}"]
            """, "warning 4:8: value 400 differs from extra.initial 500: a dynamic challenge"
                + " starts at extra.initial, as in CTFd"),
        loads("dynamic/decay zero", "dynamic-decay-zero", """
            name: No decay
            category: dyn
            description: d
            value: 300
            type: dynamic
            extra:
              initial: 300
              decay: 0
              minimum: 100
            flags: ["flag{dyn}"]
            """),
        loads("dynamic/minimum above", "dynamic-minimum-above", """
            name: Minimum above
            category: dyn
            description: d
            type: dynamic
            extra: {initial: 100, decay: 5, minimum: 200}
            flags: ["flag{dyn}"]
            """, "warning 5:42: extra.minimum 200 is above extra.initial 100: every solver gets"
                + " 200, as in CTFd"),
        loads("dynamic/top level", "dynamic-top-level", """
            name: Top level decay
            category: dyn
            description: d
            value: 500
            type: dynamic
            decay: 20
            minimum: 100
            extra: {initial: 500, decay: 10, minimum: 50}
            flags: ["flag{dyn}"]
            """,
            "warning 6:1: decay at the top level is ignored, as ctfcli ignores it: write it"
                + " under extra:",
            "warning 7:1: minimum at the top level is ignored, as ctfcli ignores it: write it"
                + " under extra:"),
        loads("standard/with extra", "standard-with-extra", """
            name: Standard with extra
            category: std
            description: d
            value: 100
            extra: {initial: 500, decay: 10, minimum: 50}
            flags: ["flag{std}"]
            """, "warning 5:1: extra is ignored on a standard challenge: only type: dynamic"
                + " reads it"),
        fails("standard/empty value", "standard-empty-value", """
            name: Empty value
            category: std
            description: d
            value:
            flags: ["flag{std}"]
            """, "error 4:7: value is empty: write the points as a whole number"),
        fails("standard/words value", "standard-words-value", """
            name: Words value
            category: std
            description: d
            value: "one hundred"
            flags: ["flag{std}"]
            """, "error 4:8: value must be a whole number"),
        loads("flags/data", "flags-data", """
            name: Flag data
            category: flags
            description: d
            value: 10
            flags:
              - {type: static, content: "flag{A}", data: case_sensitive}
              - {type: static, content: "flag{b}", data: ""}
              - {type: static, content: "flag{c}", data: "asdfasdfsdf"}
            """, "warning 8:46: flags[2].data 'asdfasdfsdf' is neither case_sensitive nor"
                + " case_insensitive: the flag is compared case-sensitively, as CTFd does"),
        fails("hints/unknown key", "hints-unknown-key", """
            name: Hint needs nothing
            category: hints
            description: d
            value: 10
            flags: ["flag{h}"]
            hints:
              - {key: first, content: one}
              - {content: two, requirements: [second]}
            """, "error 8:35: hints[1].requirements names 'second', which is no hint's key"),
        loads("solutions/mapping", "solutions-mapping", """
            name: Solution mapping
            category: sol
            description: d
            value: 10
            flags: ["flag{s}"]
            solution: {path: writeup/README.md, state: visible}
            """, "warning 6:44: solution.state visible is not acted on: write-ups are never"
                + " shown to trainees here",
            "warning 6:18: solution 'writeup/README.md' is not a file in the challenge folder"),
        loads("requirements/ctfd id", "requirements-ctfd-id", """
            name: Needs an id
            category: req
            description: d
            value: 10
            flags: ["flag{r}"]
            requirements: [Warmup, 1]
            """, "error 6:24: requirements[1] 1 is a CTFd challenge id, which names nothing"
                + " here: write the challenge's name or folder slug; the challenge stays locked"
                + " until then"),
        loads("requirements/nothing", "requirements-nothing", """
            name: Needs nothing known
            category: req
            description: d
            value: 10
            flags: ["flag{r}"]
            requirements:
              prerequisites: ["Not In This Repository", are-you-alive]
              anonymize: true
            """, "error 7:19: requirements[0] 'Not In This Repository' names no challenge in"
                + " the catalog (by name or folder slug): the challenge stays locked until it"
                + " does"),
        loads("other tools", "other-tools", """
            name: From another tool
            category: misc
            description: d
            value: 10
            flags: ["flag{o}"]
            difficulty: easy
            deploy:
              kubernetes: {replicas: 2}
            flag_format: flag{...}
            """, "warning 6:1: unknown key 'difficulty' is ignored",
            "warning 7:1: unknown key 'deploy' is ignored",
            "warning 9:1: unknown key 'flag_format' is ignored"),
        loads("yaml extension", "yaml-extension", "name: Dot yaml\n" + HEAD
            + "value: 10\nflags: [\"flag{y}\"]\n"),
        loads("keys/every one", "keys-every-one", """
            name: Every key
            author: someone
            attribution: "CC BY 4.0, <a href='https://example.org'>origin</a>"
            category: keys
            description: d
            value: 10
            type: standard
            image: registry.example.org/chal:1
            protocol: tcp
            host: ssh://root@192.0.2.10
            connection_info: nc 192.0.2.10 1337
            attempts: 3
            logic: all
            flags: ["flag{one}", "flag{two}"]
            topics: [crypto]
            tags: [{value: hard}, easy]
            next: are-you-alive
            module: Week 1
            scheduled_at: 2026-06-15T12:00:00Z
            state: visible
            version: 0.1
            """,
            "warning 8:1: image is read but not acted on: ctfcli images are not deployed here:"
                + " the lab: section starts each trainee's lab",
            "warning 9:1: protocol is read but not acted on: the protocol of a ctfcli image is"
                + " not used here: lab.ports says it",
            "warning 10:1: host is read but not acted on: deployment hosts are not used here:"
                + " the lab: section starts each trainee's lab",
            "warning 18:1: module is read but not acted on: CTFd modules are not used here:"
                + " challenges are grouped by category"),
        loads("bom", "bom", "\uFEFFname: Byte order mark\n" + HEAD + "value: 10\nflags: [b]\n"),
        fails("broken/scheduled", "broken-scheduled", """
            name: Scheduled without zone
            category: broken
            description: d
            value: 10
            flags: ["flag{x}"]
            scheduled_at: next tuesday
            """, "error 6:15: scheduled_at must be a date-time such as 2026-12-01T08:00:00+07:00"));
  }

  private static String resource(String name) {
    try (InputStream in = ChallengeRepositoryTest.class.getClassLoader()
        .getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void readRepository() throws IOException {
    for (Row row : rows()) {
      Path folder = root.resolve(row.folder());
      Files.createDirectories(folder);
      String file = row.folder().equals("yaml extension") ? "challenge.yaml" : "challenge.yml";
      Files.writeString(folder.resolve(file), row.yaml(), StandardCharsets.UTF_8);
    }
    Files.createDirectories(root.resolve("spec/dist"));
    Files.writeString(root.resolve("spec/dist/source.py"), "print('hi')\n");
    Files.createDirectories(root.resolve("spec/writeup"));
    Files.writeString(root.resolve("spec/writeup/README.md"), "# How\n");
    // Not challenges: a dot-folder (templates, CI) is never searched, even when broken.
    Files.createDirectories(root.resolve(".template/broken"));
    Files.writeString(root.resolve(".template/broken/challenge.yml"), "name: [");
    List<CatalogReader.Read> all = CatalogReader.read(root, CapabilityPolicy.lenient());
    Map<String, String> slugByName = new LinkedHashMap<>();
    all.stream().filter(CatalogReader.Read::loadable)
        .forEach(r -> slugByName.putIfAbsent(r.result().spec().name(), r.slug()));
    List<CatalogProblem> problems = new ArrayList<>();
    all.forEach(r -> problems.addAll(r.problems()));
    problems.addAll(CatalogReader.requirementProblems(all,
        all.stream().filter(CatalogReader.Read::loadable).map(CatalogReader.Read::slug)
            .collect(Collectors.toSet()), slugByName));
    outcomes = new LinkedHashMap<>();
    reads = new LinkedHashMap<>();
    for (CatalogReader.Read read : all) {
      String folder = root.relativize(read.found().folder()).toString();
      reads.put(folder, read);
      outcomes.put(folder, problems.stream()
          .filter(p -> p.file().equals(read.found().display()))
          .map(p -> p.severity().json() + " " + p.line() + ":" + p.column() + ": " + p.message())
          .toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shouldReadEachFileAsExpected(Row row) {
    CatalogReader.Read read = reads.get(row.folder());
    assertTrue(read != null, "not found: " + row.folder() + "; found " + reads.keySet());
    assertEquals(row.slug(), read.slug());
    assertEquals(row.loads(), read.loadable(), () -> "problems: " + outcomes.get(row.folder()));
    assertEquals(row.problems(), outcomes.get(row.folder()));
  }

  @Test
  void shouldFindEveryChallengeButNoneInDotFolders() {
    assertEquals(rows().size(), reads.size(), "found: " + reads.keySet());
    assertFalse(reads.keySet().stream().anyMatch(f -> f.startsWith(".")));
  }

  @Test
  void shouldLoadCtfcliSpecShapesAsCtfdReadsThem() {
    ChallengeSpec spec = reads.get("spec").result().spec();
    assertEquals(5, spec.flags().size());
    assertTrue(spec.flags().get(2).caseInsensitive());
    assertFalse(spec.flags().get(3).caseInsensitive());
    assertEquals(List.of(0), spec.hints().get(2).requirements());
    assertEquals(List.of(2), spec.hints().get(3).requirements());
    assertEquals("A titled hint", spec.hints().get(2).title());
    assertEquals("writeup/README.md", spec.solution());
    assertEquals(List.of("Warmup", "Are you alive"), spec.requirements().prerequisites());
    assertEquals(ChallengeSpec.Visibility.HIDDEN, spec.state());
    assertEquals("0.1", reads.get("keys/every one").result().spec().version());
  }

  @Test
  void shouldDecayLikeCtfdByDefault() {
    ChallengeSpec spec = reads.get("dynamic/default").result().spec();
    assertEquals(DecayFunction.LOGARITHMIC, spec.dynamic().function());
    assertEquals(0.0, reads.get("dynamic/decay zero").result().spec().dynamic().decay());
  }

  @Test
  void shouldKeepWhatNamesNothingSoTheChallengeStaysLocked() {
    List<String> needs = reads.get("requirements/nothing").result().spec().requirements()
        .prerequisites();
    Map<String, String> byName = Map.of("Are you alive", "are-you-alive");
    assertEquals(List.of("Not In This Repository", "are-you-alive"),
        Prerequisites.resolve(needs, java.util.Set.of("are-you-alive", "warmup"), byName));
    List<String> ids = reads.get("requirements/ctfd id").result().spec().requirements()
        .prerequisites();
    assertEquals(List.of("warmup", "#1"), Prerequisites.resolve(ids,
        java.util.Set.of("warmup"), Map.of("Warmup", "warmup")));
  }

  @Test
  void shouldRefuseLinksInListedFiles() throws IOException {
    Path folder = Files.createDirectories(root.resolve("../links-" + System.nanoTime()));
    Files.createDirectories(folder.resolve("dist"));
    Files.createSymbolicLink(folder.resolve("dist/passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(folder.resolve("linked"), Path.of("/etc"));
    ChallengeParser.Result result = ChallengeParser.parse("links", "links/challenge.yml", folder,
        "name: Links\n" + HEAD + "value: 1\nflags: [a]\nfiles: [dist/passwd, linked/hostname]\n",
        CapabilityPolicy.lenient());
    assertFalse(result.ok());
    assertEquals(List.of(
        "links/challenge.yml:6:9: files[0] 'dist/passwd' is or passes through a symbolic link:"
            + " ship the file itself",
        "links/challenge.yml:6:22: files[1] 'linked/hostname' is or passes through a symbolic"
            + " link: ship the file itself"),
        result.problems().stream().map(CatalogProblem::location).toList());
    assertTrue(ChallengeFiles.servable(folder, "dist/passwd").isEmpty());
    assertTrue(ChallengeFiles.servable(folder, "linked/hostname").isEmpty());
  }
}
