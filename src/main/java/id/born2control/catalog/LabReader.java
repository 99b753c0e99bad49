package id.born2control.catalog;

import id.born2control.catalog.ChallengeSpec.CheckSpec;
import id.born2control.catalog.ChallengeSpec.DynamicFlagSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.Limits;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import id.born2control.catalog.ChallengeSpec.TerminalTarget;
import id.born2control.catalog.ChallengeSpec.WorkstationSpec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the range's {@code lab:} section of a challenge file: image, ports, limits, flag, checks. */
final class LabReader {

  private static final java.util.regex.Pattern MEMORY = java.util.regex.Pattern.compile(
      "(\\d+)\\s*([kmg]?)i?b?", java.util.regex.Pattern.CASE_INSENSITIVE);
  private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile(
      "[A-Za-z_][A-Za-z0-9_]*");
  static final String TOKEN = "{{token}}";
  static final long DEFAULT_TTL_SECONDS = 3600;
  static final Limits DEFAULT_LIMITS = new Limits(0.5, 256L * 1024 * 1024, 128);

  private final YamlReader in;
  private final CapabilityPolicy capabilityPolicy;

  LabReader(YamlReader in, CapabilityPolicy capabilityPolicy) {
    this.in = in;
    this.capabilityPolicy = capabilityPolicy;
  }

  LabSpec lab(Node node) {
    Map<String, Node> lab = in.mapping(node, "lab");
    if (lab == null) {
      return null;
    }
    if (lab.containsKey("hosts")) {
      return new LabHostsReader(in, this).lab(node, lab);
    }
    Set<String> known = Set.of("build", "dockerfile", "image", "ports", "limits", "ttl", "egress",
        "capabilities", "user", "environment", "flag", "checks", "workstation", "terminal",
        "networks");
    in.keyNodes(node).forEach((key, at) -> {
      if (!known.contains(key)) {
        in.warning(at, "unknown key 'lab." + key + "' is ignored");
      }
    });
    String build = in.scalarText(lab.get("build"));
    String image = in.scalarText(lab.get("image"));
    String dockerfile = in.scalarText(lab.get("dockerfile"));
    if (build == null && image == null) {
      in.error(node, "lab needs build (a folder with a Dockerfile) or image (a local image tag)");
    }
    if (build != null) {
      buildContext(lab.get("build"), "lab.build", build, dockerfile, lab.get("dockerfile"));
    }
    if (lab.containsKey("networks")) {
      in.error(lab.get("networks"), "lab.networks needs lab.hosts: name the hosts that join them");
    }
    List<PortSpec> ports = ports(lab.get("ports"), "lab.ports");
    Limits limits = limits(lab.get("limits"), "lab.limits");
    long ttl = in.duration(lab.get("ttl"), "lab.ttl", DEFAULT_TTL_SECONDS);
    List<String> capabilities = capabilities(lab.get("capabilities"), "lab.capabilities");
    Map<String, String> environment = environment(lab.get("environment"), "lab.environment");
    TerminalTarget terminal =
        in.enumValue(lab.get("terminal"), "lab.terminal", TerminalTarget.class, TerminalTarget.TARGET);
    WorkstationSpec workstation = workstation(lab.get("workstation"));
    if (terminal == TerminalTarget.WORKSTATION && workstation == null) {
      in.error(lab.get("terminal"), "lab.terminal is workstation but lab.workstation is not declared");
    }
    return new LabSpec(build, dockerfile == null ? "Dockerfile" : dockerfile, image,
        List.copyOf(ports), limits, ttl, in.bool(lab.get("egress"), "lab.egress", false),
        List.copyOf(capabilities), in.scalarText(lab.get("user")), environment,
        dynamicFlag(lab.get("flag")), checks(lab.get("checks"), workstation != null),
        workstation, terminal, null, null, null);
  }

  /** {@code ports}: numbers (tcp) or {@code {port, protocol}} items. */
  List<PortSpec> ports(Node node, String at) {
    List<PortSpec> ports = new ArrayList<>();
    List<Node> portNodes = in.sequence(node, at);
    for (int i = 0; i < portNodes.size(); i++) {
      Node item = portNodes.get(i);
      String where = at + "[" + i + "]";
      if (item instanceof ScalarNode) {
        Integer port = in.integer(item, where, 1, 65535);
        if (port != null) {
          ports.add(new PortSpec(port, "tcp"));
        }
        continue;
      }
      Map<String, Node> port = in.mapping(item, where);
      if (port == null) {
        continue;
      }
      Integer number = in.integer(port.get("port"), where + ".port", 1, 65535);
      if (number == null) {
        in.error(item, where + ".port is required");
        continue;
      }
      String protocol = in.scalarText(port.get("protocol"));
      protocol = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
      if (!Set.of("tcp", "http", "udp").contains(protocol)) {
        in.error(port.get("protocol"), where + ".protocol must be tcp, http or udp");
      }
      ports.add(new PortSpec(number, protocol));
    }
    return List.copyOf(ports);
  }

  /**
   * {@code capabilities}: each must be on the allow-list of capabilities a lab host may have
   * (of a one-container lab and of each host of {@code lab.hosts} alike).
   */
  List<String> capabilities(Node node, String where) {
    List<String> capabilities = new ArrayList<>();
    List<Node> capNodes = in.sequence(node, where);
    for (int i = 0; i < capNodes.size(); i++) {
      String cap = in.scalarText(capNodes.get(i));
      String normalized = CapabilityPolicy.normalize(cap);
      String refusal = capabilityPolicy.refusal(normalized);
      if (refusal != null) {
        in.error(capNodes.get(i), where + "[" + i + "] " + refusal);
      } else {
        capabilities.add(normalized);
      }
    }
    return List.copyOf(capabilities);
  }

