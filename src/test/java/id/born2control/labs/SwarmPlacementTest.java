package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.labs.SwarmPlacement.NodeFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placement of Swarm labs from node facts alone: no Docker, no swarm. */
class SwarmPlacementTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void shouldPickTheNodeWithTheMostMemoryLeft() throws LabBackendException {
    // free: w1 1024-512 = 512, w2 2048-1792 = 256, w3 768-0 = 768 MiB
    List<NodeFacts> nodes = List.of(new NodeFacts("w1", 1024 * MIB, 512 * MIB),
        new NodeFacts("w2", 2048 * MIB, 1792 * MIB), new NodeFacts("w3", 768 * MIB, 0));
    assertEquals("w3", SwarmPlacement.choose(nodes, 256 * MIB));
  }

  @Test
  void shouldTakeTheFirstOfEqualNodes() throws LabBackendException {
    List<NodeFacts> nodes = List.of(new NodeFacts("w2", 1024 * MIB, 0),
        new NodeFacts("w1", 1024 * MIB, 0));
    assertEquals("w2", SwarmPlacement.choose(nodes, 64 * MIB));
  }

  @Test
  void shouldAcceptALabThatFillsTheBestNodeExactly() throws LabBackendException {
    assertEquals("w1", SwarmPlacement.choose(
        List.of(new NodeFacts("w1", 512 * MIB, 256 * MIB)), 256 * MIB));
  }

  @Test
  void shouldRefuseWhenNoNodeHasRoom() {
    List<NodeFacts> nodes = List.of(new NodeFacts("w1", 512 * MIB, 384 * MIB),
        new NodeFacts("w2", 512 * MIB, 400 * MIB));
    LabBackendException full = assertThrows(LabBackendException.class,
        () -> SwarmPlacement.choose(nodes, 256 * MIB));
    assertTrue(full.getMessage().contains("the cluster is full: no lab node has 256 MiB free"),
        full.getMessage());
  }

  @Test
  void shouldRefuseWhenNoNodeIsReady() {
    LabBackendException none = assertThrows(LabBackendException.class,
        () -> SwarmPlacement.choose(List.of(), MIB));
    assertTrue(none.getMessage().contains("no lab node of the cluster is ready"),
        none.getMessage());
  }

  @Test
  void shouldCountStartsInFlightUntilReleased() throws LabBackendException {
    SwarmPlacement placement = new SwarmPlacement();
    List<NodeFacts> nodes = List.of(new NodeFacts("w1", 1024 * MIB, 0),
        new NodeFacts("w2", 768 * MIB, 0));
    // w1 has 1024 free; after a 512 MiB start in flight there, w2 (768) has more
    assertEquals("w1", placement.reserve(nodes, 512 * MIB));
    assertEquals("w2", placement.reserve(nodes, 512 * MIB));
    // now w1 512, w2 256 free: a third 512 MiB start fits only on w1, a fourth nowhere
    assertEquals("w1", placement.reserve(nodes, 512 * MIB));
    assertThrows(LabBackendException.class, () -> placement.reserve(nodes, 512 * MIB));
    // the first start created its services: their reservation is in the facts from now on
    placement.release("w1", 512 * MIB);
    List<NodeFacts> after = List.of(new NodeFacts("w1", 1024 * MIB, 512 * MIB),
        new NodeFacts("w2", 768 * MIB, 0));
    // w1: 1024 - 512 reserved - 512 in flight = 0, w2: 768 - 512 in flight = 256
    assertEquals("w2", placement.reserve(after, 256 * MIB));
  }
}
