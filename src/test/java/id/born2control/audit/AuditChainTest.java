package id.born2control.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  @Test
  void shouldChangeHashWhenAnyFieldChanges() {
    Instant at = Instant.parse("2026-01-01T00:00:00.123456Z");
    String content = AuditChain.content(at, "alice", "solve", "challenge:x", "{\"a\":1}");
    String hash = AuditChain.hash(AuditChain.GENESIS, 1, content);
    assertEquals(64, hash.length());
    assertEquals(hash, AuditChain.hash(AuditChain.GENESIS, 1, content));
    assertNotEquals(hash, AuditChain.hash(AuditChain.GENESIS, 2, content));
    assertNotEquals(hash, AuditChain.hash("1".repeat(64), 1, content));
    assertNotEquals(hash, AuditChain.hash(AuditChain.GENESIS, 1,
        AuditChain.content(at, "mallory", "solve", "challenge:x", "{\"a\":1}")));
  }

  @Test
  void shouldWriteDetailsCanonically() {
    // Key order must not depend on how the caller built the map.
    assertEquals("{\"a\":1,\"b\":2}", AuditService.canonical(
        new java.util.LinkedHashMap<>(Map.of("b", 2, "a", 1))));
  }
}
