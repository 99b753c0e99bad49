package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.labs.RunnerProtocol.Answer;
import id.born2control.labs.RunnerProtocol.Item;
import id.born2control.labs.RunnerProtocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests carry any script text on single lines; only well-formed answers are read. */
class RunnerProtocolTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldEncodeEachScriptWithItsArgumentOnOneLineWhateverTheirText() {
    String script = "echo 'R x 9'\nprintf '%s\\n' \"$1\" # ünïcode\n";
    String request = new String(RunnerProtocol.request("abc", List.of(
        new Item(script, "web host", 10, 1024, false),
        new Item("exit 0", null, 20, 4096, true))), StandardCharsets.UTF_8);
    String[] lines = request.split("\n", -1);
    assertEquals(4, lines.length, request);
    assertEquals("R abc 2", lines[0]);
    String[] first = lines[1].split(" ");
    assertEquals(List.of("t", "10", "1024"), List.of(first[0], first[1], first[2]));
    // the argument is set on the script's first line: its line numbers stay
    assertEquals("set -- 'web host'; " + script, decode(first[3]));
    String[] second = lines[2].split(" ");
    assertEquals(List.of("h", "20", "4096", "exit 0"),
        List.of(second[0], second[1], second[2], decode(second[3])));
    assertEquals("", lines[3]);
  }

  @Test
  void shouldPassAnArgumentToTheScriptAsOneWordWhateverItHolds() throws Exception {
    String nasty = "it's $(touch /tmp/pwned) `id` \"q\" \\ ; * \n2nd line";
    String request = new String(RunnerProtocol.request("abc", List.of(
        new Item("printf '%s|%s' \"$#\" \"$1\"", nasty, 10, 1024, false))),
        StandardCharsets.UTF_8);
    String script = decode(request.split("\n")[1].split(" ")[3]);
    Process sh = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, sh.waitFor());
    assertEquals("1|" + nasty, output);
  }

  @Test
  void shouldRunTheLoopStoppingAScriptPastItsTimeAndKeepingBoundedOutput() throws Exception {
    // The loop itself, under this machine's sh and coreutils (the labs run it under busybox
    // and Debian's dash): a script past its time is stopped and reported as 124 (a check then
    // reads "down", as with coreutils' timeout), whatever follows still runs.
    Process runner = new ProcessBuilder(RunnerProtocol.command()).start();
    try (var in = runner.getOutputStream()) {
      in.write(RunnerProtocol.request("t1", List.of(
          new Item("echo started; exec sleep 60", null, 1, 1024, false),
          new Item("seq 1 100000; exit 3", null, 10, 5, true),
          new Item("printf '%s' \"$1\"", "a 'b'", 10, 1024, false))));
    }
    List<Reply> replies = new String(runner.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).lines().map(l -> RunnerProtocol.parse(l, JSON)).toList();
    assertTrue(runner.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(List.of(new Reply("t1", 0, new Answer(124, "started\n")),
        new Reply("t1", 1, new Answer(3, "1\n2\n3")), new Reply("t1", 2, new Answer(0, "a 'b'")),
        new Reply("t1", 3, null)), replies);
  }

  @Test
  void shouldReadAnswersAndEndsAndIgnoreEverythingElse() {
    assertEquals(new Reply("r1", 0, new Answer(2, "down\n")), RunnerProtocol.parse(
        "{\"req\":\"r1\",\"i\":0,\"exit\":2,\"out\":\"ZG93bgo=\"}", JSON));
    assertTrue(RunnerProtocol.parse("{\"req\":\"r1\",\"end\":3}", JSON).end());
    for (String junk : List.of("", "garbage", "[1]", "{\"i\":0,\"exit\":0,\"out\":\"\"}",
        "{\"req\":\"r1\",\"i\":\"0\",\"exit\":0,\"out\":\"\"}",
        "{\"req\":\"r1\",\"i\":0,\"exit\":0,\"out\":\"not base64!\"}",
        "{\"req\":\"r1\",\"i\":0,\"exit\":0}", "{\"check\":\"up\",\"exit\":0}")) {
      assertNull(RunnerProtocol.parse(junk, JSON), junk);
    }
  }

  @Test
  void shouldTakeTheLastNonEmptyLineWithoutControlCharacters() {
    assertEquals("two x", RunnerProtocol.lastLine("one\ntwo \u001bx\t\n\n"));
    assertEquals("", RunnerProtocol.lastLine(null));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
