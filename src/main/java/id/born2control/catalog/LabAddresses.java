package id.born2control.catalog;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The fixed subnets and addresses of one lab's networks, as {@code lab.networks} and
 * {@code lab.hosts} write them: a subnet is a network address with a prefix and overlaps no
 * other network's; an address lies inside its network's fixed subnet, is not its network,
 * gateway (the first address) or broadcast address, and belongs to one host only.
 */
final class LabAddresses {

  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final YamlReader in;
  /** Fixed subnets by network. */
  private final Map<String, Block> blocks = new HashMap<>();
  /** The host of each fixed address, keyed network/address. */
  private final Map<String, String> owners = new HashMap<>();

  LabAddresses(YamlReader in) {
    this.in = in;
  }

  /** A fixed subnet as numbers: its first address and prefix length. */
  private record Block(long base, int prefix) {
    long size() {
      return 1L << (32 - prefix);
    }

    boolean contains(long address) {
      return address >= base && address < base + size();
    }

    boolean overlaps(Block other) {
      return contains(other.base) || other.contains(base);
    }
  }

  /** A fixed subnet: a network address with its prefix, not overlapping another network's. */
  String subnet(Node node, String where, String network) {
    String text = YamlReader.scalarText(node);
    if (text == null) {
      return null;
    }
    String[] parts = text.trim().split("/", -1);
    Integer prefix = parts.length == 2 && parts[1].matches("\\d{1,2}")
        ? Integer.valueOf(parts[1]) : null;
    if (prefix == null || !IPV4.matcher(parts[0]).matches() || prefix < 8 || prefix > 29) {
      in.error(node, where + ".subnet '" + text + "' must be an IPv4 subnet such as"
          + " 203.0.113.0/24, with a prefix between 8 and 29");
      return null;
    }
    long address = address(parts[0]);
    long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    if ((address & mask) != address) {
      in.error(node, where + ".subnet '" + text + "' is not a network address: write "
          + dotted(address & mask) + "/" + prefix);
      return null;
    }
    Block block = new Block(address, prefix);
    for (Map.Entry<String, Block> other : blocks.entrySet()) {
      if (other.getValue().overlaps(block)) {
        in.error(node, where + ".subnet " + text + " overlaps the subnet of network '"
            + other.getKey() + "'");
        return null;
      }
    }
    blocks.put(network, block);
    return parts[0] + "/" + prefix;
  }

  /** A fixed address: inside its network's fixed subnet, not its gateway, used once. */
  String address(Node node, String where, String network, String host) {
    String text = YamlReader.scalarText(node);
    if (text == null) {
      return null;
    }
    text = text.trim();
    if (!IPV4.matcher(text).matches()) {
      in.error(node, where + ".address '" + text + "' must be an IPv4 address");
      return null;
    }
    Block block = blocks.get(network);
    if (block == null) {
      in.error(node, where + ".address: network '" + network + "' has no fixed subnet, so its"
          + " addresses are not known in advance (give lab.networks." + network + ".subnet)");
      return null;
    }
    long address = address(text);
    String subnet = dotted(block.base()) + "/" + block.prefix();
    if (!block.contains(address)) {
      in.error(node, where + ".address " + text + " is outside subnet " + subnet + " of network '"
          + network + "'");
      return null;
    }
    if (address == block.base() || address == block.base() + block.size() - 1
        || address == block.base() + 1) {
      in.error(node, where + ".address " + text + " is the network, broadcast or gateway address"
          + " of " + subnet + " (the gateway is the first address)");
      return null;
    }
    String other = owners.putIfAbsent(network + "/" + text, host);
    if (other != null) {
      in.error(node, where + ".address " + text + " is already the address of host '" + other
          + "' on network '" + network + "'");
      return null;
    }
    return text;
  }

  private static long address(String dotted) {
    long address = 0;
    for (String octet : dotted.split("\\.")) {
      address = (address << 8) | Integer.parseInt(octet);
    }
    return address;
  }

  private static String dotted(long address) {
    return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "."
        + ((address >> 8) & 0xff) + "." + (address & 0xff);
  }
}
