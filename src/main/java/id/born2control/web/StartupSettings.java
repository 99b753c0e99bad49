package id.born2control.web;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.InetSocketAddressConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start with settings that hand the range to anyone who read the README: in
 * production (unless infra/run.sh's demo mode, b2c.demo, is on) an empty or demo OIDC client
 * secret, a short or demo flag secret, an empty or demo secret of the roster's Keycloak service
 * account; and in every
 * mode a Docker engine reached over tcp:// without TLS (anyone who reaches that port is root on
 * the engine's host), loopback addresses excepted outside production for the local test swarm,
 * and a trusted proxy Quarkus would look up by name on every request.
 */
@ApplicationScoped
class StartupSettings {

  static final int MIN_FLAG_SECRET_BYTES = 32;
  /** A CIDR range as Quarkus's trusted-proxy converter recognises one. */
  private static final Pattern CIDR = Pattern.compile(".+/\\d+");
  private static final Set<String> WEAK = Set.of("admin", "password", "secret", "changeme",
      "change-me", "keycloak", "postgres");

  /** The settings checked, as configured. */
  record Settings(boolean oidcEnabled, Optional<String> oidcSecret, Optional<String> flagSecret,
      Optional<String> rosterSecret,
      String dockerHost, boolean dockerTls, Optional<String> swarmNodes,
      List<String> trustedProxies) {}

  void check(@Observes StartupEvent start,
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc,
      @ConfigProperty(name = "quarkus.oidc.credentials.secret") Optional<String> oidcSecret,
      @ConfigProperty(name = "b2c.flags.secret") Optional<String> flagSecret,
      @ConfigProperty(name = "b2c.identity.roster-client-secret") Optional<String> rosterSecret,
      @ConfigProperty(name = "b2c.labs.docker-host",
          defaultValue = "unix:///var/run/docker.sock") String dockerHost,
      @ConfigProperty(name = "b2c.labs.docker-tls-verify", defaultValue = "false") boolean tls,
      @ConfigProperty(name = "b2c.labs.swarm.nodes") Optional<String> swarmNodes,
      @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
          Optional<List<String>> trustedProxies,
      @ConfigProperty(name = "b2c.demo", defaultValue = "false") boolean demo) {
    List<String> problems = problems(new Settings(oidc, oidcSecret, flagSecret, rosterSecret,
        dockerHost, tls, swarmNodes, trustedProxies.orElse(List.of())),
        LaunchMode.current() == LaunchMode.NORMAL, demo);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("The range refuses to start:\n - "
          + String.join("\n - ", problems));
    }
  }

  /** Every reason to refuse the settings, each saying which setting and what to do. */
  static List<String> problems(Settings s, boolean production, boolean demo) {
    List<String> problems = new ArrayList<>();
    if (production && !demo) {
      if (s.oidcEnabled() && weak(s.oidcSecret())) {
        problems.add("B2C_OIDC_CLIENT_SECRET (quarkus.oidc.credentials.secret) is empty or a"
            + " demo value: set the range-web client's own secret from Keycloak");
      }
      s.flagSecret().filter(v -> !v.isBlank()).ifPresent(v -> {
        if (weak(s.flagSecret()) || v.getBytes(StandardCharsets.UTF_8).length
            < MIN_FLAG_SECRET_BYTES) {
          problems.add("B2C_FLAGS_SECRET (b2c.flags.secret) must be at least "
              + MIN_FLAG_SECRET_BYTES + " random bytes and no demo value (or leave it unset to"
              + " have one generated)");
        }
      });
      if (s.oidcEnabled() && weak(s.rosterSecret())) {
        problems.add("B2C_KEYCLOAK_ROSTER_SECRET (b2c.identity.roster-client-secret) is empty or"
            + " a demo value: set the range-roster client's own secret from Keycloak");
      }
    }
    List<String> hosts = new ArrayList<>(List.of(s.dockerHost()));
    s.swarmNodes().ifPresent(nodes -> {
      for (String pair : nodes.split(",")) {
        hosts.add(pair.substring(pair.indexOf('=') + 1).trim());
      }
    });
    for (String host : hosts) {
      if (host.startsWith("tcp://") && !s.dockerTls() && (production || !loopback(host))) {
        problems.add("the Docker engine " + host + " is reached over tcp:// without TLS: set"
            + " b2c.labs.docker-tls-verify=true with b2c.labs.docker-cert-path, or use a unix"
            + " socket");
      }
    }
    for (String proxy : s.trustedProxies()) {
      if (lookedUpByName(proxy.trim())) {
        problems.add("B2C_TRUSTED_PROXIES (quarkus.http.proxy.trusted-proxies) names '" + proxy
            + "', which is looked up with DNS on every request: give IP addresses or CIDR ranges,"
            + " an IPv6 address as a range (::1/128)");
      }
    }
    return problems;
  }

  /**
   * Whether Quarkus reads a trusted-proxy entry as a host name, which it resolves with DNS for
   * every request before it decides whether to believe X-Forwarded-For (the rule of its
   * TrustedProxyCheckPartConverter: a CIDR range or an address, with an optional port, is checked
   * as such; anything else is a name). A bare IPv6 address is one: "::1" reads as host ":" and
   * port 1. Measured on 2026-12-03 (infra/bench/RESULTS.md): the default list then held "::1",
   * and the lookup of ":" (an NXDOMAIN from the machine's resolver, never cached) held every
   * request about 40 ms and one UDP socket each, so a kept-alive connection served ~25 req/s and
   * every SSE client held two descriptors.
   */
  static boolean lookedUpByName(String entry) {
    if (entry.isEmpty() || CIDR.matcher(entry).matches() || entry.equals("localhost")) {
      return false;
    }
    try {
      return new InetSocketAddressConverter().convert(entry).isUnresolved();
    } catch (IllegalArgumentException e) {
      // not an address Quarkus accepts at all: it refuses to start with it itself
      return false;
    }
  }

  private static boolean weak(Optional<String> value) {
    if (value.isEmpty() || value.get().isBlank()) {
      return true;
    }
    String v = value.get().toLowerCase(Locale.ROOT);
    return v.contains("demo") || v.contains("not-for-production") || WEAK.contains(v);
  }

  private static boolean loopback(String host) {
    try {
      String name = URI.create(host).getHost();
      return name != null && (name.equals("localhost") || name.startsWith("127.")
          || name.equals("[::1]") || name.equals("::1"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
