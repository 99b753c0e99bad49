package id.born2control.catalog;

import id.born2control.catalog.ChallengeSpec.Access;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.HostSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.catalog.ChallengeSpec.ScenarioPoints;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a challenge's {@code scenario:}: the tick, the service checks run from a hidden checker
 * host, the adversary's steps run from a hidden host on the exercise clock, and the points of a
 * tick. Every host it names must be a host of {@code lab.hosts}; the hosts that run scripts must
 * be hidden (a trainee who could enter them could fake a check or stop an attack at its source);
 * every script must be a file of the challenge folder.
 */
final class ScenarioReader {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
  private static final Pattern SECONDS = Pattern.compile(
      "(?:(\\d+)h)?\\s*(?:(\\d+)m)?\\s*(?:(\\d+)s)?", Pattern.CASE_INSENSITIVE);
  static final int DEFAULT_TICK_SECONDS = 30;
  private static final int MIN_TICK_SECONDS = 5;
  private static final int MAX_TICK_SECONDS = 3600;
  private static final long MAX_OFFSET_SECONDS = 7 * 24 * 3600;

  private final YamlReader in;

  ScenarioReader(YamlReader in) {
    this.in = in;
  }

  ScenarioSpec scenario(Node node, LabSpec lab) {
    Map<String, Node> scenario = in.mapping(node, "scenario");
    if (scenario == null) {
      return null;
    }
    in.unknownKeys(node, "scenario", Set.of("tick", "checks", "adversary", "points"));
    if (lab == null || !lab.multiHost()) {
      in.error(node, "scenario needs a lab of several hosts (lab.hosts): its checks and adversary"
          + " run from hidden hosts of the lab");
      return null;
    }
    long tick = seconds(scenario.get("tick"), "scenario.tick", DEFAULT_TICK_SECONDS);
    if (tick < MIN_TICK_SECONDS || tick > MAX_TICK_SECONDS) {
      in.error(scenario.get("tick"), "scenario.tick must be between " + MIN_TICK_SECONDS
          + "s and " + MAX_TICK_SECONDS / 60 + "m");
    }
    List<ScenarioCheck> checks = checks(scenario.get("checks"), lab.hosts());
    List<AdversaryStep> steps = adversary(scenario.get("adversary"), lab.hosts(), tick);
    if (checks.isEmpty() && steps.isEmpty()) {
      in.error(node, "scenario needs checks or adversary steps: nothing would happen on a tick");
    }
    return new ScenarioSpec((int) tick, checks, steps, points(scenario.get("points")));
  }

  private List<ScenarioCheck> checks(Node node, Map<String, HostSpec> hosts) {
    List<ScenarioCheck> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Node> items = in.sequence(node, "scenario.checks");
    for (int i = 0; i < items.size(); i++) {
      String where = "scenario.checks[" + i + "]";
      Map<String, Node> check = in.mapping(items.get(i), where);
      if (check == null) {
        continue;
      }
      in.unknownKeys(items.get(i), where, Set.of("name", "description", "from", "run", "on"));
      String name = name(check, items.get(i), where, names);
      String from = runner(check.get("from"), items.get(i), where, hosts, "the checker");
      String on = host(check.get("on"), items.get(i), where + ".on", hosts);
      String run = script(check.get("run"), items.get(i), where);
      checks.add(new ScenarioCheck(name, YamlReader.scalarText(check.get("description")), from,
          run, on));
    }
    return List.copyOf(checks);
  }

  private List<AdversaryStep> adversary(Node node, Map<String, HostSpec> hosts, long tick) {
    List<AdversaryStep> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Node> items = in.sequence(node, "scenario.adversary");
    for (int i = 0; i < items.size(); i++) {
      String where = "scenario.adversary[" + i + "]";
      Map<String, Node> step = in.mapping(items.get(i), where);
      if (step == null) {
        continue;
      }
      in.unknownKeys(items.get(i), where,
          Set.of("name", "technique", "at", "every", "from", "run"));
      String name = name(step, items.get(i), where, names);
      String technique = YamlReader.scalarText(step.get("technique"));
      if (technique == null || !TECHNIQUE.matcher(technique.trim()).matches()) {
        in.error(step.getOrDefault("technique", items.get(i)), where + ".technique is required:"
            + " a MITRE ATT&CK technique id such as T1110 or T1110.001");
      }
      Long at = null;
      Long every = null;
      if (step.containsKey("at") == step.containsKey("every")) {
        in.error(items.get(i), where + " needs exactly one of at (an offset from the start, such"
            + " as 5m) or every (an interval, such as 10m)");
      } else if (step.containsKey("at")) {
        at = seconds(step.get("at"), where + ".at", 0);
        if (at < 0 || at > MAX_OFFSET_SECONDS) {
          in.error(step.get("at"), where + ".at must be between 0s and 7 days");
        }
      } else {
        every = seconds(step.get("every"), where + ".every", tick);
        if (every < tick || every > MAX_OFFSET_SECONDS) {
          in.error(step.get("every"), where + ".every must be at least one tick (" + tick
              + "s) and at most 7 days");
        }
      }
      String from = runner(step.get("from"), items.get(i), where, hosts, "the adversary");
      String run = script(step.get("run"), items.get(i), where);
      steps.add(new AdversaryStep(name, technique == null ? null : technique.trim(), at, every,
          from, run));
    }
    return List.copyOf(steps);
  }

