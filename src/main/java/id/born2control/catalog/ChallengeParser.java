package id.born2control.catalog;

import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.catalog.ChallengeSpec.DecayFunction;
import id.born2control.catalog.ChallengeSpec.DynamicValue;
import id.born2control.catalog.ChallengeSpec.FlagLogic;
import id.born2control.catalog.ChallengeSpec.FlagSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.Requirements;
import id.born2control.catalog.ChallengeSpec.ScoreType;
import id.born2control.catalog.ChallengeSpec.Visibility;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one {@code challenge.yml} into a {@link ChallengeSpec}, as ctfcli and CTFd read it. It
 * works on the YAML node tree so that every problem names the line and column it comes from; it
 * reports all problems at once rather than stopping at the first, and says so (a warning) each
 * time it reads a value differently from what the file seems to mean. Pure: the only I/O is
 * checking that listed files exist and are no symbolic links.
 */
final class ChallengeParser {

  static final Set<String> CTFCLI_KEYS =
      Set.of("name", "author", "attribution", "category", "description", "value", "type", "extra",
          "flags", "logic", "hints", "requirements", "next", "tags", "topics", "files",
          "connection_info", "attempts", "state", "scheduled_at", "version", "image", "protocol",
          "host", "healthcheck", "solution", "module", "lab", "scenario");
  /** ctfcli keys read and kept, but that do nothing here (the reason is in the warning). */
  private static final Map<String, String> NOT_ACTED_ON = Map.of(
      "module", "CTFd modules are not used here: challenges are grouped by category",
      "healthcheck", "ctfcli's healthcheck is not run here: a lab's solution/ is run by"
          + " infra/lint.sh --solve",
      "host", "deployment hosts are not used here: the lab: section starts each trainee's lab",
      "protocol", "the protocol of a ctfcli image is not used here: lab.ports says it",
      "image", "ctfcli images are not deployed here: the lab: section starts each trainee's lab");
  private static final Set<String> MISPLACED_EXTRA = Set.of("initial", "decay", "minimum",
      "function");
  private static final java.util.regex.Pattern SLUG = java.util.regex.Pattern.compile(
      "[a-z0-9][a-z0-9-]{0,62}");

  private final YamlReader in;
  private final CapabilityPolicy capabilities;

  private ChallengeParser(String slug, String file, Path folder, CapabilityPolicy capabilities) {
    this.in = new YamlReader(slug, file, folder);
    this.capabilities = capabilities;
  }

  /**
   * What came out of one file: a spec when there was no error, every problem found, and where
   * each requirement is written (resolved later, against the whole catalog).
   */
  record Result(ChallengeSpec spec, List<CatalogProblem> problems,
      List<Prerequisites.Written> prerequisites) {
    Result(ChallengeSpec spec, List<CatalogProblem> problems) {
      this(spec, problems, List.of());
    }

    boolean ok() {
      return spec != null;
    }
  }

  /**
   * Parses {@code yaml}, the content of {@code file} in challenge folder {@code folder} whose
   * slug is {@code slug}; a lab may ask only for the capabilities {@code capabilities} allows.
   */
  static Result parse(String slug, String file, Path folder, String yaml,
      CapabilityPolicy capabilities) {
    return new ChallengeParser(slug, file, folder, capabilities).run(yaml);
  }

  private Result run(String yaml) {
    if (!SLUG.matcher(in.slug).matches()) {
      in.problems.add(new CatalogProblem(in.slug, in.file, 0, 0, Severity.ERROR,
          "the folder path gives the slug '" + in.slug + "', which is not a valid slug (lowercase"
              + " letters, digits and dashes, at most 63 characters)"));
      return new Result(null, in.problems);
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
      in.error(mark, "YAML syntax error: " + reason);
      return new Result(null, in.problems);
    } catch (YAMLException e) {
      in.problems.add(new CatalogProblem(in.slug, in.file, 0, 0, Severity.ERROR,
          "YAML syntax error: " + e.getMessage()));
      return new Result(null, in.problems);
    }
    if (root == null) {
      in.problems.add(new CatalogProblem(in.slug, in.file, 1, 1, Severity.ERROR,
          "the file is empty"));
      return new Result(null, in.problems);
    }
    Map<String, Node> top = in.mapping(root, "the document");
    if (top == null) {
      return new Result(null, in.problems);
    }
    List<Prerequisites.Written> written = new ArrayList<>();
    ChallengeSpec spec = challenge(root, top, written);
    return new Result(in.failed() ? null : spec, in.problems, List.copyOf(written));
  }

