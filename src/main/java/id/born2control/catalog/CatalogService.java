package id.born2control.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.CatalogProblem.Severity;
import id.born2control.cluster.LiveFeed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads the challenge folders into the database and serves the live catalog from memory. A
 * challenge whose file is broken is skipped with located problems; its previous version stays.
 * Several service instances may sync the same folders at once (each at start-up): stores are
 * serialized by an advisory lock, and a sync that changed something tells the other instances
 * to reload their live catalog through the live feed.
 */
@ApplicationScoped
public class CatalogService {

  private static final Logger LOG = Logger.getLogger(CatalogService.class);

  private static final String CATALOG_TOPIC = "catalog";

  /** Parsed specs of stored versions kept at most (each a few KiB). */
  static final int VERSIONS_KEPT = 1_000;
  private final CatalogConfig config;
  private final ObjectMapper json;
  private final LiveFeed feed;
  private final Map<Long, ChallengeSpec> versions = new ConcurrentHashMap<>();
  private volatile Map<String, CatalogEntry> live = Map.of();
  private volatile Map<String, List<CatalogProblem>> problems = Map.of();
  private final Map<String, List<CatalogProblem>> buildProblems =
      new java.util.concurrent.ConcurrentHashMap<>();

  CatalogService(CatalogConfig config, ObjectMapper json, LiveFeed feed) {
    this.config = config;
    this.json = json;
    this.feed = feed;
  }

  /**
   * Early (priority 1000, before the default 2500): the scoreboard and solve counts rebuilt at
   * start-up value solves by the catalog, which must be loaded by then.
   */
  void onStart(@Observes @Priority(1000) StartupEvent event) {
    feed.subscribe(CATALOG_TOPIC, String.class, slugs -> reloadChangedElsewhere());
    if (config.syncOnStart()) {
      SyncReport report = sync();
      LOG.infof("Catalog: %d live challenges (%d added, %d updated, %d failed) from %s",
          live.size(), report.added().size(), report.updated().size(), report.failed().size(),
          root().toAbsolutePath());
    } else {
      reload();
    }
  }

  /**
   * Reads every challenge folder and stores what changed; returns what happened to each. A
   * folder whose slug another folder also gives changes nothing (both are reported), and its
   * live version, if any, stays.
   */
  public synchronized SyncReport sync() {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Map<String, List<CatalogProblem>> found = new LinkedHashMap<>();
    List<String> seen = new ArrayList<>();
    List<CatalogReader.Read> reads = CatalogReader.read(root(),
        new CapabilityPolicy(config.allowedCapabilities().orElse(List.of())));
    for (CatalogReader.Read read : reads) {
      String slug = read.slug();
      seen.add(slug);
      if (!read.problems().isEmpty()) {
        found.computeIfAbsent(slug, s -> new ArrayList<>()).addAll(read.problems());
      }
      if (!read.loadable()) {
        failed.add(slug);
        read.problems().stream().filter(p -> p.severity() == Severity.ERROR)
            .forEach(p -> LOG.warnf("Catalog: %s", p.location()));
        continue;
      }
      String hash;
      try {
        hash = contentHash(read.found().folder());
      } catch (UncheckedIOException e) {
        failed.add(slug);
        found.computeIfAbsent(slug, s -> new ArrayList<>()).add(new CatalogProblem(slug,
            read.found().display(), 0, 0, Severity.ERROR,
            "cannot read the challenge folder: " + e.getCause().getMessage()));
        continue;
      }
      switch (store(read.result().spec(), hash)) {
        case ADDED -> added.add(slug);
        case UPDATED -> updated.add(slug);
        case UNCHANGED -> unchanged.add(slug);
      }
    }
    List<String> retired = retireMissing(seen);
    reload();
    Map<String, String> slugByName = slugByName(live);
    for (CatalogProblem p : CatalogReader.requirementProblems(reads, live.keySet(), slugByName)) {
      found.computeIfAbsent(p.slug(), s -> new ArrayList<>()).add(p);
    }
    Map<String, List<CatalogProblem>> frozen = new LinkedHashMap<>();
    found.forEach((slug, list) -> frozen.put(slug, List.copyOf(list)));
    problems = Map.copyOf(frozen);
    if (!added.isEmpty() || !updated.isEmpty() || !retired.isEmpty()) {
      QuarkusTransaction.requiringNew().run(() -> feed.publish(CATALOG_TOPIC,
          String.join(",", added) + ";" + String.join(",", updated) + ";"
              + String.join(",", retired)));
    }
    return new SyncReport(added, updated, unchanged, failed, retired, currentProblems());
  }

