package id.born2control.labs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Hands out one small subnet per lab network from a configured block. Docker's default address
 * pools hold only about 30 networks, far too few for hundreds of labs.
 */
final class SubnetPool {

  private final long base;
  private final int prefix;
  private final int count;
  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> byNetwork = new HashMap<>();
  private boolean loaded;
  private int next;

  SubnetPool(String cidr, int prefix) {
    String[] parts = cidr.split("/");
    int poolPrefix = Integer.parseInt(parts[1]);
    if (prefix < poolPrefix || prefix > 29) {
      throw new IllegalArgumentException("b2c.labs.subnet-prefix must be between the pool's prefix"
          + " (" + poolPrefix + ") and 29");
    }
    long address = 0;
    for (String octet : parts[0].split("\\.")) {
      address = (address << 8) | Integer.parseInt(octet);
    }
    this.base = address & (0xffffffffL << (32 - poolPrefix)) & 0xffffffffL;
    this.prefix = prefix;
    this.count = 1 << (prefix - poolPrefix);
  }

  /** A subnet not used by any network the engine knows nor handed out already. */
  synchronized String acquire(Supplier<Set<String>> inUse) {
    if (!loaded) {
      taken.addAll(inUse.get());
      loaded = true;
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < count; i++) {
        int index = (next + i) % count;
        String subnet = subnet(index);
        if (!taken.contains(subnet)) {
          taken.add(subnet);
          next = (index + 1) % count;
          return subnet;
        }
      }
      // everything looks taken: refresh from the engine, networks may have gone meanwhile
      taken.clear();
      taken.addAll(inUse.get());
      taken.addAll(byNetwork.values());
    }
    throw new IllegalStateException("the lab subnet pool is exhausted");
  }

  synchronized void bind(String network, String subnet) {
    byNetwork.put(network, subnet);
  }

  synchronized void release(String subnet) {
    taken.remove(subnet);
  }

  synchronized void markTaken(String subnet) {
    taken.add(subnet);
  }

  synchronized void releaseNetwork(String network) {
    String subnet = byNetwork.remove(network);
    if (subnet != null) {
      taken.remove(subnet);
    }
  }

  String subnet(int index) {
    long address = base + ((long) index << (32 - prefix));
    return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "."
        + ((address >> 8) & 0xff) + "." + (address & 0xff) + "/" + prefix;
  }
}
