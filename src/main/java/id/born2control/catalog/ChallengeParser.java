package id.born2control.catalog;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.catalog.ChallengeSpec.CheckSpec;
import id.born2control.catalog.ChallengeSpec.DecayFunction;
import id.born2control.catalog.ChallengeSpec.DynamicFlagSpec;
import id.born2control.catalog.ChallengeSpec.DynamicValue;
import id.born2control.catalog.ChallengeSpec.FlagKind;
import id.born2control.catalog.ChallengeSpec.FlagLogic;
import id.born2control.catalog.ChallengeSpec.FlagSpec;
import id.born2control.catalog.ChallengeSpec.HintSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.Limits;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import id.born2control.catalog.ChallengeSpec.Requirements;
import id.born2control.catalog.ChallengeSpec.ScoreType;
import id.born2control.catalog.ChallengeSpec.TerminalTarget;
import id.born2control.catalog.ChallengeSpec.Visibility;
import id.born2control.catalog.ChallengeSpec.WorkstationSpec;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one {@code challenge.yml} into a {@link ChallengeSpec}. It works on the YAML node tree so
 * that every problem names the line and column it comes from; it reports all problems at once
 * rather than stopping at the first. Pure: the only I/O is checking that listed files exist.
 */
final class ChallengeParser {

  static final Set<String> CTFCLI_KEYS =
      Set.of("name", "author", "attribution", "category", "description", "value", "type", "extra",
          "flags", "logic", "hints", "requirements", "next", "tags", "topics", "files",
          "connection_info", "attempts", "state", "scheduled_at", "version", "image", "protocol",
          "host", "healthcheck", "solution", "lab");

  private static final java.util.regex.Pattern SLUG = java.util.regex.Pattern.compile(
      "[a-z0-9][a-z0-9-]{0,62}");
  private static final java.util.regex.Pattern MEMORY = java.util.regex.Pattern.compile(
      "(\\d+)\\s*([kmg]?)i?b?", java.util.regex.Pattern.CASE_INSENSITIVE);
  private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(
      "(?:(\\d+)h)?\\s*(?:(\\d+)m)?\\s*(?:(\\d+)s)?", java.util.regex.Pattern.CASE_INSENSITIVE);
  private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile(
      "[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> CAPABILITIES =
      Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL",
          "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP",
          "SETUID", "SYS_CHROOT", "SYS_PTRACE");
  static final String TOKEN = "{{token}}";
  static final long DEFAULT_TTL_SECONDS = 3600;
  static final Limits DEFAULT_LIMITS = new Limits(0.5, 256L * 1024 * 1024, 128);

  private final String slug;
  private final String file;
  private final Path folder;
  private final List<CatalogProblem> problems = new ArrayList<>();

  private ChallengeParser(String slug, String file, Path folder) {
    this.slug = slug;
    this.file = file;
    this.folder = folder;
  }

  /** What came out of one file: a spec when there was no error, and every problem found. */
  record Result(ChallengeSpec spec, List<CatalogProblem> problems) {
    boolean ok() {
      return spec != null;
    }
  }

  /**
   * Parses {@code yaml}, the content of {@code file} in challenge folder {@code folder} named
   * {@code slug}.
   */
  static Result parse(String slug, String file, Path folder, String yaml) {
    return new ChallengeParser(slug, file, folder).run(yaml);
  }

