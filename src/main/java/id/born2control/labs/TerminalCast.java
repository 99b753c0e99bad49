package id.born2control.labs;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * One terminal session as asciicast v2 events, bounded: {@code o} output, {@code i} input,
 * {@code r} resize ("COLSxROWS"), times in seconds since the start. Events wait here until
 * {@link #CHUNK} bytes are pending (or the session ends) and are then handed out as a chunk to
 * store, so a session holds at most one chunk in memory. Once the events reach the byte limit,
 * recording stops with an {@code m} marker event "truncated". A resize before the first event
 * is the recording's size, not an event. Bytes are decoded as UTF-8 per direction, with a
 * character split between two reads kept for the next one. Thread-safe: output arrives on the
 * engine stream's reader, input and resizes on the socket's event loop.
 */
final class TerminalCast {

  /** Bytes of events handed out at once. */
  static final int CHUNK = 64 * 1024;
  /** The marker that ends a truncated recording. */
  static final String TRUNCATED = "truncated";
  /** Room kept below the limit for the marker event. */
  private static final int MARKER_ROOM = 48;

  /** Events to store: the {@code seq}th chunk of the recording. */
  record Chunk(int seq, String events) {}

  private final long maxBytes;
  private final long startNanos;
  private final Utf8 out = new Utf8();
  private final Utf8 in = new Utf8();
  private final StringBuilder pending = new StringBuilder();
  private int pendingBytes;
  private long bytes;
  private int seq;
  private boolean any;
  private boolean truncated;
  private int width;
  private int height;

  TerminalCast(long maxBytes, long startNanos, int width, int height) {
    this.maxBytes = maxBytes;
    this.startNanos = startNanos;
    this.width = width;
    this.height = height;
  }

  synchronized Chunk output(byte[] data, long nanos) {
    return truncated ? null : event(nanos, "o", out.decode(data));
  }

  synchronized Chunk input(byte[] data, long nanos) {
    return truncated ? null : event(nanos, "i", in.decode(data));
  }

  synchronized Chunk resize(int cols, int rows, long nanos) {
    if (!any) {
      width = cols;
      height = rows;
      return null;
    }
    return event(nanos, "r", cols + "x" + rows);
  }

  /** The events not yet handed out, as the last chunk (null when there are none). */
  synchronized Chunk rest() {
    return pending.isEmpty() ? null : take();
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized boolean truncated() {
    return truncated;
  }

  synchronized int width() {
    return width;
  }

  synchronized int height() {
    return height;
  }

  /** The asciicast v2 header line of a recording. */
  static String header(int width, int height, Instant startedAt, Double duration, String title) {
    StringBuilder header = new StringBuilder("{\"version\":2,\"width\":").append(width)
        .append(",\"height\":").append(height)
        .append(",\"timestamp\":").append(startedAt.getEpochSecond());
    if (duration != null) {
      header.append(",\"duration\":").append(String.format(Locale.ROOT, "%.6f", duration));
    }
    return header.append(",\"title\":\"").append(quote(title))
        .append("\",\"env\":{\"TERM\":\"xterm-256color\",\"SHELL\":\"/bin/sh\"}}\n").toString();
  }

  private Chunk event(long nanos, String code, String data) {
    if (truncated || data.isEmpty()) {
      return null;
    }
    any = true;
    String time = String.format(Locale.ROOT, "%.6f", Math.max(0, nanos - startNanos) / 1e9);
    String line = "[" + time + ",\"" + code + "\",\"" + quote(data) + "\"]\n";
    int size = line.getBytes(StandardCharsets.UTF_8).length;
    if (bytes + size > maxBytes - MARKER_ROOM) {
      truncated = true;
      line = "[" + time + ",\"m\",\"" + TRUNCATED + "\"]\n";
      size = line.length();
    }
    pending.append(line);
    pendingBytes += size;
    bytes += size;
    return truncated || pendingBytes >= CHUNK ? take() : null;
  }

  private Chunk take() {
    Chunk chunk = new Chunk(seq++, pending.toString());
    pending.setLength(0);
    pendingBytes = 0;
    return chunk;
  }

  private static String quote(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }

  /** A UTF-8 stream decoded read by read, keeping a split character for the next read. */
  private static final class Utf8 {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] carry = new byte[0];

    String decode(byte[] data) {
      ByteBuffer bytes = ByteBuffer.allocate(carry.length + data.length).put(carry).put(data);
      bytes.flip();
      CharBuffer chars = CharBuffer.allocate(bytes.remaining() + 1);
      decoder.decode(bytes, chars, false);
      carry = new byte[bytes.remaining()];
      bytes.get(carry);
      return chars.flip().toString();
    }
  }
}