  /** Another instance stored a new catalog: serve it from here too. */
  private synchronized void reloadChangedElsewhere() {
    reload();
  }

  /** Every problem of the last sync, and of image builds, errors first. */
  public List<CatalogProblem> currentProblems() {
    List<CatalogProblem> all = new ArrayList<>();
    problems.values().forEach(all::addAll);
    buildProblems.values().forEach(all::addAll);
    all.sort(Comparator.comparing(CatalogProblem::severity).thenComparing(CatalogProblem::file)
        .thenComparingInt(CatalogProblem::line));
    return all;
  }

  /** Records (or with an empty list clears) the image build problems of one challenge. */
  public void reportBuildProblems(String slug, List<CatalogProblem> found) {
    if (found.isEmpty()) {
      buildProblems.remove(slug);
    } else {
      buildProblems.put(slug, List.copyOf(found));
    }
  }

  /** The live challenge with this slug, visible or not. */
  public Optional<CatalogEntry> find(String slug) {
    return Optional.ofNullable(live.get(slug));
  }

  /** The live challenge trainees may see now, or a not-found error. */
  public CatalogEntry visible(String slug) {
    CatalogEntry entry = live.get(slug);
    if (entry == null || !entry.visibleAt(Instant.now())) {
      throw new ChallengeNotFoundException(slug);
    }
    return entry;
  }

  /** Every live challenge, hidden ones included, by category then name. */
  public List<CatalogEntry> all() {
    return live.values().stream()
        .sorted(Comparator.comparing((CatalogEntry e) -> e.spec().category())
            .thenComparing(e -> e.spec().initialValue())
            .thenComparing(e -> e.spec().name()))
        .toList();
  }

  /** The live challenges trainees may see now, by category then value. */
  public List<CatalogEntry> visibleNow() {
    Instant now = Instant.now();
    return all().stream().filter(e -> e.visibleAt(now)).toList();
  }

  /**
   * The spec of any version ever loaded, for solves made against an earlier version. Versions
   * never change once stored, so their parsed specs are kept ({@link #VERSIONS_KEPT} at most):
   * the scenario clock asks for every running lab's spec at every sweep and tick, and reading
   * and parsing the stored JSON each time was a quarter of the leader's CPU in the live-fire
   * benchmark's ticks.
   */
  public Optional<ChallengeSpec> version(long versionId) {
    ChallengeSpec kept = versions.get(versionId);
    if (kept != null) {
      return Optional.of(kept);
    }
    Optional<ChallengeSpec> spec = QuarkusTransaction.joiningExisting().call(() ->
        ChallengeVersion.<ChallengeVersion>findByIdOptional(versionId).map(v -> parse(v.spec)));
    spec.ifPresent(s -> {
      if (versions.size() >= VERSIONS_KEPT) {
        versions.clear(); // bounded: the versions in use are read again
      }
      versions.put(versionId, s);
    });
    return spec;
  }

  /** Markdown of a challenge file (a hint, say) as sanitized HTML, like descriptions. */
  public String markdownToHtml(String markdown) {
    return Markdown.toSafeHtml(markdown);
  }

  public Path root() {
    return Path.of(config.path());
  }

  private enum Outcome { ADDED, UPDATED, UNCHANGED }

