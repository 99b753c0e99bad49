package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the range refuses to start with (the rules of StartupSettings, one per case). */
class StartupSettingsTest {

  private static final String STRONG = "k3P9vQ2xL8mN4rT7wY1zA6bC5dE0fG2h";

  private static StartupSettings.Settings settings(String oidcSecret, String flagSecret,
      String rosterSecret, String dockerHost, boolean tls, String nodes) {
    return new StartupSettings.Settings(true, Optional.ofNullable(oidcSecret),
        Optional.ofNullable(flagSecret), Optional.ofNullable(rosterSecret), dockerHost, tls,
        Optional.ofNullable(nodes), List.of("127.0.0.1", "::1/128"));
  }

  private static StartupSettings.Settings proxies(String... trusted) {
    StartupSettings.Settings s = settings(STRONG, STRONG, STRONG, "unix:///var/run/docker.sock",
        false, null);
    return new StartupSettings.Settings(s.oidcEnabled(), s.oidcSecret(), s.flagSecret(),
        s.rosterSecret(), s.dockerHost(), s.dockerTls(), s.swarmNodes(), List.of(trusted));
  }

  /** The trusted proxies application.properties ships (B2C_TRUSTED_PROXIES's default). */
  private static String[] shippedTrustedProxies() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = StartupSettingsTest.class.getResourceAsStream(
        "/application.properties")) {
      properties.load(in);
    }
    String value = properties.getProperty("quarkus.http.proxy.trusted-proxies");
    Matcher fallback = Pattern.compile("\\$\\{B2C_TRUSTED_PROXIES:(.*)}").matcher(value);
    assertTrue(fallback.matches(), value);
    return fallback.group(1).split(",");
  }

  private static StartupSettings.Settings demoSettings() {
    return settings("demo-range-web-secret-not-for-production", "short",
        "demo-range-roster-secret-not-for-production",
        "unix:///var/run/docker.sock", false, null);
  }

  @Test
  void shouldStartWithOwnSecretsInProduction() {
    assertEquals(List.of(), StartupSettings.problems(settings(STRONG, STRONG,
        STRONG, "unix:///var/run/docker.sock", false, null), true, false));
  }

  @Test
  void shouldRefuseDemoAndEmptySecretsInProduction() {
    List<String> problems = StartupSettings.problems(demoSettings(), true, false);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("B2C_OIDC_CLIENT_SECRET"));
    assertTrue(problems.get(1).contains("B2C_FLAGS_SECRET"));
    assertTrue(problems.get(2).contains("B2C_KEYCLOAK_ROSTER_SECRET"));
    assertEquals(2, StartupSettings.problems(settings("", null, "",
        "unix:///var/run/docker.sock", false, null), true, false).size());
  }

  @Test
  void shouldAcceptDemoSecretsOnlyInDemoModeOrOutsideProduction() {
    assertEquals(List.of(), StartupSettings.problems(demoSettings(), true, true));
    assertEquals(List.of(), StartupSettings.problems(demoSettings(), false, false));
  }

  @Test
  void shouldRefuseADockerEngineOverTcpWithoutTls() {
    assertEquals(1, StartupSettings.problems(settings(STRONG, STRONG, STRONG,
        "tcp://10.0.0.5:2375", false, null), true, false).size());
    // Demo mode does not relax it, and a swarm node counts like the manager.
    assertEquals(1, StartupSettings.problems(settings(STRONG, STRONG, STRONG,
        "unix:///var/run/docker.sock", false, "w1=tcp://10.0.0.6:2375"), true, true).size());
    assertEquals(1, StartupSettings.problems(settings(STRONG, STRONG, STRONG,
        "tcp://10.0.0.5:2375", false, null), false, false).size());
    assertEquals(List.of(), StartupSettings.problems(settings(STRONG, STRONG,
        STRONG, "tcp://10.0.0.5:2376", true, null), true, false));
    // The local test swarm (loopback, outside production) stays usable.
    assertEquals(List.of(), StartupSettings.problems(settings(STRONG, STRONG,
        STRONG, "tcp://127.0.0.1:23750", false, null), false, false));
  }

  @Test
  void shouldStartWithTheShippedTrustedProxies() throws IOException {
    assertEquals(List.of(), StartupSettings.problems(proxies(shippedTrustedProxies()), true,
        false));
    assertEquals(List.of(), StartupSettings.problems(proxies("10.0.0.0/8", "192.0.2.7",
        "192.0.2.8:8443", "fd00::/64", "localhost"), true, false));
  }

  @Test
  void shouldRefuseTrustedProxiesLookedUpByNameOnEveryRequest() {
    // A bare IPv6 address reads as host ":" (what held every request ~40 ms), a name as a name.
    List<String> problems = StartupSettings.problems(proxies("127.0.0.1", "::1", "lb.internal"),
        false, false);
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("'::1'") && problems.get(0).contains("::1/128"));
    assertTrue(problems.get(1).contains("'lb.internal'"));
  }
}
