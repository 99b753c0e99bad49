package id.born2control.labs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a Swarm lab goes: the Ready lab node with the most memory left, counting both the memory
 * its labs reserve and the starts placed on it that have not created their services yet. Pure
 * over the node facts it is given; it only remembers those starts in flight.
 */
final class SwarmPlacement {

  /**
   * One Ready, active lab node: its hostname, the memory it offers the range and the memory the
   * range's labs pinned to it reserve.
   */
  record NodeFacts(String host, long offeredBytes, long reservedBytes) {}

  private final Map<String, Long> inFlight = new HashMap<>();

  /**
   * Picks the node for a lab needing {@code memory} bytes and counts it there until
   * {@link #release} (the lab's services then carry the reservation themselves).
   */
  synchronized String reserve(List<NodeFacts> nodes, long memory) throws LabBackendException {
    List<NodeFacts> counted = nodes.stream().map(n -> new NodeFacts(n.host(), n.offeredBytes(),
        n.reservedBytes() + inFlight.getOrDefault(n.host(), 0L))).toList();
    String best = choose(counted, memory);
    inFlight.merge(best, memory, Long::sum);
    return best;
  }

  /** The start placed on {@code node} has created its services or given up. */
  synchronized void release(String node, long memory) {
    inFlight.merge(node, -memory, Long::sum);
  }

  /**
   * The node with the most memory free (the first of equals, in the given order); refused when
   * there is no node or even the best one lacks {@code memory}.
   */
  static String choose(List<NodeFacts> nodes, long memory) throws LabBackendException {
    if (nodes.isEmpty()) {
      throw new LabBackendException("no lab node of the cluster is ready; try again shortly");
    }
    String best = null;
    long bestFree = Long.MIN_VALUE;
    for (NodeFacts node : nodes) {
      long free = node.offeredBytes() - node.reservedBytes();
      if (free > bestFree) {
        best = node.host();
        bestFree = free;
      }
    }
    if (bestFree < memory) {
      throw new LabBackendException("the cluster is full: no lab node has "
          + memory / (1024 * 1024) + " MiB free; try again later");
    }
    return best;
  }
}