  private Result run(String yaml) {
    if (!SLUG.matcher(slug).matches()) {
      problems.add(new CatalogProblem(slug, file, 0, 0, Severity.ERROR,
          "folder name '" + slug + "' is not a valid slug (lowercase letters, digits and dashes,"
              + " at most 63 characters)"));
      return new Result(null, problems);
    }
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(20);
      options.setCodePointLimit(1024 * 1024);
      root = new Yaml(options).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String reason = e.getProblem() != null ? e.getProblem() : e.getContext();
      error(mark, "YAML syntax error: " + reason);
      return new Result(null, problems);
    } catch (YAMLException e) {
      problems.add(new CatalogProblem(slug, file, 0, 0, Severity.ERROR,
          "YAML syntax error: " + e.getMessage()));
      return new Result(null, problems);
    }
    if (root == null) {
      problems.add(new CatalogProblem(slug, file, 1, 1, Severity.ERROR, "the file is empty"));
      return new Result(null, problems);
    }
    Map<String, Node> top = mapping(root, "the document");
    if (top == null) {
      return new Result(null, problems);
    }
    ChallengeSpec spec = challenge(root, top);
    boolean failed = problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    return new Result(failed ? null : spec, problems);
  }

  private ChallengeSpec challenge(Node root, Map<String, Node> top) {
    for (Map.Entry<String, Node> key : keyNodes(root).entrySet()) {
      if (!CTFCLI_KEYS.contains(key.getKey())) {
        warning(key.getValue(), "unknown key '" + key.getKey() + "' is ignored");
      }
    }
    String name = string(root, top, "name", true);
    String category = string(root, top, "category", true);
    String description = string(root, top, "description", true);
    ScoreType type = enumValue(top.get("type"), "type", ScoreType.class, ScoreType.STANDARD);
    DynamicValue dynamic = null;
    Integer value = integer(top.get("value"), "value", 0, 100_000);
    if (type == ScoreType.DYNAMIC) {
      dynamic = dynamicValue(root, top.get("extra"), value);
    } else if (value == null && !top.containsKey("value")) {
      error(root, "value is required for a standard challenge");
    }
    List<FlagSpec> flags = flags(top.get("flags"));
    LabSpec lab = top.containsKey("lab") ? lab(top.get("lab")) : null;
    if (flags.isEmpty() && (lab == null || (lab.flag() == null && lab.checks().isEmpty()))) {
      error(top.getOrDefault("flags", root),
          "a challenge needs flags, a lab.flag or lab.checks: nothing could be scored");
    }
    Integer attempts = integer(top.get("attempts"), "attempts", 0, 1_000_000);
    String solution = solution(top.get("solution"));
    List<String> files = files(top.get("files"));
    return new ChallengeSpec(
        slug,
        name,
        string(root, top, "author", false),
        string(root, top, "attribution", false),
        category,
        description,
        dynamic != null ? dynamic.initial() : value == null ? 0 : value,
        type,
        dynamic,
        flags,
        enumValue(top.get("logic"), "logic", FlagLogic.class, FlagLogic.ANY),
        hints(top.get("hints")),
        requirements(top.get("requirements")),
        string(root, top, "next", false),
        stringList(top.get("tags"), "tags"),
        stringList(top.get("topics"), "topics"),
        files,
        string(root, top, "connection_info", false),
        attempts == null ? 0 : attempts,
        enumValue(top.get("state"), "state", Visibility.class, Visibility.VISIBLE),
        instant(top.get("scheduled_at"), "scheduled_at"),
        scalarText(top.get("version")),
        string(root, top, "image", false),
        string(root, top, "protocol", false),
        string(root, top, "host", false),
        string(root, top, "healthcheck", false),
        lab,
        solution);
  }

  private DynamicValue dynamicValue(Node root, Node extraNode, Integer value) {
    if (extraNode == null) {
      error(root, "extra is required for a dynamic challenge (initial, decay, minimum)");
      return null;
    }
    Map<String, Node> extra = mapping(extraNode, "extra");
    if (extra == null) {
      return null;
    }
    Integer initial = integer(extra.get("initial"), "extra.initial", 0, 100_000);
    if (initial == null) {
      initial = value;
    }
    Double decay = number(extra.get("decay"), "extra.decay");
    Integer minimum = integer(extra.get("minimum"), "extra.minimum", 0, 100_000);
    if (initial == null) {
      error(extraNode, "extra.initial is required for a dynamic challenge");
    }
    if (decay == null) {
      error(extraNode, "extra.decay is required for a dynamic challenge");
    } else if (decay <= 0) {
      error(extra.get("decay"), "extra.decay must be greater than 0");
    }
    if (minimum == null) {
      error(extraNode, "extra.minimum is required for a dynamic challenge");
    }
    if (initial != null && minimum != null && minimum > initial) {
      error(extra.get("minimum"), "extra.minimum must not exceed extra.initial");
    }
    DecayFunction function =
        enumValue(extra.get("function"), "extra.function", DecayFunction.class,
            DecayFunction.LINEAR);
    if (initial == null || decay == null || minimum == null) {
      return null;
    }
    return new DynamicValue(initial, decay, minimum, function);
  }

  private List<FlagSpec> flags(Node node) {
    List<FlagSpec> flags = new ArrayList<>();
    List<Node> items = sequence(node, "flags");
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = "flags[" + i + "]";
      if (item instanceof ScalarNode scalar) {
        if (scalar.getValue().isEmpty()) {
          error(item, where + " must not be empty");
        } else {
          flags.add(new FlagSpec(FlagKind.STATIC, scalar.getValue(), false));
        }
        continue;
      }
      Map<String, Node> flag = mapping(item, where);
      if (flag == null) {
        continue;
      }
      FlagKind kind = enumValue(flag.get("type"), where + ".type", FlagKind.class, FlagKind.STATIC);
      String content = scalarText(flag.get("content"));
      if (content == null || content.isEmpty()) {
        error(item, where + ".content is required");
        continue;
      }
      String data = scalarText(flag.get("data"));
      boolean caseInsensitive = "case_insensitive".equals(data);
      if (data != null && !data.isEmpty() && !caseInsensitive) {
        error(flag.get("data"), where + ".data must be case_insensitive or empty");
      }
      if (kind == FlagKind.REGEX) {
        try {
          Pattern.compile(content);
        } catch (PatternSyntaxException e) {
          error(flag.get("content"),
              where + ".content is not a valid RE2 regular expression: " + e.getDescription());
        }
      }
      if (kind != null) {
        flags.add(new FlagSpec(kind, content, caseInsensitive));
      }
    }
    return flags;
  }

  private List<HintSpec> hints(Node node) {
    List<HintSpec> hints = new ArrayList<>();
    List<Node> items = sequence(node, "hints");
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = "hints[" + i + "]";
      if (item instanceof ScalarNode scalar) {
        hints.add(new HintSpec(null, scalar.getValue(), 0, List.of()));
        continue;
      }
      Map<String, Node> hint = mapping(item, where);
      if (hint == null) {
        continue;
      }
      String content = scalarText(hint.get("content"));
      if (content == null || content.isBlank()) {
        error(item, where + ".content is required");
        continue;
      }
      Integer cost = integer(hint.get("cost"), where + ".cost", 0, 100_000);
      List<Integer> needs = new ArrayList<>();
      for (Node need : sequence(hint.get("requirements"), where + ".requirements")) {
        Integer index = integer(need, where + ".requirements[]", 0, items.size() - 1);
        if (index != null) {
          needs.add(index);
        }
      }
      hints.add(new HintSpec(scalarText(hint.get("title")), content, cost == null ? 0 : cost,
          List.copyOf(needs)));
    }
    return hints;
  }

  private Requirements requirements(Node node) {
    if (node == null) {
      return Requirements.NONE;
    }
    Node list = node;
    boolean anonymize = false;
    if (node instanceof MappingNode) {
      Map<String, Node> map = mapping(node, "requirements");
      list = map.get("prerequisites");
      anonymize = bool(map.get("anonymize"), "requirements.anonymize", false);
    }
    List<String> prerequisites = stringList(list, "requirements");
    return new Requirements(prerequisites, anonymize);
  }

  private List<String> files(Node node) {
    List<String> files = stringList(node, "files");
    List<Node> items = sequence(node, "files");
    for (int i = 0; i < files.size(); i++) {
      String path = files.get(i);
      Node at = items.get(i);
      if (!insideFolder(path)) {
        error(at, "files[" + i + "] must be a relative path inside the challenge folder");
      } else if (!Files.isRegularFile(folder.resolve(path))) {
        error(at, "files[" + i + "] '" + path + "' does not exist in the challenge folder");
      }
    }
    return files;
  }

  private String solution(Node node) {
    if (node == null) {
      return null;
    }
    String path = node instanceof MappingNode ? scalarText(mapping(node, "solution").get("script"))
        : scalarText(node);
    Node at = node instanceof MappingNode ? mapping(node, "solution").getOrDefault("script", node)
        : node;
    if (path == null || path.isBlank()) {
      error(at, "solution must name a script in the challenge folder");
      return null;
    }
    if (!insideFolder(path) || !Files.isRegularFile(folder.resolve(path))) {
      // ctfcli repositories often name a write-up that is not shipped: a warning, not an error.
      warning(at, "solution '" + path + "' is not a file in the challenge folder");
      return null;
    }
    return path;
  }

  private LabSpec lab(Node node) {
    Map<String, Node> lab = mapping(node, "lab");
    if (lab == null) {
      return null;
    }
    Set<String> known = Set.of("build", "dockerfile", "image", "ports", "limits", "ttl", "egress",
        "capabilities", "user", "environment", "flag", "checks", "workstation", "terminal");
    keyNodes(node).forEach((key, at) -> {
      if (!known.contains(key)) {
        warning(at, "unknown key 'lab." + key + "' is ignored");
      }
    });
    String build = scalarText(lab.get("build"));
    String image = scalarText(lab.get("image"));
    String dockerfile = scalarText(lab.get("dockerfile"));
    if (build == null && image == null) {
      error(node, "lab needs build (a folder with a Dockerfile) or image (a local image tag)");
    }
    if (build != null) {
      buildContext(lab.get("build"), "lab.build", build, dockerfile, lab.get("dockerfile"));
    }
    List<PortSpec> ports = new ArrayList<>();
    List<Node> portNodes = sequence(lab.get("ports"), "lab.ports");
    for (int i = 0; i < portNodes.size(); i++) {
      Node item = portNodes.get(i);
      String where = "lab.ports[" + i + "]";
      if (item instanceof ScalarNode) {
        Integer port = integer(item, where, 1, 65535);
        if (port != null) {
          ports.add(new PortSpec(port, "tcp"));
        }
        continue;
      }
      Map<String, Node> port = mapping(item, where);
      if (port == null) {
        continue;
      }
      Integer number = integer(port.get("port"), where + ".port", 1, 65535);
      if (number == null) {
        error(item, where + ".port is required");
        continue;
      }
      String protocol = scalarText(port.get("protocol"));
      protocol = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
      if (!Set.of("tcp", "http", "udp").contains(protocol)) {
        error(port.get("protocol"), where + ".protocol must be tcp, http or udp");
      }
      ports.add(new PortSpec(number, protocol));
    }
    Limits limits = limits(lab.get("limits"));
    long ttl = duration(lab.get("ttl"), "lab.ttl", DEFAULT_TTL_SECONDS);
    List<String> capabilities = new ArrayList<>();
    List<Node> capNodes = sequence(lab.get("capabilities"), "lab.capabilities");
    for (int i = 0; i < capNodes.size(); i++) {
      String cap = scalarText(capNodes.get(i));
      String normalized = cap == null ? "" : cap.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
      if (!CAPABILITIES.contains(normalized)) {
        error(capNodes.get(i), "lab.capabilities[" + i + "] '" + cap
            + "' is not a capability a lab may have (allowed: " + String.join(", ",
                CAPABILITIES.stream().sorted().toList()) + ")");
      } else {
        capabilities.add(normalized);
      }
    }
    Map<String, String> environment = new LinkedHashMap<>();
    Node envNode = lab.get("environment");
    if (envNode != null) {
      Map<String, Node> env = mapping(envNode, "lab.environment");
      if (env != null) {
        env.forEach((key, value) -> {
          if (!ENV_NAME.matcher(key).matches()) {
            error(value, "lab.environment key '" + key + "' is not a valid variable name");
          } else {
            environment.put(key, scalarText(value) == null ? "" : scalarText(value));
          }
        });
      }
    }
    TerminalTarget terminal =
        enumValue(lab.get("terminal"), "lab.terminal", TerminalTarget.class, TerminalTarget.TARGET);
    WorkstationSpec workstation = workstation(lab.get("workstation"));
    if (terminal == TerminalTarget.WORKSTATION && workstation == null) {
      error(lab.get("terminal"), "lab.terminal is workstation but lab.workstation is not declared");
    }
    return new LabSpec(build, dockerfile == null ? "Dockerfile" : dockerfile, image,
        List.copyOf(ports), limits, ttl, bool(lab.get("egress"), "lab.egress", false),
        List.copyOf(capabilities), scalarText(lab.get("user")), environment,
        dynamicFlag(lab.get("flag")), checks(lab.get("checks"), workstation != null),
        workstation, terminal);
  }

  private void buildContext(Node at, String where, String build, String dockerfile,
      Node dockerfileNode) {
    if (!insideFolder(build)) {
      error(at, where + " must be a relative folder inside the challenge folder");
      return;
    }
    String file = dockerfile == null ? "Dockerfile" : dockerfile;
    if (!insideFolder(file)) {
      error(dockerfileNode, where.replace("build", "dockerfile")
          + " must be a relative path inside the build folder");
    } else if (!Files.isRegularFile(folder.resolve(build).resolve(file))) {
      error(dockerfileNode != null ? dockerfileNode : at,
          where + ": no " + file + " in '" + build + "'");
    }
  }

  private WorkstationSpec workstation(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> ws = mapping(node, "lab.workstation");
    if (ws == null) {
      return null;
    }
    String build = scalarText(ws.get("build"));
    String image = scalarText(ws.get("image"));
    String dockerfile = scalarText(ws.get("dockerfile"));
    if (build == null && image == null) {
      error(node, "lab.workstation needs build (a folder with a Dockerfile) or image");
      return null;
    }
    if (build != null) {
      buildContext(ws.get("build"), "lab.workstation.build", build, dockerfile,
          ws.get("dockerfile"));
    }
    return new WorkstationSpec(build, dockerfile == null ? "Dockerfile" : dockerfile, image);
  }

  private Limits limits(Node node) {
    if (node == null) {
      return DEFAULT_LIMITS;
    }
    Map<String, Node> map = mapping(node, "lab.limits");
    if (map == null) {
      return DEFAULT_LIMITS;
    }
    Double cpus = number(map.get("cpus"), "lab.limits.cpus");
    if (cpus != null && (cpus <= 0 || cpus > 8)) {
      error(map.get("cpus"), "lab.limits.cpus must be between 0 and 8");
    }
    long memory = DEFAULT_LIMITS.memoryBytes();
    Node memoryNode = map.get("memory");
    if (memoryNode != null) {
      String text = scalarText(memoryNode);
      Matcher m = text == null ? null : MEMORY.matcher(text.trim());
      if (m == null || !m.matches()) {
        error(memoryNode, "lab.limits.memory must be a size such as 128m or 1g");
      } else {
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 1024L;
          case "m" -> 1024L * 1024;
          case "g" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
        memory = Long.parseLong(m.group(1)) * unit;
        if (memory < 6L * 1024 * 1024 || memory > 16L * 1024 * 1024 * 1024) {
          error(memoryNode, "lab.limits.memory must be between 6m and 16g");
        }
      }
    }
    Integer pids = integer(map.get("pids"), "lab.limits.pids", 8, 4096);
    return new Limits(cpus == null ? DEFAULT_LIMITS.cpus() : cpus, memory,
        pids == null ? DEFAULT_LIMITS.pids() : pids);
  }

  private DynamicFlagSpec dynamicFlag(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> flag = mapping(node, "lab.flag");
    if (flag == null) {
      return null;
    }
    String template = scalarText(flag.get("template"));
    if (template == null || !template.contains(TOKEN)) {
      error(flag.getOrDefault("template", node),
          "lab.flag.template must contain " + TOKEN + ", replaced by each trainee's token");
    }
    String file = scalarText(flag.get("file"));
    String env = scalarText(flag.get("env"));
    if ((file == null) == (env == null)) {
      error(node, "lab.flag needs exactly one of file (a path in the lab) or env (a variable)");
    }
    if (file != null && (!file.startsWith("/") || file.contains(".."))) {
      error(flag.get("file"), "lab.flag.file must be an absolute path without '..'");
    }
    if (env != null && !ENV_NAME.matcher(env).matches()) {
      error(flag.get("env"), "lab.flag.env must be a variable name");
    }
    String mode = scalarText(flag.get("mode"));
    if (mode != null && !mode.matches("0?[0-7]{3}")) {
      error(flag.get("mode"), "lab.flag.mode must be octal such as 0400");
    }
    return new DynamicFlagSpec(template, file, env, mode == null ? "0444" : mode,
        scalarText(flag.get("owner")));
  }

  private List<CheckSpec> checks(Node node, boolean hasWorkstation) {
    List<CheckSpec> checks = new ArrayList<>();
    List<Node> items = sequence(node, "lab.checks");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String where = "lab.checks[" + i + "]";
      Map<String, Node> check = mapping(items.get(i), where);
      if (check == null) {
        continue;
      }
      String name = scalarText(check.get("name"));
      if (name == null || !SLUG.matcher(name).matches()) {
        error(check.getOrDefault("name", items.get(i)),
            where + ".name is required: lowercase letters, digits and dashes");
      } else if (!names.add(name)) {
        error(check.get("name"), where + ".name '" + name + "' is used twice");
      }
      String run = runCommand(check.get("run"), where + ".run");
      if (run == null) {
        error(check.getOrDefault("run", items.get(i)), where + ".run is required");
      }
      TerminalTarget in = enumValue(check.get("in"), where + ".in", TerminalTarget.class,
          TerminalTarget.TARGET);
      if (in == TerminalTarget.WORKSTATION && !hasWorkstation) {
        error(check.get("in"), where + ".in is workstation but lab.workstation is not declared");
      }
      Integer points = integer(check.get("points"), where + ".points", 0, 100_000);
      checks.add(new CheckSpec(name, scalarText(check.get("description")), run, in,
          points == null ? 0 : points));
    }
    return List.copyOf(checks);
  }

  /** A check command as one shell line: a string as written, or a list joined with quoting. */
  private String runCommand(Node node, String where) {
    if (node == null) {
      return null;
    }
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue().isBlank() ? null : scalar.getValue();
    }
    List<String> parts = stringList(node, where);
    if (parts.isEmpty()) {
      return null;
    }
    return String.join(" ", parts.stream().map(p -> "'" + p.replace("'", "'\\''") + "'").toList());
  }

  // --- node helpers: each reports a located problem and returns null on a wrong shape ---

  private Map<String, Node> mapping(Node node, String where) {
    if (!(node instanceof MappingNode map)) {
      error(node, where + " must be a mapping (key: value)");
      return null;
    }
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (key == null) {
        error(tuple.getKeyNode(), where + " has a key that is not a plain word");
      } else if (result.containsKey(key)) {
        error(tuple.getKeyNode(), where + " has the key '" + key + "' twice");
      } else {
        result.put(key, tuple.getValueNode());
      }
    }
    return result;
  }

  private Map<String, Node> keyNodes(Node node) {
    Map<String, Node> keys = new LinkedHashMap<>();
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode s) {
          keys.put(s.getValue(), tuple.getKeyNode());
        }
      }
    }
    return keys;
  }

  private List<Node> sequence(Node node, String where) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode seq)) {
      error(node, where + " must be a list");
      return List.of();
    }
    return seq.getValue();
  }

  private List<String> stringList(Node node, String where) {
    List<String> result = new ArrayList<>();
    List<Node> items = sequence(node, where);
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      if (item instanceof MappingNode && where.equals("tags")) {
        // ctfcli also writes tags as {value: ...}
        String value = scalarText(mapping(item, where + "[" + i + "]").get("value"));
        if (value != null) {
          result.add(value);
          continue;
        }
      }
      String text = scalarText(item);
      if (text == null || text.isBlank()) {
        error(item, where + "[" + i + "] must be a non-empty text");
      } else {
        result.add(text);
      }
    }
    return List.copyOf(result);
  }

  private String string(Node parent, Map<String, Node> map, String key, boolean required) {
    Node node = map.get(key);
    if (node == null || isNull(node)) {
      if (required) {
        error(parent, key + " is required");
      }
      return null;
    }
    if (!(node instanceof ScalarNode scalar)) {
      error(node, key + " must be a text");
      return null;
    }
    if (required && scalar.getValue().isBlank()) {
      error(node, key + " must not be empty");
    }
    return scalar.getValue();
  }

  private Integer integer(Node node, String where, int min, int max) {
    if (node == null || isNull(node)) {
      return null;
    }
    String text = scalarText(node);
    try {
      int value = Integer.parseInt(text == null ? "" : text.trim());
      if (value < min || value > max) {
        error(node, where + " must be between " + min + " and " + max);
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      error(node, where + " must be a whole number");
      return null;
    }
  }

  private Double number(Node node, String where) {
    if (node == null || isNull(node)) {
      return null;
    }
    String text = scalarText(node);
    try {
      double value = Double.parseDouble(text == null ? "" : text.trim());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      error(node, where + " must be a number");
      return null;
    }
  }

  private boolean bool(Node node, String where, boolean fallback) {
    if (node == null || isNull(node)) {
      return fallback;
    }
    String text = String.valueOf(scalarText(node)).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        error(node, where + " must be true or false");
        yield fallback;
      }
    };
  }

  private <E extends Enum<E>> E enumValue(Node node, String where, Class<E> type, E fallback) {
    if (node == null || isNull(node)) {
      return fallback;
    }
    String text = scalarText(node);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return constant;
      }
    }
    List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    error(node, where + " must be " + String.join(" or ", allowed));
    return null;
  }

  private long duration(Node node, String where, long fallback) {
    if (node == null || isNull(node)) {
      return fallback;
    }
    String text = scalarText(node);
    if (text != null && text.trim().matches("\\d+")) {
      return Long.parseLong(text.trim()) * 60; // a bare number is minutes
    }
    Matcher m = text == null ? null : DURATION.matcher(text.trim());
    if (m == null || !m.matches() || text.isBlank()) {
      error(node, where + " must be a duration such as 45m, 2h or 1h30m");
      return fallback;
    }
    long seconds = Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
        .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
        .plusSeconds(m.group(3) == null ? 0 : Long.parseLong(m.group(3))).toSeconds();
    if (seconds < 60 || seconds > 7 * 24 * 3600) {
      error(node, where + " must be between 1 minute and 7 days");
      return fallback;
    }
    return seconds;
  }

  private Instant instant(Node node, String where) {
    String text = scalarText(node);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(text.trim()).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        error(node, where + " must be a date-time such as 2026-12-01T08:00:00+07:00");
        return null;
      }
    }
  }

  private static String scalarText(Node node) {
    return node instanceof ScalarNode scalar && !isNull(node) ? scalar.getValue() : null;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar
        && scalar.getTag().getValue().endsWith(":null");
  }

  private static boolean insideFolder(String path) {
    if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    Path normalized = Path.of(path).normalize();
    return !normalized.startsWith("..") && !normalized.isAbsolute();
  }

  private void error(Node node, String message) {
    add(node == null ? null : node.getStartMark(), Severity.ERROR, message);
  }

  private void error(Mark mark, String message) {
    add(mark, Severity.ERROR, message);
  }

  private void warning(Node node, String message) {
    add(node == null ? null : node.getStartMark(), Severity.WARNING, message);
  }

  private void add(Mark mark, Severity severity, String message) {
    int line = mark == null ? 0 : mark.getLine() + 1;
    int column = mark == null ? 0 : mark.getColumn() + 1;
    problems.add(new CatalogProblem(slug, file, line, column, severity, message));
  }
}