  /** {@code environment}: variable names to values. */
  Map<String, String> environment(Node envNode, String where) {
    Map<String, String> environment = new LinkedHashMap<>();
    if (envNode != null) {
      Map<String, Node> env = in.mapping(envNode, where);
      if (env != null) {
        env.forEach((key, value) -> {
          if (!ENV_NAME.matcher(key).matches()) {
            in.error(value, where + " key '" + key + "' is not a valid variable name");
          } else {
            environment.put(key, in.scalarText(value) == null ? "" : in.scalarText(value));
          }
        });
      }
    }
    return environment;
  }

  void buildContext(Node at, String where, String build, String dockerfile,
      Node dockerfileNode) {
    if (!in.insideFolder(build)) {
      in.error(at, where + " must be a relative folder inside the challenge folder");
      return;
    }
    String file = dockerfile == null ? "Dockerfile" : dockerfile;
    if (!in.insideFolder(file)) {
      in.error(dockerfileNode, where.replace("build", "dockerfile")
          + " must be a relative path inside the build folder");
    } else if (!Files.isRegularFile(in.folder.resolve(build).resolve(file))) {
      in.error(dockerfileNode != null ? dockerfileNode : at,
          where + ": no " + file + " in '" + build + "'");
    }
  }

  private WorkstationSpec workstation(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> ws = in.mapping(node, "lab.workstation");
    if (ws == null) {
      return null;
    }
    String build = in.scalarText(ws.get("build"));
    String image = in.scalarText(ws.get("image"));
    String dockerfile = in.scalarText(ws.get("dockerfile"));
    if (build == null && image == null) {
      in.error(node, "lab.workstation needs build (a folder with a Dockerfile) or image");
      return null;
    }
    if (build != null) {
      buildContext(ws.get("build"), "lab.workstation.build", build, dockerfile,
          ws.get("dockerfile"));
    }
    return new WorkstationSpec(build, dockerfile == null ? "Dockerfile" : dockerfile, image);
  }

  Limits limits(Node node, String where) {
    if (node == null) {
      return DEFAULT_LIMITS;
    }
    Map<String, Node> map = in.mapping(node, where);
    if (map == null) {
      return DEFAULT_LIMITS;
    }
    Double cpus = in.number(map.get("cpus"), where + ".cpus");
    if (cpus != null && (cpus <= 0 || cpus > 8)) {
      in.error(map.get("cpus"), where + ".cpus must be between 0 and 8");
    }
    long memory = DEFAULT_LIMITS.memoryBytes();
    Node memoryNode = map.get("memory");
    if (memoryNode != null) {
      String text = in.scalarText(memoryNode);
      Matcher m = text == null ? null : MEMORY.matcher(text.trim());
      if (m == null || !m.matches()) {
        in.error(memoryNode, where + ".memory must be a size such as 128m or 1g");
      } else {
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 1024L;
          case "m" -> 1024L * 1024;
          case "g" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
        memory = Long.parseLong(m.group(1)) * unit;
        if (memory < 6L * 1024 * 1024 || memory > 16L * 1024 * 1024 * 1024) {
          in.error(memoryNode, where + ".memory must be between 6m and 16g");
        }
      }
    }
    Integer pids = in.integer(map.get("pids"), where + ".pids", 8, 4096);
    return new Limits(cpus == null ? DEFAULT_LIMITS.cpus() : cpus, memory,
        pids == null ? DEFAULT_LIMITS.pids() : pids);
  }

  DynamicFlagSpec dynamicFlag(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> flag = in.mapping(node, "lab.flag");
    if (flag == null) {
      return null;
    }
    String template = in.scalarText(flag.get("template"));
    if (template == null || !template.contains(TOKEN)) {
      in.error(flag.getOrDefault("template", node),
          "lab.flag.template must contain " + TOKEN + ", replaced by each trainee's token");
    }
    String file = in.scalarText(flag.get("file"));
    String env = in.scalarText(flag.get("env"));
    if ((file == null) == (env == null)) {
      in.error(node, "lab.flag needs exactly one of file (a path in the lab) or env (a variable)");
    }
    if (file != null && (!file.startsWith("/") || file.contains(".."))) {
      in.error(flag.get("file"), "lab.flag.file must be an absolute path without '..'");
    }
    if (env != null && !ENV_NAME.matcher(env).matches()) {
      in.error(flag.get("env"), "lab.flag.env must be a variable name");
    }
    String mode = in.scalarText(flag.get("mode"));
    if (mode != null && !mode.matches("0?[0-7]{3}")) {
      in.error(flag.get("mode"), "lab.flag.mode must be octal such as 0400");
    }
    return new DynamicFlagSpec(template, file, env, mode == null ? "0444" : mode,
        in.scalarText(flag.get("owner")));
  }

  /** {@code lab.checks} of a one-container lab or of the primary host ({@link CheckReader}). */
  List<CheckSpec> checks(Node node, boolean hasWorkstation) {
    return new CheckReader(in).checks(node, hasWorkstation);
  }
}