  private ScenarioPoints points(Node node) {
    if (node == null || YamlReader.isNull(node)) {
      return ScenarioPoints.DEFAULT;
    }
    Map<String, Node> points = in.mapping(node, "scenario.points");
    if (points == null) {
      return ScenarioPoints.DEFAULT;
    }
    in.unknownKeys(node, "scenario.points", Set.of("check", "stopped", "succeeded", "compromised"));
    ScenarioPoints d = ScenarioPoints.DEFAULT;
    return new ScenarioPoints(
        orDefault(in.integer(points.get("check"), "scenario.points.check", 0, 10_000), d.check()),
        orDefault(in.integer(points.get("stopped"), "scenario.points.stopped", 0, 10_000),
            d.stopped()),
        orDefault(in.integer(points.get("succeeded"), "scenario.points.succeeded", 0, 10_000),
            d.succeeded()),
        orDefault(in.integer(points.get("compromised"), "scenario.points.compromised", 0, 10_000),
            d.compromised()));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private String name(Map<String, Node> map, Node item, String where, Set<String> names) {
    String name = YamlReader.scalarText(map.get("name"));
    if (name == null || !NAME.matcher(name).matches()) {
      in.error(map.getOrDefault("name", item),
          where + ".name is required: lowercase letters, digits and dashes");
    } else if (!names.add(name)) {
      in.error(map.get("name"), where + ".name '" + name + "' is used twice");
    }
    return name;
  }

  /** A host of the lab; null (reported) when it is not one. */
  private String host(Node node, Node item, String where, Map<String, HostSpec> hosts) {
    String host = YamlReader.scalarText(node);
    if (host == null) {
      in.error(node == null ? item : node, where + " is required: a host of lab.hosts");
      return null;
    }
    if (!hosts.containsKey(host)) {
      in.error(node, where + ": '" + host + "' is not a host of lab.hosts ("
          + String.join(", ", hosts.keySet()) + ")");
      return null;
    }
    return host;
  }

  /** The host a script runs on: a hidden host of the lab, never one the trainee can enter. */
  private String runner(Node node, Node item, String where, Map<String, HostSpec> hosts,
      String role) {
    String host = host(node, item, where + ".from", hosts);
    if (host != null && hosts.get(host).access() == Access.TRAINEE) {
      in.error(node, where + ".from: '" + host + "' is a host the trainee can access: "
          + role + " must run on an access: hidden host, or the trainee could change what it"
          + " reports");
    }
    return host;
  }

  /** A script of the challenge folder (copied into the host at run time). */
  private String script(Node node, Node item, String where) {
    String path = YamlReader.scalarText(node);
    if (path == null || path.isBlank()) {
      in.error(node == null ? item : node, where + ".run is required: a script in the challenge"
          + " folder");
      return null;
    }
    if (!YamlReader.insideFolder(path)) {
      in.error(node, where + ".run '" + path + "' is outside the challenge folder: write a"
          + " relative path to a script in it");
    } else if (ChallengeFiles.hasLink(in.folder, path)) {
      in.error(node, where + ".run '" + path + "' is or passes through a symbolic link: ship the"
          + " script itself");
    } else if (!Files.isRegularFile(in.folder.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
      in.error(node, where + ".run '" + path + "' does not exist in the challenge folder");
    }
    return path;
  }

  /** A duration in seconds, with its units: 30s, 5m, 1h30m (a bare number is ambiguous). */
  private long seconds(Node node, String where, long fallback) {
    if (node == null || YamlReader.isNull(node)) {
      return fallback;
    }
    String text = YamlReader.scalarText(node);
    String trimmed = text == null ? "" : text.trim();
    Matcher m = SECONDS.matcher(trimmed);
    if (trimmed.isEmpty() || !m.matches()) {
      in.error(node, where + " must be a duration such as 30s, 5m or 1h30m");
      return fallback;
    }
    return (m.group(1) == null ? 0 : Long.parseLong(m.group(1))) * 3600
        + (m.group(2) == null ? 0 : Long.parseLong(m.group(2))) * 60
        + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
  }
}