  private ChallengeSpec challenge(Node root, Map<String, Node> top,
      List<Prerequisites.Written> written) {
    for (Map.Entry<String, Node> key : in.keyNodes(root).entrySet()) {
      if (MISPLACED_EXTRA.contains(key.getKey())) {
        in.warning(key.getValue(), key.getKey() + " at the top level is ignored, as ctfcli"
            + " ignores it: write it under extra:");
      } else if (!CTFCLI_KEYS.contains(key.getKey())) {
        in.warning(key.getValue(), "unknown key '" + key.getKey() + "' is ignored");
      } else if (NOT_ACTED_ON.containsKey(key.getKey()) && !in.isNull(top.get(key.getKey()))) {
        in.warning(key.getValue(), key.getKey() + " is read but not acted on: "
            + NOT_ACTED_ON.get(key.getKey()));
      }
    }
    String name = in.string(root, top, "name", true);
    String category = in.string(root, top, "category", true);
    String description = in.string(root, top, "description", true);
    ScoreType type = in.enumValue(top.get("type"), "type", ScoreType.class, ScoreType.STANDARD);
    Integer value = value(root, top, type);
    DynamicValue dynamic = null;
    if (type == ScoreType.DYNAMIC) {
      dynamic = dynamicValue(root, top.get("extra"), top.get("value"), value);
    } else if (top.containsKey("extra") && !in.isNull(top.get("extra"))) {
      in.warning(in.keyNodes(root).get("extra"), "extra is ignored on a standard challenge:"
          + " only type: dynamic reads it");
    }
    FlagReader flagReader = new FlagReader(in);
    List<FlagSpec> flags = flagReader.flags(top.get("flags"));
    LabSpec lab = top.containsKey("lab") ? new LabReader(in, capabilities).lab(top.get("lab")) : null;
    if (flags.isEmpty() && (lab == null || (lab.flag() == null && lab.checks().isEmpty()))) {
      in.error(top.getOrDefault("flags", root),
          "a challenge needs flags, a lab.flag or lab.checks: nothing could be scored");
    }
    Integer attempts = in.integer(top.get("attempts"), "attempts", 0, 1_000_000);
    String solution = solution(top.get("solution"));
    List<String> files = files(top.get("files"));
    return new ChallengeSpec(
        in.slug,
        name,
        in.string(root, top, "author", false),
        in.string(root, top, "attribution", false),
        category,
        description,
        dynamic != null ? dynamic.initial() : value == null ? 0 : value,
        type,
        dynamic,
        flags,
        in.enumValue(top.get("logic"), "logic", FlagLogic.class, FlagLogic.ANY),
        flagReader.hints(top.get("hints")),
        requirements(top.get("requirements"), written),
        in.scalarText(top.get("next")),
        in.stringList(top.get("tags"), "tags"),
        in.stringList(top.get("topics"), "topics"),
        files,
        in.string(root, top, "connection_info", false),
        attempts == null ? 0 : attempts,
        in.enumValue(top.get("state"), "state", Visibility.class, Visibility.VISIBLE),
        in.instant(top.get("scheduled_at"), "scheduled_at"),
        in.scalarText(top.get("version")),
        in.string(root, top, "image", false),
        in.string(root, top, "protocol", false),
        in.string(root, top, "host", false),
        in.string(root, top, "healthcheck", false),
        lab,
        solution,
        top.containsKey("scenario") ? new ScenarioReader(in).scenario(top.get("scenario"), lab)
            : null);
  }

  /** {@code value}: required for a standard challenge; written but empty is always an error. */
  private Integer value(Node root, Map<String, Node> top, ScoreType type) {
    Node node = top.get("value");
    if (node != null && in.isNull(node)) {
      // An empty value would score 0 points: never guess that.
      in.error(node, "value is empty: write the points as a whole number");
      return null;
    }
    if (node == null && type != ScoreType.DYNAMIC) {
      in.error(root, "value is required for a standard challenge");
    }
    return in.integer(node, "value", 0, 100_000);
  }

