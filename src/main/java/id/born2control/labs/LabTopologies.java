package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.ChallengeSpec.Access;
import id.born2control.catalog.ChallengeSpec.HostSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Turns a lab of several hosts into the {@link LabTopology} a backend creates, images built. */
@ApplicationScoped
class LabTopologies {

  private final LabImages images;

  LabTopologies(LabImages images) {
    this.images = images;
  }

  /** The topology of {@code entry}'s lab, waiting (bounded) for every host's image. */
  LabTopology of(CatalogEntry entry) throws LabBackendException {
    LabSpec lab = entry.spec().lab();
    String primary = lab.primaryHost();
    Map<String, CompletableFuture<String>> built = new LinkedHashMap<>();
    lab.hosts().forEach((name, host) -> built.put(name, images.host(entry, name, host)));
    List<LabTopology.Host> hosts = new ArrayList<>();
    for (Map.Entry<String, HostSpec> e : lab.hosts().entrySet()) {
      HostSpec host = e.getValue();
      String image;
      try {
        image = built.get(e.getKey()).get(20, TimeUnit.MINUTES);
      } catch (TimeoutException timeout) {
        throw new LabBackendException("the image of host '" + e.getKey()
            + "' is still building; try again later");
      } catch (ExecutionException failed) {
        throw new LabBackendException(LabImages.rootMessage(failed));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new LabBackendException("the lab start was interrupted");
      }
      hosts.add(new LabTopology.Host(e.getKey(), image, host.networks(),
          (int) Math.round(host.limits().cpus() * 1000), host.limits().memoryBytes(),
          host.limits().pids(), host.capabilities(), host.access() == Access.TRAINEE,
          e.getKey().equals(primary), host.environment()));
    }
    List<LabTopology.Net> networks = new ArrayList<>();
    lab.networks().forEach((name, net) -> networks.add(new LabTopology.Net(name, net.subnet())));
    return new LabTopology(List.copyOf(hosts), List.copyOf(networks));
  }
}
