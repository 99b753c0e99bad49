package id.born2control.catalog;

import id.born2control.catalog.ChallengeSpec.Access;
import id.born2control.catalog.ChallengeSpec.HostSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.Limits;
import id.born2control.catalog.ChallengeSpec.NetworkSpec;
import id.born2control.catalog.ChallengeSpec.PortSpec;
import id.born2control.catalog.ChallengeSpec.TerminalTarget;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a lab of several hosts: {@code lab.hosts} (named hosts, each with its image, networks,
 * ports, limits, capabilities and access) and {@code lab.networks} (named internal networks,
 * optionally on a fixed subnet). Rejects a host on an unknown network, overlapping subnets or
 * addresses ({@link LabAddresses}), an address outside its network, a lab the trainee cannot
 * enter, and unknown keys.
 */
final class LabHostsReader {

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final Set<String> LAB_KEYS = Set.of("hosts", "networks", "ttl", "flag",
      "checks");
  private static final Set<String> HOST_KEYS = Set.of("build", "dockerfile", "image", "networks",
      "ports", "limits", "capabilities", "access", "user", "environment");


  private final YamlReader in;
  private final LabReader lab;
  private final LabAddresses addresses;

  LabHostsReader(YamlReader in, LabReader lab) {
    this.in = in;
    this.lab = lab;
    this.addresses = new LabAddresses(in);
  }

  LabSpec lab(Node node, Map<String, Node> map) {
    in.keyNodes(node).forEach((key, at) -> {
      if (!LAB_KEYS.contains(key)) {
        in.error(at, "lab." + key + " does not apply to a lab with lab.hosts: write it under"
            + " each host (hosts take build, dockerfile, image, networks, ports, limits,"
            + " capabilities, access, user, environment)");
      }
    });
    Map<String, NetworkSpec> networks = networks(map.get("networks"), node);
    Map<String, HostSpec> hosts = new LinkedHashMap<>();
    Map<String, Node> hostNodes = in.mapping(map.get("hosts"), "lab.hosts");
    String primary = null;
    if (hostNodes != null) {
      for (Map.Entry<String, Node> entry : hostNodes.entrySet()) {
        HostSpec host = host(entry.getKey(), entry.getValue(), networks, primary);
        if (host != null) {
          hosts.put(entry.getKey(), host);
          if (primary == null && host.access() == Access.TRAINEE) {
            primary = entry.getKey();
          }
        }
      }
      if (hostNodes.isEmpty()) {
        in.error(map.get("hosts"), "lab.hosts names no host");
      } else if (primary == null && hostNodes.values().stream().allMatch(
          h -> in.keyNodes(h).containsKey("access"))) {
        in.error(map.get("hosts"), "lab.hosts has no access: trainee host: the trainee could"
            + " not enter a lab of hidden hosts only");
      }
    }
    long ttl = in.duration(map.get("ttl"), "lab.ttl", LabReader.DEFAULT_TTL_SECONDS);
    HostSpec first = primary == null ? null : hosts.get(primary);
    if (first == null) {
      return null;
    }
    return new LabSpec(first.build(), first.dockerfile(), first.image(), first.ports(),
        first.limits(), ttl, false, first.capabilities(), first.user(), first.environment(),
        lab.dynamicFlag(map.get("flag")), lab.checks(map.get("checks"), false), null,
        TerminalTarget.TARGET, Collections.unmodifiableMap(hosts),
        Collections.unmodifiableMap(networks), primary);
  }

  private Map<String, NetworkSpec> networks(Node node, Node labNode) {
    Map<String, NetworkSpec> networks = new LinkedHashMap<>();
    if (node == null || YamlReader.isNull(node)) {
      in.error(labNode, "lab.networks is required with lab.hosts: name at least one network");
      return networks;
    }
    Map<String, Node> items = in.mapping(node, "lab.networks");
    if (items == null) {
      return networks;
    }
    for (Map.Entry<String, Node> item : items.entrySet()) {
      String name = item.getKey();
      String where = "lab.networks." + name;
      Node keyNode = in.keyNodes(node).get(name);
      if (!NAME.matcher(name).matches()) {
        in.error(keyNode, where + ": a network name is lowercase letters, digits and dashes,"
            + " starting with a letter, at most 31 characters");
      }
      String subnet = null;
      if (!YamlReader.isNull(item.getValue())) {
        Map<String, Node> spec = in.mapping(item.getValue(), where);
        if (spec != null) {
          in.unknownKeys(item.getValue(), where, Set.of("subnet"));
          subnet = addresses.subnet(spec.get("subnet"), where, name);
        }
      }
      networks.put(name, new NetworkSpec(subnet));
    }
    if (networks.isEmpty()) {
      in.error(node, "lab.networks names no network");
    }
    return networks;
  }