  private Outcome store(ChallengeSpec spec, String hash) {
    return QuarkusTransaction.requiringNew().call(() -> {
      // Instances syncing the same folders at once store one after the other.
      Challenge.getEntityManager().createNativeQuery("select count(*) from"
          + " (select pg_advisory_xact_lock(8, 0)) l").getSingleResult();
      Optional<Challenge> existing = Challenge.findBySlug(spec.slug());
      Challenge challenge = existing.orElseGet(Challenge::new);
      boolean isNew = existing.isEmpty();
      if (!isNew && !challenge.retired && challenge.currentVersion != null
          && challenge.currentVersion.contentHash.equals(hash)) {
        return Outcome.UNCHANGED;
      }
      challenge.slug = spec.slug();
      challenge.name = spec.name();
      challenge.category = spec.category();
      challenge.retired = false;
      challenge.updatedAt = Instant.now();
      if (isNew) {
        challenge.persist();
      }
      ChallengeVersion version = isNew ? null
          : ChallengeVersion.findByHash(challenge, hash).orElse(null);
      if (version == null) {
        version = new ChallengeVersion();
        version.challenge = challenge;
        version.number = ChallengeVersion.lastNumber(challenge) + 1;
        version.contentHash = hash;
        version.spec = write(spec);
        version.persist();
      }
      challenge.currentVersion = version;
      return isNew ? Outcome.ADDED : Outcome.UPDATED;
    });
  }

  private List<String> retireMissing(List<String> seen) {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<String> retired = new ArrayList<>();
      for (Challenge challenge : Challenge.listLive()) {
        if (!seen.contains(challenge.slug)) {
          // Kept, not deleted: solves and versions keep pointing at it.
          challenge.retired = true;
          challenge.updatedAt = Instant.now();
          retired.add(challenge.slug);
        }
      }
      return retired;
    });
  }

  private void reload() {
    Path root = root();
    Map<String, Path> folders = new LinkedHashMap<>();
    ChallengeFolders.discover(root).forEach(f -> folders.putIfAbsent(f.slug(), f.folder()));
    Map<String, CatalogEntry> entries = QuarkusTransaction.requiringNew().call(() -> {
      Map<String, CatalogEntry> loaded = new LinkedHashMap<>();
      for (Challenge c : Challenge.listLive()) {
        ChallengeSpec spec = parse(c.currentVersion.spec);
        loaded.put(c.slug, new CatalogEntry(c.id, c.currentVersion.id, c.currentVersion.number,
            c.currentVersion.contentHash, spec, Markdown.toSafeHtml(spec.description()), List.of(),
            folders.getOrDefault(c.slug, root.resolve(c.slug))));
      }
      return loaded;
    });
    Map<String, String> slugByName = slugByName(entries);
    Map<String, CatalogEntry> resolved = new LinkedHashMap<>();
    entries.forEach((slug, e) -> {
      // What names nothing stays required, so the challenge stays locked (a located problem
      // says why); it unlocks once the catalog has what it names.
      List<String> prerequisites = Prerequisites.resolve(e.spec().requirements().prerequisites(),
          entries.keySet(), slugByName);
      resolved.put(slug, new CatalogEntry(e.challengeId(), e.versionId(), e.versionNumber(),
          e.contentHash(), e.spec(), e.descriptionHtml(), prerequisites, e.folder()));
    });
    live = Map.copyOf(resolved);
  }

  private static Map<String, String> slugByName(Map<String, CatalogEntry> entries) {
    Map<String, String> slugByName = new LinkedHashMap<>();
    entries.values().forEach(e -> slugByName.putIfAbsent(e.spec().name(), e.slug()));
    return slugByName;
  }

  /** SHA-256 over every file's relative path and bytes, so any edit makes a new version. */
  static String contentHash(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        digest.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        try (java.io.InputStream in = Files.newInputStream(file)) {
          byte[] buffer = new byte[64 * 1024];
          for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
          }
        }
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String write(ChallengeSpec spec) {
    try {
      return json.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store challenge " + spec.slug(), e);
    }
  }

  private ChallengeSpec parse(String stored) {
    try {
      return json.readValue(stored, ChallengeSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored challenge version cannot be read", e);
    }
  }
}
