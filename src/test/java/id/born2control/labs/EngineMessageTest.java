package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Engine errors become the reason a trainee reads on a failed lab: the engine's own words stay,
 * docker-java's status prefix and the class names of a wrapped I/O error go (a node lost in the
 * middle of a start once failed a lab with "java.net.ConnectException: Connection refused").
 */
class EngineMessageTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "java.net.ConnectException: Connection refused | Connection refused",
      "java.lang.RuntimeException: java.net.SocketTimeoutException: Read timed out"
          + " | Read timed out",
      "Status 404: {\"message\":\"No such container: b2c-x-target\"}"
          + " | No such container: b2c-x-target",
      "Status 409: conflict: unable to remove network | conflict: unable to remove network",
      // An engine message naming a file or a lower-case word before a colon is the engine's own.
      "failed to set up container networking: network.x not found"
          + " | failed to set up container networking: network.x not found",
      "java.io.IOException: | unknown engine error",
  })
  void shouldTellTheEngineErrorWithoutJavaClassNames(String raw, String told) {
    assertEquals(told, DockerEngine.clean(raw));
  }

  @Test
  void shouldTellAnUnknownErrorWhenTheEngineSaidNothing() {
    assertEquals("unknown engine error", DockerEngine.clean(null));
  }
}