  private HostSpec host(String name, Node node, Map<String, NetworkSpec> networks,
      String primary) {
    String where = "lab.hosts." + name;
    if (!NAME.matcher(name).matches()) {
      in.error(node, where + ": a host name is lowercase letters, digits and dashes, starting"
          + " with a letter, at most 31 characters");
    }
    Map<String, Node> host = in.mapping(node, where);
    if (host == null) {
      return null;
    }
    in.unknownKeys(node, where, HOST_KEYS);
    String build = YamlReader.scalarText(host.get("build"));
    String image = YamlReader.scalarText(host.get("image"));
    String dockerfile = YamlReader.scalarText(host.get("dockerfile"));
    if ((build == null) == (image == null)) {
      in.error(node, where + " needs either build (a folder with a Dockerfile) or image (a local"
          + " image tag)");
    }
    if (build != null) {
      lab.buildContext(host.get("build"), where + ".build", build, dockerfile,
          host.get("dockerfile"));
    }
    if (host.get("access") == null) {
      in.error(node, where + ".access is required: trainee (terminals, ports) or hidden (never"
          + " shown to the trainee)");
    }
    Access access = in.enumValue(host.get("access"), where + ".access", Access.class,
        Access.HIDDEN);
    List<PortSpec> ports = lab.ports(host.get("ports"), where + ".ports");
    if (!ports.isEmpty() && access == Access.HIDDEN) {
      in.error(host.get("ports"), where + ".ports: a hidden host is never reachable by the"
          + " trainee, so it offers no ports (hosts of the lab reach it on its networks)");
    } else if (!ports.isEmpty() && primary != null) {
      in.error(host.get("ports"), where + ".ports: only the first trainee host ('" + primary
          + "') offers ports and web links to the trainee");
    }
    Limits limits = lab.limits(host.get("limits"), where + ".limits");
    List<String> capabilities = lab.capabilities(host.get("capabilities"),
        where + ".capabilities");
    Map<String, String> joined = joined(host.get("networks"), node, where, networks, name);
    if (!ports.isEmpty() && primary == null && !joined.isEmpty() && joined.keySet().stream()
        .allMatch(n -> networks.get(n).subnet() != null)) {
      in.error(host.get("ports"), where + ".ports: the range reaches these ports on a network"
          + " without a fixed subnet (other labs on the engine may hold the same fixed subnet):"
          + " let '" + name + "' join one too");
    }
    return new HostSpec(build, dockerfile == null ? "Dockerfile" : dockerfile, image, joined,
        ports, limits, capabilities, access, YamlReader.scalarText(host.get("user")),
        lab.environment(host.get("environment"), where + ".environment"));
  }

  /** A host's networks: a list of names, or a mapping of name to {@code {address}}. */
  private Map<String, String> joined(Node node, Node hostNode, String where,
      Map<String, NetworkSpec> networks, String host) {
    Map<String, String> joined = new LinkedHashMap<>();
    if (node == null || YamlReader.isNull(node)) {
      in.error(hostNode, where + ".networks is required: the lab networks the host joins");
      return joined;
    }
    if (node instanceof MappingNode) {
      Map<String, Node> items = in.mapping(node, where + ".networks");
      Map<String, Node> keys = in.keyNodes(node);
      for (Map.Entry<String, Node> item : items.entrySet()) {
        String network = item.getKey();
        if (!known(keys.get(network), where, network, networks)) {
          continue;
        }
        String address = null;
        if (!YamlReader.isNull(item.getValue())) {
          Map<String, Node> spec = in.mapping(item.getValue(), where + ".networks." + network);
          if (spec != null) {
            in.unknownKeys(item.getValue(), where + ".networks." + network, Set.of("address"));
            address = addresses.address(spec.get("address"), where + ".networks." + network,
                network, host);
          }
        }
        joined.put(network, address);
      }
    } else {
      List<Node> items = in.sequence(node, where + ".networks");
      for (Node item : items) {
        String network = YamlReader.scalarText(item);
        if (network == null) {
          in.error(item, where + ".networks: each item is a network name");
        } else if (joined.containsKey(network)) {
          in.error(item, where + ".networks names '" + network + "' twice");
        } else if (known(item, where, network, networks)) {
          joined.put(network, null);
        }
      }
    }
    if (joined.isEmpty() && !in.failed()) {
      in.error(node, where + ".networks names no network");
    }
    return Collections.unmodifiableMap(joined);
  }

  private boolean known(Node at, String where, String network, Map<String, NetworkSpec> all) {
    if (all.containsKey(network)) {
      return true;
    }
    in.error(at, where + ".networks: '" + network + "' is not a network of lab.networks"
        + (all.isEmpty() ? "" : " (" + String.join(", ", all.keySet()) + ")"));
    return false;
  }
}
