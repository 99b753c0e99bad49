package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lab reaches nothing on the host: its internal network still gives the host an address on the
 * lab's bridge (the lab's default gateway), and the host firewall rule the range requires at
 * start ({@link HostFirewallCheck}) must stop every new connection through it.
 */
@QuarkusTest
@Tag("docker")
class LabHostBoundaryTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;

  @TestHTTPResource("/q/health")
  URI health;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void shouldNotLetALabOpenAnyPortOfTheHost() throws Exception {
    // A host service bound to all addresses, as SSH or an exporter would be; it counts who gets in.
    try (ServerSocket service = new ServerSocket()) {
      service.bind(new InetSocketAddress("0.0.0.0", 0));
      AtomicInteger accepted = new AtomicInteger();
      Thread acceptor = new Thread(() -> {
        while (!service.isClosed()) {
          try (Socket ignored = service.accept()) {
            accepted.incrementAndGet();
          } catch (IOException closed) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      // Control: the service answers on the host, so a refusal from the lab is the firewall.
      try (Socket fromHost = new Socket("127.0.0.1", service.getLocalPort())) {
        assertTrue(fromHost.isConnected());
      }
      String id = LabTestSupport.startRunning(labs, catalog, identities, "hostwall-root",
          "labt-web");
      LabInstance lab = QuarkusTransaction.requiringNew().call(
          () -> LabInstance.findByInstanceId(id).orElseThrow());
      String gateway = sh(lab, "ip route | awk '/^default/ {print $3}'").output().strip();
      assertTrue(gateway.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), "no default gateway: " + gateway);
      // Control: the probe connects where something answers (the lab's own web server).
      assertEquals(0, probe(lab, lab.targetIp, 8080).exitCode(), "the probe itself does not work");

      Set<String> hostAddresses = new LinkedHashSet<>();
      hostAddresses.add(gateway);
      hostAddresses.addAll(hostIpv4Addresses());
      List<String> answered = new ArrayList<>();
      for (String address : hostAddresses) {
        for (int port : List.of(health.getPort(), service.getLocalPort())) {
          LabBackend.ExecResult probe = probe(lab, address, port);
          if (probe.exitCode() == 0) {
            answered.add(address + ":" + port);
          }
        }
      }
      assertEquals(List.of(), answered, "host ports a lab opened (range on " + health.getPort()
          + ", test service on " + service.getLocalPort() + ")");
      assertEquals(1, accepted.get(), "only the host's own control connection may get in");
      labs.stop(lab.instanceId, lab.traineeId, true);
    }
  }

  /** Runs {@code busybox nc} in the lab as its root: exit 0 only when the TCP connection opened. */
  private LabBackend.ExecResult probe(LabInstance lab, String address, int port) throws Exception {
    return sh(lab, "nc -w 2 " + address + " " + port + " </dev/null");
  }

  private LabBackend.ExecResult sh(LabInstance lab, String script) throws Exception {
    return backend.exec(lab.targetContainer, "0", List.of("sh", "-c", script),
        Duration.ofSeconds(15));
  }

  /** Every IPv4 address of this host outside loopback: a lab routes to all through its gateway. */
  static List<String> hostIpv4Addresses() throws IOException {
    List<String> addresses = new ArrayList<>();
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : nic.inetAddresses().toList()) {
          if (address instanceof Inet4Address) {
            addresses.add(address.getHostAddress());
          }
        }
      }
    }
    return addresses;
  }
}
