package id.born2control.labs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * What the range and a hidden host's long-lived runner ({@link HostRunner}) say to each other.
 * The runner is a range-owned busybox shell loop reading requests from its stdin: a header line
 * {@code R <id> <count>}, then one line per script {@code <h|t> <timeout> <bytes> <script>}
 * (the script in base64; its one argument, if any, set by a {@code set --} the range puts before
 * the script's first line, so line numbers stay and the runner decodes no argument). For each,
 * in order, it writes the script to a fresh folder, runs it with a time limit and stdin
 * closed, keeps the first ({@code h}) or last ({@code t}) bytes of its output and answers one
 * JSON line {@code {"req":id,"i":index,"exit":code,"out":base64}}; after the last it answers
 * {@code {"req":id,"end":count}} and removes the folder: nothing stays between requests. The
 * request id is random, so a line printed by anything but the runner for this request (a script,
 * something left running by an earlier one) never matches it.
 */
final class RunnerProtocol {

  /**
   * The runner loop; its own errors go nowhere, a script's are merged into its output. Every
   * process it starts costs CPU in the lab at the same instant for every lab of an exercise, so
   * it forks only what it must (about 7 per script, from 16): builtins write the base64 text to
   * a file that one {@code base64} reads, the exit status is read with {@code read}, the output
   * is encoded by {@code base64 -w 0} (busybox and coreutils both have it), the folder's files
   * are overwritten per script and removed with it per request. The time limit is the loop's own
   * watcher (a {@code sleep} it kills as soon as the script ends; on time out it stops the
   * script and reports 124, as coreutils' {@code timeout} does), not busybox {@code timeout},
   * whose watcher outlives every script by up to a second: quick scripts in a row then left
   * dozens of them, and the host's process limit stopped the runner. It runs under busybox
   * {@code ash} and Debian's {@code dash}, which has no {@code pipefail}: the exit status goes
   * through a file, emptied before each script.
   */
  static final String LOOP = """
      exec 2>/dev/null
      run() {
        sh "$d/s" </dev/null 2>&1 & p=$!
        (trap 'kill $z; exit' TERM; sleep "$t" & z=$!; wait $z && echo 124 > "$d/c" && kill $p) > /dev/null &
        w=$!
        wait $p
        e=$?
        kill $w
        [ -s "$d/c" ] || echo $e > "$d/c"
      }
      while read -r tag id n; do
        [ "$tag" = R ] || continue
        d=$(mktemp -d) || exit 70
        i=0
        while [ "$i" -lt "$n" ] && read -r keep t max s; do
          printf '%s' "$s" > "$d/b"
          base64 -d "$d/b" > "$d/s"
          : > "$d/c"
          if [ "$keep" = h ]; then
            run | { head -c "$max"; cat > /dev/null; } > "$d/o"
          else
            run | tail -c "$max" > "$d/o"
          fi
          code=
          read -r code < "$d/c"
          printf '{"req":"%s","i":%d,"exit":%d,"out":"%s"}\\n' "$id" "$i" "${code:-70}" "$(base64 -w 0 "$d/o")"
          i=$((i + 1))
        done
        rm -rf "$d"
        printf '{"req":"%s","end":%d}\\n' "$id" "$i"
      done
      """;

  /**
   * One script to run: its first ({@code head}) or last {@code bytes} of output are kept;
   * {@code arg} (or null) is its one argument.
   */
  record Item(String script, String arg, int timeoutSeconds, int bytes, boolean head) {}

  /** What the runner answered for one script: its exit status and kept output. */
  record Answer(int exit, String output) {}

  /** One line of the runner: an answer for script {@code index}, or (answer null) the end. */
  record Reply(String request, int index, Answer answer) {
    boolean end() {
      return answer == null;
    }
  }

  private RunnerProtocol() {}

  /** The command that starts the runner. */
  static List<String> command() {
    return List.of("sh", "-c", LOOP, "b2c-runner");
  }

  /** The request {@code id} for {@code items}, as written to the runner's stdin. */
  static byte[] request(String id, List<Item> items) {
    StringBuilder out = new StringBuilder("R ").append(id).append(' ').append(items.size())
        .append('\n');
    for (Item item : items) {
      out.append(item.head() ? 'h' : 't').append(' ').append(item.timeoutSeconds()).append(' ')
          .append(item.bytes()).append(' ')
          .append(base64(item.arg() == null ? item.script()
              : "set -- " + quoted(item.arg()) + "; " + item.script())).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One line of the runner's output, or null when it is not a well-formed answer or end marker
   * (the output is not trusted: anything else is ignored).
   */
  static Reply parse(String line, ObjectMapper json) {
    JsonNode node;
    try {
      node = json.readTree(line.strip());
    } catch (Exception notJson) {
      return null;
    }
    if (node == null || !node.isObject() || !node.path("req").isTextual()) {
      return null;
    }
    String request = node.get("req").asText();
    if (node.path("end").isInt()) {
      return new Reply(request, node.get("end").asInt(), null);
    }
    if (!node.path("i").isInt() || !node.path("exit").isInt() || !node.path("out").isTextual()) {
      return null;
    }
    String output;
    try {
      output = new String(Base64.getDecoder().decode(node.get("out").asText()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    return new Reply(request, node.get("i").asInt(), new Answer(node.get("exit").asInt(), output));
  }

  /** The last non-empty line of {@code output}, control characters removed. */
  static String lastLine(String output) {
    String text = output == null ? "" : output.stripTrailing();
    String last = text.substring(text.lastIndexOf('\n') + 1);
    return last.replaceAll("\\p{Cntrl}", "");
  }

  /** {@code text} as one word for {@code sh}, whatever it holds. */
  private static String quoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
