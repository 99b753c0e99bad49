package id.born2control.labs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cost of recording a terminal (run by {@code infra/bench/recording.sh}, not by the suite):
 * how many bytes of terminal output per second one core turns into asciicast events, for reads
 * of the size the engine's exec stream hands over, so the recording's share of a terminal's CPU
 * can be compared with what a terminal carries. Plain text and text with escapes and UTF-8.
 */
@Tag("bench")
class TerminalCastBench {

  private static final int READ = 4096;

  @Test
  void benchmark() throws IOException {
    long total = Long.getLong("benchBytes", 512L * 1024 * 1024);
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "%-28s %12s %12s%n", "output", "MiB/s", "ns/read"));
    for (String kind : new String[] {"plain ASCII", "escapes + UTF-8"}) {
      byte[] read = sample(kind);
      run(read, total / 8); // warm up
      double seconds = run(read, total);
      double mib = total / (1024.0 * 1024.0);
      report.append(String.format(Locale.ROOT, "%-28s %12.0f %12.0f%n", kind, mib / seconds,
          seconds * 1e9 / (total / READ)));
    }
    Path out = Path.of("target", "recording-bench.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
    System.out.print(report);
  }

  private static byte[] sample(String kind) {
    String line = kind.startsWith("plain") ? "drwxr-xr-x 2 root root 4096 Dec  2 13:59 bin\r\n"
        : "\u001b[1;32mok\u001b[0m pengguna → layanan €\t\u001b[K\r\n";
    byte[] unit = line.getBytes(StandardCharsets.UTF_8);
    byte[] read = new byte[READ];
    for (int i = 0; i < READ; i++) {
      read[i] = unit[i % unit.length]; // UTF-8 characters split across reads on purpose
    }
    return read;
  }

  /** Seconds to record {@code total} bytes of output, chunks handed out and dropped. */
  private static double run(byte[] read, long total) {
    TerminalCast cast = new TerminalCast(Long.MAX_VALUE, System.nanoTime(), 80, 24);
    long start = System.nanoTime();
    long sink = 0;
    for (long done = 0; done < total; done += read.length) {
      TerminalCast.Chunk chunk = cast.output(read, System.nanoTime());
      if (chunk != null) {
        sink += chunk.events().length();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink < 0) {
      throw new AssertionError();
    }
    return seconds;
  }
}
