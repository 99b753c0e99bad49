package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the range refuses to start with (the rules of StartupSettings, one per case). */
class StartupSettingsTest {

  private static final String STRONG = "k3P9vQ2xL8mN4rT7wY1zA6bC5dE0fG2h";

  private static StartupSettings.Settings settings(String oidcSecret, String flagSecret,
      String rosterSecret, String dockerHost, boolean tls, String nodes) {
    return new StartupSettings.Settings(true, Optional.ofNullable(oidcSecret),
        Optional.ofNullable(flagSecret), Optional.ofNullable(rosterSecret), dockerHost, tls,
        Optional.ofNullable(nodes));
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
}
