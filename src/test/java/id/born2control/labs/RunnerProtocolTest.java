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
  void shouldEncodeEachScriptAndArgumentOnOneLineWhateverTheirText() {
    String script = "echo 'R x 9'\nprintf '%s\\n' \"$1\" # ünïcode\n";
    String request = new String(RunnerProtocol.request("abc", List.of(
        new Item(script, "web host", 10, 1024, false),
        new Item("exit 0", null, 20, 4096, true))), StandardCharsets.UTF_8);
    String[] lines = request.split("\n", -1);
    assertEquals(4, lines.length, request);
    assertEquals("R abc 2", lines[0]);
    String[] first = lines[1].split(" ");
    assertEquals(List.of("t", "10", "1024"), List.of(first[0], first[1], first[2]));
    assertEquals("web host", decode(first[3]));
    assertEquals(script, decode(first[4]));
    assertTrue(lines[2].startsWith("h 20 4096 - "), lines[2]);
    assertEquals("", lines[3]);
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
