package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The asciicast v2 events of a terminal session, written out by hand from the format. */
class TerminalCastTest {

  private static final long MS = 1_000_000L;

  @Test
  void shouldTakeAResizeBeforeAnyEventAsTheSizeAndLaterOnesAsEvents() {
    TerminalCast cast = new TerminalCast(1 << 20, 0, 80, 24);
    assertNull(cast.resize(120, 40, 5 * MS));
    assertNull(cast.output("$ ".getBytes(StandardCharsets.UTF_8), 250 * MS));
    assertNull(cast.input("ls\r".getBytes(StandardCharsets.UTF_8), 1500 * MS));
    assertNull(cast.resize(90, 30, 2 * 1000 * MS));
    assertEquals(120, cast.width());
    assertEquals(40, cast.height());
    assertEquals(new TerminalCast.Chunk(0, """
        [0.250000,"o","$ "]
        [1.500000,"i","ls\\r"]
        [2.000000,"r","90x30"]
        """), cast.rest());
    assertNull(cast.rest(), "handed out once");
  }

  @Test
  void shouldKeepACharacterSplitBetweenTwoReadsWhole() {
    TerminalCast cast = new TerminalCast(1 << 20, 0, 80, 24);
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // three bytes
    cast.output(new byte[] {euro[0], euro[1]}, MS);
    cast.output(new byte[] {euro[2], 'x', 0x1b}, 2 * MS);
    assertEquals("[0.002000,\"o\",\"€x\\u001B\"]\n", cast.rest().events());
  }

  @Test
  void shouldStopAtTheLimitWithATruncatedMarker() {
    TerminalCast cast = new TerminalCast(200, 0, 80, 24);
    String line = "[0.001000,\"o\",\"" + "a".repeat(80) + "\"]\n"; // 100 bytes
    assertNull(cast.output("a".repeat(80).getBytes(StandardCharsets.UTF_8), MS));
    TerminalCast.Chunk last = cast.output("b".repeat(80).getBytes(StandardCharsets.UTF_8), MS);
    assertEquals(line + "[0.001000,\"m\",\"truncated\"]\n", last.events());
    assertTrue(cast.truncated());
    assertTrue(cast.bytes() <= 200, "bytes " + cast.bytes());
    assertNull(cast.output("c".getBytes(StandardCharsets.UTF_8), 2 * MS));
    assertNull(cast.rest(), "nothing after the marker");
  }

  @Test
  void shouldHandOutAChunkOnceEnoughIsPending() {
    TerminalCast cast = new TerminalCast(1 << 20, 0, 80, 24);
    byte[] block = "y".repeat(1000).getBytes(StandardCharsets.UTF_8);
    TerminalCast.Chunk first = null;
    int reads = 0;
    while (first == null) {
      first = cast.output(block, MS);
      reads++;
    }
    assertEquals(0, first.seq());
    int lineBytes = "[0.001000,\"o\",\"\"]\n".length() + 1000;
    assertEquals((TerminalCast.CHUNK + lineBytes - 1) / lineBytes, reads);
    assertFalse(cast.truncated());
    assertNull(cast.output(block, MS));
    assertEquals(1, cast.rest().seq());
  }

  @Test
  void shouldWriteTheHeaderOfAsciicastVersionTwo() {
    assertEquals("{\"version\":2,\"width\":101,\"height\":31,\"timestamp\":1700000000,"
        + "\"duration\":2.500000,\"title\":\"web \\\"x\\\"\",\"env\":{\"TERM\":\"xterm-256color\","
        + "\"SHELL\":\"/bin/sh\"}}\n",
        TerminalCast.header(101, 31, Instant.ofEpochSecond(1_700_000_000), 2.5, "web \"x\""));
  }
}
