package id.born2control.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authors' lint command: compiler-style lines, exit status 1 only on errors. */
class LintTest {

  @TempDir
  Path repository;

  private int lint(ByteArrayOutputStream out) throws IOException {
    return Lint.run(new String[] {repository.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void shouldPrintNothingAndExitZeroOnTheShippedChallenges() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, Lint.run(new String[] {"challenges"},
        new PrintStream(out, true, StandardCharsets.UTF_8)));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldPrintTheBrokenFilesLineAndExitOne() throws IOException {
    Files.createDirectories(repository.resolve("web/good"));
    Files.writeString(repository.resolve("web/good/challenge.yml"),
        "name: Good\ncategory: web\ndescription: d\nvalue: 10\nflags: [\"flag{good}\"]\n");
    Files.createDirectories(repository.resolve("web/Broken One"));
    Files.writeString(repository.resolve("web/Broken One/challenge.yml"),
        "name: Broken\ncategory: web\ndescription: d\nvalue:\nflags: [\"flag{b}\"]\nwriteup: x\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(1, lint(out));
    String file = repository.resolve("web/Broken One/challenge.yml").toString();
    assertEquals(file + ":4:7: error: value is empty: write the points as a whole number\n"
        + file + ":6:1: warning: unknown key 'writeup' is ignored\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldExitZeroOnWarningsAlone() throws IOException {
    Files.createDirectories(repository.resolve("misc"));
    Files.writeString(repository.resolve("misc/challenge.yml"),
        "name: W\ncategory: m\ndescription: d\nvalue: 10\nflags: [\"flag{w}\"]\nauthor_url: x\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, lint(out));
    assertEquals(repository.resolve("misc/challenge.yml")
        + ":6:1: warning: unknown key 'author_url' is ignored\n",
        out.toString(StandardCharsets.UTF_8));
  }
}
