package id.born2control.catalog;

import id.born2control.catalog.ChallengeSpec.CheckSite;
import id.born2control.catalog.ChallengeSpec.CheckSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code lab.checks}: each check's name, points, where it runs ({@code from: probe},
 * {@code target} or {@code workstation}; {@code in:} is the older spelling of the last two) and
 * what it runs: a {@code script} of the challenge folder, read now so that the range copies in
 * exactly what was loaded, or an inline {@code run} line. Nothing of the lab's own filesystem
 * is ever named as the program of a check.
 */
final class CheckReader {

  /** Larger than any sensible check script, small enough to copy in at every check. */
  static final int MAX_SCRIPT_BYTES = 64 * 1024;
  private static final java.util.regex.Pattern CHECK_NAME = java.util.regex.Pattern.compile(
      "[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> KNOWN = Set.of("name", "description", "run", "script",
      "args", "from", "in", "points");

  private final YamlReader in;

  CheckReader(YamlReader in) {
    this.in = in;
  }

  List<CheckSpec> checks(Node node, boolean hasWorkstation) {
    List<CheckSpec> checks = new ArrayList<>();
    List<Node> items = in.sequence(node, "lab.checks");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String where = "lab.checks[" + i + "]";
      Map<String, Node> check = in.mapping(items.get(i), where);
      if (check == null) {
        continue;
      }
      in.keyNodes(items.get(i)).forEach((key, at) -> {
        if (!KNOWN.contains(key)) {
          in.warning(at, "unknown key '" + where + "." + key + "' is ignored");
        }
      });
      String name = in.scalarText(check.get("name"));
      if (name == null || !CHECK_NAME.matcher(name).matches()) {
        in.error(check.getOrDefault("name", items.get(i)),
            where + ".name is required: lowercase letters, digits and dashes");
      } else if (!names.add(name)) {
        in.error(check.get("name"), where + ".name '" + name + "' is used twice");
      }
      CheckSite site = site(check, where, hasWorkstation);
      String run = runCommand(check.get("run"), where + ".run");
      String script = in.scalarText(check.get("script"));
      String content = null;
      if ((run == null) == (script == null)) {
        in.error(items.get(i), where + " needs exactly one of script (a file of the challenge"
            + " folder) or run (a command line for the range's busybox sh)");
      } else if (script != null) {
        content = scriptContent(check.get("script"), where + ".script", script);
      } else if (run.strip().split("\\s+")[0].contains("/")) {
        in.warning(check.get("run"), where + ".run starts a program of the lab image, which the"
            + " trainee (root in the lab) can replace: ship it as " + where + ".script");
      }
      List<String> args = check.containsKey("args")
          ? in.stringList(check.get("args"), where + ".args") : List.of();
      if (!args.isEmpty() && script == null) {
        in.error(check.get("args"), where + ".args goes with script, not run");
      }
      Integer points = in.integer(check.get("points"), where + ".points", 0, 100_000);
      checks.add(new CheckSpec(name, in.scalarText(check.get("description")), run, site,
          points == null ? 0 : points, script, content, List.copyOf(args)));
    }
    return List.copyOf(checks);
  }

  private CheckSite site(Map<String, Node> check, String where, boolean hasWorkstation) {
    if (check.containsKey("from") && check.containsKey("in")) {
      in.error(check.get("in"), where + " has both from and in: write only from");
    }
    Node at = check.containsKey("from") ? check.get("from") : check.get("in");
    CheckSite site = in.enumValue(at, where + (check.containsKey("from") ? ".from" : ".in"),
        CheckSite.class, CheckSite.TARGET);
    if (site == CheckSite.WORKSTATION && !hasWorkstation) {
      in.error(at, where + " runs in the workstation but lab.workstation is not declared");
    }
    return site;
  }

  /** The script's text, when it is a regular file inside the challenge folder. */
  private String scriptContent(Node at, String where, String script) {
    if (!YamlReader.insideFolder(script)) {
      in.error(at, where + " '" + script + "' must be a relative path inside the challenge"
          + " folder");
      return null;
    }
    Path file = in.folder.resolve(script);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        in.error(at, where + " '" + script + "' is not a file of the challenge folder");
        return null;
      }
      if (!file.toRealPath().startsWith(in.folder.toRealPath())) {
        in.error(at, where + " '" + script + "' leads outside the challenge folder");
        return null;
      }
      if (Files.size(file) > MAX_SCRIPT_BYTES) {
        in.error(at, where + " '" + script + "' is larger than " + MAX_SCRIPT_BYTES / 1024
            + " KiB");
        return null;
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      in.error(at, where + " '" + script + "' cannot be read: " + e.getMessage());
      return null;
    }
  }

  /** A check command as one shell line: a string as written, or a list joined with quoting. */
  private String runCommand(Node node, String where) {
    if (node == null) {
      return null;
    }
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue().isBlank() ? null : scalar.getValue();
    }
    List<String> parts = in.stringList(node, where);
    if (parts.isEmpty()) {
      return null;
    }
    return String.join(" ", parts.stream().map(p -> "'" + p.replace("'", "'\\''") + "'").toList());
  }
}
