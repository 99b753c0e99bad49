package id.born2control.scoreboard;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import org.jboss.logging.Logger;

/**
 * Who and what the ranking names, in memory: trainees (by id and user name) from the identity
 * feature, and the challenges' specs (value, decay, category, name) from the catalog. Read from
 * any thread; loaded and refreshed on the ranking thread.
 */
final class RankingDirectory {

  private static final Logger LOG = Logger.getLogger(RankingDirectory.class);

  /**
   * How far before the last read a refresh looks for changed trainees: a change is stamped with
   * its instance's clock before its transaction commits, so one that commits late, or comes from
   * an instance whose clock runs a little behind, is still read by the next refresh.
   */
  private static final Duration CHANGE_MARGIN = Duration.ofMinutes(2);

  private final IdentityService identity;
  private final CatalogService catalog;
  private final Map<Long, TraineeRef> trainees = new ConcurrentHashMap<>();
  private final Map<String, TraineeRef> traineesByName = new ConcurrentHashMap<>();
  private final Map<String, ChallengeSpec> specs = new ConcurrentHashMap<>();
  // held by the ranking thread only
  private Instant traineesReadAt = Instant.EPOCH;

  RankingDirectory(IdentityService identity, CatalogService catalog) {
    this.identity = identity;
    this.catalog = catalog;
  }

  /** Reads every trainee. */
  void loadTrainees() {
    traineesReadAt = Instant.now();
    identity.all().forEach(this::put);
  }

  /**
   * Re-reads the trainees changed since the last read (not all of them: reading 10,000 trainees
   * every 30 s was 4 % of the service's CPU samples while it served board pages, RESULTS.md
   * 2026-12-03); whether one that {@code counts} changed.
   */
  boolean refreshTrainees(LongPredicate counts) {
    boolean changed = false;
    Instant readAt = Instant.now();
    for (TraineeRef ref : identity.changedSince(traineesReadAt.minus(CHANGE_MARGIN))) {
      TraineeRef old = put(ref);
      if (old != null && !old.equals(ref) && counts.test(ref.id())) {
        changed = true;
      }
    }
    traineesReadAt = readAt;
    return changed;
  }

  /** Whether the value or decay of a challenge the ranking used has changed in the catalog. */
  boolean refreshSpecs() {
    boolean changed = false;
    for (Map.Entry<String, ChallengeSpec> used : specs.entrySet()) {
      ChallengeSpec now = catalog.find(used.getKey()).map(CatalogEntry::spec).orElse(null);
      if (now != null && (now.value() != used.getValue().value()
          || !Objects.equals(now.dynamic(), used.getValue().dynamic()))) {
        specs.put(used.getKey(), now);
        changed = true;
      }
    }
    return changed;
  }

  /** Reads a trainee the directory does not know yet (one created since the last read). */
  void know(long traineeId) {
    if (!trainees.containsKey(traineeId)) {
      identity.byId(traineeId).ifPresent(this::put);
    }
  }

  TraineeRef trainee(long traineeId) {
    return trainees.get(traineeId);
  }

  Optional<TraineeRef> trainee(String username) {
    return Optional.ofNullable(traineesByName.get(username));
  }

  /** The challenge's spec, read from the catalog once; null (and 0 points) when it is gone. */
  ChallengeSpec spec(String slug) {
    ChallengeSpec known = specs.get(slug);
    if (known != null) {
      return known;
    }
    Optional<ChallengeSpec> current = catalog.find(slug).map(CatalogEntry::spec);
    if (current.isEmpty()) {
      LOG.warnf("Scoreboard: challenge %s is not in the catalog; its solves count 0 points", slug);
      return null;
    }
    specs.put(slug, current.get());
    return current.get();
  }

  /** The challenge's name as the ranking knows it, or its slug. */
  String challengeName(String slug) {
    ChallengeSpec spec = specs.get(slug);
    return spec == null ? slug : spec.name();
  }

  private TraineeRef put(TraineeRef ref) {
    traineesByName.put(ref.username(), ref);
    return trainees.put(ref.id(), ref);
  }
}
