package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogProblem;
import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.HostSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Builds each lab's image from its challenge folder, tagged {@code b2c/<slug>:<hash12>} so that
 * unchanged content is never rebuilt (the tag already exists). Builds run one at a time in the
 * background; a broken Dockerfile is reported as a catalog problem of that challenge only.
 */
@ApplicationScoped
class LabImages {

  private static final Logger LOG = Logger.getLogger(LabImages.class);

  /** Image tags of one lab: the target and, when declared, the workstation. */
  record Images(String target, String workstation) {}

  /** Build status of one challenge's images, for instructors. */
  public record ImageStatus(String slug, String target, String workstation, String state,
      String problem) {}

  private final LabBackend backend;
  private final CatalogService catalog;
  private final LabsConfig config;
  private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "b2c-lab-image-builder");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, CompletableFuture<String>> builds = new ConcurrentHashMap<>();

  LabImages(LabBackend backend, CatalogService catalog, LabsConfig config) {
    this.backend = backend;
    this.catalog = catalog;
    this.config = config;
  }

  void onStart(@Observes @Priority(5000) StartupEvent event) {
    if (config.buildOnStart()) {
      buildAll();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    builder.shutdownNow();
  }

  /** Starts (in the background) the build of every lab image that does not exist yet. */
  List<ImageStatus> buildAll() {
    List<ImageStatus> statuses = new ArrayList<>();
    for (CatalogEntry entry : catalog.all()) {
      if (entry.spec().hasLab()) {
        ensure(entry);
        statuses.add(status(entry));
      }
    }
    return statuses;
  }

  /** The images of a lab, built if needed; completes when both exist, or fails with the reason. */
  CompletableFuture<Images> ensure(CatalogEntry entry) {
    LabSpec lab = entry.spec().lab();
    String hash = entry.contentHash().substring(0, 12);
    CompletableFuture<String> target = lab.build() != null
        ? build(entry, "b2c/" + entry.slug() + ":" + hash, lab.build(), lab.dockerfile())
        : existing(entry, lab.image());
    CompletableFuture<String> workstation = lab.workstation() == null
        ? CompletableFuture.completedFuture(null)
        : lab.workstation().build() != null
            ? build(entry, "b2c/" + entry.slug() + "-workstation:" + hash,
                lab.workstation().build(), lab.workstation().dockerfile())
            : existing(entry, lab.workstation().image());
    return target.thenCombine(workstation, Images::new);
  }

  /**
   * The image of host {@code name} of a lab of several hosts, built if needed: the primary
   * host's is the lab's target image, every other host's is tagged
   * {@code b2c/<slug>-<host>:<hash12>}.
   */
  CompletableFuture<String> host(CatalogEntry entry, String name, HostSpec host) {
    if (host.build() == null) {
      return existing(entry, host.image());
    }
    String suffix = name.equals(entry.spec().lab().primaryHost()) ? "" : "-" + name;
    return build(entry, "b2c/" + entry.slug() + suffix + ":" + entry.contentHash().substring(0, 12),
        host.build(), host.dockerfile());
  }

  /** Whether the images are ready, building or failed, without starting a build. */
  ImageStatus status(CatalogEntry entry) {
    LabSpec lab = entry.spec().lab();
    String hash = entry.contentHash().substring(0, 12);
    String target = lab.build() != null ? "b2c/" + entry.slug() + ":" + hash : lab.image();
    String ws = lab.workstation() == null ? null : lab.workstation().build() != null
        ? "b2c/" + entry.slug() + "-workstation:" + hash : lab.workstation().image();
    String state = "ready";
    String problem = null;
    for (String tag : ws == null ? List.of(target) : List.of(target, ws)) {
      CompletableFuture<String> f = builds.get(tag);
      if (f == null) {
        if (!"building".equals(state) && !"failed".equals(state)) {
          state = "pending";
        }
      } else if (!f.isDone()) {
        state = "building";
      } else if (f.isCompletedExceptionally()) {
        state = "failed";
        problem = f.handle((v, e) -> e == null ? null : rootMessage(e)).join();
      }
    }
    return new ImageStatus(entry.slug(), target, ws, state, problem);
  }

  private CompletableFuture<String> build(CatalogEntry entry, String tag, String context,
      String dockerfile) {
    CompletableFuture<String> existing = builds.get(tag);
    if (existing != null && !existing.isCompletedExceptionally()) {
      return existing;
    }
    CompletableFuture<String> future = new CompletableFuture<>();
    CompletableFuture<String> raced = existing == null ? builds.putIfAbsent(tag, future)
        : builds.replace(tag, existing, future) ? null : builds.get(tag);
    if (raced != null) {
      return raced;
    }
    Path folder = entry.folder().resolve(context).normalize();
    builder.execute(() -> {
      try {
        if (!backend.imageExists(tag)) {
          long began = System.nanoTime();
          backend.buildImage(folder, dockerfile, tag);
          LOG.infof("Labs: built %s in %d ms", tag, (System.nanoTime() - began) / 1_000_000);
        }
        catalog.reportBuildProblems(entry.slug(), List.of());
        future.complete(tag);
      } catch (Exception e) {
        LOG.warnf("Labs: image %s of %s failed: %s", tag, entry.slug(), e.getMessage());
        report(entry, context + "/" + dockerfile, "lab image build failed: " + e.getMessage());
        future.completeExceptionally(new LabBackendException(
            "the lab image of " + entry.slug() + " could not be built", e));
      }
    });
    return future;
  }

  private CompletableFuture<String> existing(CatalogEntry entry, String image) {
    return builds.compute(image, (tag, previous) -> {
      if (previous != null && previous.isDone() && !previous.isCompletedExceptionally()) {
        return previous;
      }
      if (backend.imageExists(tag)) {
        return CompletableFuture.completedFuture(tag);
      }
      report(entry, "challenge.yml", "lab image '" + tag + "' does not exist on the engine"
          + " (no registry is used: build it locally first)");
      return CompletableFuture.failedFuture(new LabBackendException(
          "the lab image " + tag + " of " + entry.slug() + " does not exist"));
    });
  }

  private void report(CatalogEntry entry, String file, String message) {
    catalog.reportBuildProblems(entry.slug(), List.of(new CatalogProblem(entry.slug(),
        catalog.root().resolve(entry.slug()).resolve(file).toString(), 0, 0, Severity.ERROR,
        message)));
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    if (t.getCause() instanceof LabBackendException cause) {
      message = message + ": " + cause.getMessage();
    }
    return message;
  }

  /** Builds of one challenge, by tag, for tests and the admin view. */
  Map<String, Boolean> known() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    builds.forEach((k, v) -> out.put(k, v.isDone() && !v.isCompletedExceptionally()));
    return out;
  }
}
