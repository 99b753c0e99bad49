package id.born2control.labs;

import java.util.List;
import java.util.Map;

/**
 * The hosts and networks of a lab declared with {@code lab.hosts}, as a backend creates them:
 * each host with its image, its networks (name to fixed address, or null), its limits and
 * capabilities; the primary host (the first trainee host) is the lab's target: it gets the flag,
 * the checks, the default terminal and the ports.
 */
record LabTopology(List<Host> hosts, List<Net> networks) {

  /** One host to create. */
  record Host(String name, String image, Map<String, String> networks, int cpusMillis,
      long memoryBytes, long pids, List<String> capabilities, boolean trainee, boolean primary,
      Map<String, String> environment) {}

  /** One lab network to create: internal, on {@code subnet} when fixed, else on a free one. */
  record Net(String name, String subnet) {}

  /** The container of {@code host} in lab {@code instanceId}, by name. */
  static String containerName(String instanceId, String host) {
    return "b2c-" + instanceId + "-" + host;
  }

  /** The engine network of lab network {@code network} in lab {@code instanceId}. */
  static String networkName(String instanceId, String network) {
    return "b2c-" + instanceId + "-" + network;
  }
}
