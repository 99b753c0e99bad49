package id.born2control.labs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The addresses of a lab network with a fixed subnet when many labs on one engine share that
 * subnet through the {@code b2c-ipam} driver (see {@link DockerHosts}): every host gets an
 * address named in advance (its fixed one, else the lowest free one from the second address
 * up), each paired with a <em>shadow</em> address of the network's unique pool subnet, which is
 * what the engine is asked for; the driver answers the fixed one. The gateway, which the engine
 * requires per bridge and refuses to share between two bridges of one engine, is a /32 from the
 * top of the fixed subnet that no host of the lab uses, a different one per concurrent lab.
 * Pure functions.
 */
final class FixedAddresses {

  private FixedAddresses() {}

  /** One network's plan: host to fixed address, host to shadow address, the driver's map. */
  record Plan(Map<String, String> fixed, Map<String, String> shadow, String gatewayShadow,
      String map) {}

  /**
   * Fixed addresses for {@code hosts} (in order; null: pick one) on {@code subnet}: the given
   * ones, then the lowest addresses above the first (which the catalog keeps for a gateway) that
   * no host holds.
   */
  static Map<String, String> assign(String subnet, Map<String, String> hosts)
      throws LabBackendException {
    long base = base(subnet);
    long size = size(subnet);
    Set<Long> used = new HashSet<>();
    hosts.values().stream().filter(a -> a != null).forEach(a -> used.add(number(a)));
    Map<String, String> assigned = new LinkedHashMap<>();
    long next = base + 2;
    for (Map.Entry<String, String> host : hosts.entrySet()) {
      if (host.getValue() != null) {
        assigned.put(host.getKey(), host.getValue());
        continue;
      }
      while (used.contains(next)) {
        next++;
      }
      if (next >= base + size - 1) {
        throw new LabBackendException("the fixed subnet " + subnet + " has no free address left"
            + " for host '" + host.getKey() + "'");
      }
      used.add(next);
      assigned.put(host.getKey(), dotted(next++));
    }
    return assigned;
  }

  /**
   * Gateway candidates of {@code subnet}, from the address below the broadcast address
   * downwards, skipping the addresses {@code taken} by the lab's hosts.
   */
  static List<String> gateways(String subnet, Collection<String> taken) {
    long base = base(subnet);
    Set<Long> used = new HashSet<>();
    taken.forEach(a -> used.add(number(a)));
    List<String> candidates = new ArrayList<>();
    for (long a = base + size(subnet) - 2; a > base + 1; a--) {
      if (!used.contains(a)) {
        candidates.add(dotted(a));
      }
    }
    return candidates;
  }

  /** Whether {@code hosts} hosts and a gateway fit a shadow subnet of the size of {@code shadow}. */
  static void checkFits(int hosts, String shadow) throws LabBackendException {
    if (hosts + 3 > size(shadow)) {
      throw new LabBackendException("a lab network with a fixed subnet holds at most "
          + (size(shadow) - 3) + " hosts on this range (b2c.labs.subnet-prefix)");
    }
  }

  /**
   * The plan on shadow subnet {@code shadow} (a pool subnet of the engine): host {@code i} gets
   * the shadow's address {@code i + 2}, the gateway its first address.
   */
  static Plan plan(String subnet, Map<String, String> fixed, String gateway, String shadow) {
    long shadowBase = base(shadow);
    String prefix = subnet.substring(subnet.indexOf('/'));
    Map<String, String> shadows = new LinkedHashMap<>();
    StringBuilder map = new StringBuilder();
    long next = shadowBase + 2;
    for (Map.Entry<String, String> host : fixed.entrySet()) {
      String s = dotted(next++);
      shadows.put(host.getKey(), s);
      map.append(s).append('=').append(host.getValue()).append(prefix).append(',');
    }
    String gatewayShadow = dotted(shadowBase + 1);
    map.append(gatewayShadow).append('=').append(gateway).append("/32");
    return new Plan(fixed, shadows, gatewayShadow, map.toString());
  }

  private static long base(String subnet) {
    return number(subnet.substring(0, subnet.indexOf('/')));
  }

  private static long size(String subnet) {
    return 1L << (32 - Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1)));
  }

  private static long number(String dotted) {
    long n = 0;
    for (String octet : dotted.split("\\.")) {
      n = (n << 8) | Integer.parseInt(octet);
    }
    return n;
  }

  private static String dotted(long n) {
    return ((n >> 24) & 0xff) + "." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "."
        + (n & 0xff);
  }
}
