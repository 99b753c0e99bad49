package id.born2control.flags;

import id.born2control.catalog.ChallengeSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks a submitted flag against every kind of flag a challenge has. */
@ApplicationScoped
public class FlagCheck {

  private final List<FlagMatcher> matchers;

  FlagCheck(Instance<FlagMatcher> matchers) {
    List<FlagMatcher> ordered = new ArrayList<>();
    matchers.forEach(ordered::add);
    ordered.sort(Comparator.comparingInt(FlagMatcher::order));
    this.matchers = List.copyOf(ordered);
  }

  /** The first match among the challenge's flags (in matcher order), if any. */
  public Optional<FlagMatch> check(ChallengeSpec spec, long traineeId, String submitted) {
    for (FlagMatcher matcher : matchers) {
      Optional<FlagMatch> match = matcher.match(spec, traineeId, submitted);
      if (match.isPresent()) {
        return match;
      }
    }
    return Optional.empty();
  }

  /** Whether {@link #check} reads the database for this challenge (a dynamic lab flag). */
  public boolean readsDatabase(ChallengeSpec spec) {
    return matchers.stream().anyMatch(m -> m.readsDatabase(spec));
  }

  /** Every flag key of the challenge: what {@code logic: all} needs found. */
  public Set<String> keys(ChallengeSpec spec) {
    Set<String> keys = new LinkedHashSet<>();
    matchers.forEach(m -> keys.addAll(m.keys(spec)));
    return keys;
  }
}