  private DynamicValue dynamicValue(Node root, Node extraNode, Node valueNode, Integer value) {
    if (extraNode == null || in.isNull(extraNode)) {
      in.error(root, "extra is required for a dynamic challenge (initial, decay, minimum)");
      return null;
    }
    Map<String, Node> extra = in.mapping(extraNode, "extra");
    if (extra == null) {
      return null;
    }
    Integer initial = in.integer(extra.get("initial"), "extra.initial", 0, 100_000);
    if (initial == null && extra.get("initial") == null && value != null) {
      in.warning(valueNode, "extra.initial is missing: value " + value + " is the initial value");
      initial = value;
    } else if (initial != null && value != null && !initial.equals(value)) {
      in.warning(valueNode, "value " + value + " differs from extra.initial " + initial
          + ": a dynamic challenge starts at extra.initial, as in CTFd");
    }
    Double decay = in.number(extra.get("decay"), "extra.decay");
    Integer minimum = in.integer(extra.get("minimum"), "extra.minimum", 0, 100_000);
    if (initial == null && extra.get("initial") == null) {
      in.error(extraNode, "extra.initial is required for a dynamic challenge");
    }
    if (decay == null && extra.get("decay") == null) {
      in.error(extraNode, "extra.decay is required for a dynamic challenge");
    } else if (decay != null && decay < 0) {
      in.error(extra.get("decay"), "extra.decay must not be negative");
    }
    if (minimum == null && extra.get("minimum") == null) {
      in.error(extraNode, "extra.minimum is required for a dynamic challenge");
    }
    if (initial != null && minimum != null && minimum > initial) {
      in.warning(extra.get("minimum"), "extra.minimum " + minimum + " is above extra.initial "
          + initial + ": every solver gets " + minimum + ", as in CTFd");
    }
    // CTFd's dynamic challenge type decays logarithmically unless told otherwise.
    DecayFunction function = in.enumValue(extra.get("function"), "extra.function",
        DecayFunction.class, DecayFunction.LOGARITHMIC);
    if (initial == null || decay == null || decay < 0 || minimum == null || function == null) {
      return null;
    }
    return new DynamicValue(initial, decay, minimum, function);
  }

  /**
   * Challenges to solve first, as a list or as {@code {prerequisites, anonymize}}: names or
   * folder slugs, resolved against the catalog later; a bare number is a CTFd id, kept marked.
   */
  private Requirements requirements(Node node, List<Prerequisites.Written> written) {
    if (node == null || in.isNull(node)) {
      return Requirements.NONE;
    }
    Node list = node;
    boolean anonymize = false;
    if (node instanceof MappingNode) {
      Map<String, Node> map = in.mapping(node, "requirements");
      list = map.get("prerequisites");
      anonymize = in.bool(map.get("anonymize"), "requirements.anonymize", false);
    }
    List<String> prerequisites = new ArrayList<>();
    List<Node> items = in.sequence(list, "requirements");
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String text = in.scalarText(item);
      if (text == null || text.isBlank()) {
        in.error(item, "requirements[" + i + "] must be a challenge name or folder slug");
        continue;
      }
      boolean number = item instanceof ScalarNode scalar
          && scalar.getTag().getValue().endsWith(":int");
      String need = number ? Prerequisites.CTFD_ID + text.trim() : text;
      prerequisites.add(need);
      written.add(new Prerequisites.Written(need, item.getStartMark().getLine() + 1,
          item.getStartMark().getColumn() + 1));
    }
    return new Requirements(List.copyOf(prerequisites), anonymize);
  }

  private List<String> files(Node node) {
    List<String> files = in.stringList(node, "files");
    List<Node> items = in.sequence(node, "files");
    for (int i = 0; i < files.size(); i++) {
      String path = files.get(i);
      Node at = items.get(i);
      if (!YamlReader.insideFolder(path)) {
        in.error(at, "files[" + i + "] must be a relative path inside the challenge folder");
      } else if (ChallengeFiles.hasLink(in.folder, path)) {
        // A link would serve whatever it points at (the range's own files) to every trainee.
        in.error(at, "files[" + i + "] '" + path + "' is or passes through a symbolic link:"
            + " ship the file itself");
      } else if (!Files.isRegularFile(in.folder.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
        in.error(at, "files[" + i + "] '" + path + "' does not exist in the challenge folder");
      }
    }
    return files;
  }

  /** ctfcli's {@code solution}: a path, or {@code {path, state}} (older files: script). */
  private String solution(Node node) {
    if (node == null || in.isNull(node)) {
      return null;
    }
    Node at = node;
    if (node instanceof MappingNode) {
      Map<String, Node> map = in.mapping(node, "solution");
      if (map == null) {
        return null;
      }
      at = map.containsKey("path") ? map.get("path") : map.getOrDefault("script", node);
      Node state = map.get("state");
      String text = in.scalarText(state);
      if (text != null && !Set.of("hidden", "visible", "solved").contains(text)) {
        in.error(state, "solution.state must be hidden, visible or solved");
      } else if (text != null && !text.equals("hidden")) {
        in.warning(state, "solution.state " + text + " is not acted on: write-ups are never"
            + " shown to trainees here");
      }
    }
    String path = in.scalarText(at);
    if (path == null || path.isBlank()) {
      in.error(at, "solution must name a file in the challenge folder");
      return null;
    }
    if (!YamlReader.insideFolder(path) || ChallengeFiles.hasLink(in.folder, path)
        || !Files.isRegularFile(in.folder.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
      // ctfcli repositories often name a write-up that is not shipped: a warning, not an error.
      in.warning(at, "solution '" + path + "' is not a file in the challenge folder");
      return null;
    }
    return path;
  }
}
