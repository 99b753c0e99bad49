package id.born2control.flags;

import id.born2control.catalog.ChallengeSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Per-instance flags of a challenge's lab. A flag issued to the submitter for this challenge
 * matches; one issued to another trainee is reported as shared (it never scores).
 */
@ApplicationScoped
class DynamicFlagMatcher implements FlagMatcher {

  static final String KEY = "dynamic";

  private final FlagService flags;

  DynamicFlagMatcher(FlagService flags) {
    this.flags = flags;
  }

  @Override
  public List<String> keys(ChallengeSpec spec) {
    return hasDynamicFlag(spec) ? List.of(KEY) : List.of();
  }

  @Override
  public Optional<FlagMatch> match(ChallengeSpec spec, long traineeId, String submitted) {
    if (!hasDynamicFlag(spec)) {
      return Optional.empty();
    }
    return flags.findIssued(FlagText.normalize(submitted)).flatMap(issued -> {
      if (issued.traineeId() != traineeId) {
        return Optional.of(new FlagMatch(null, "dynamic", issued));
      }
      return issued.slug().equals(spec.slug())
          ? Optional.of(new FlagMatch(KEY, "dynamic", null)) : Optional.empty();
    });
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public boolean readsDatabase(ChallengeSpec spec) {
    return hasDynamicFlag(spec);
  }

  private static boolean hasDynamicFlag(ChallengeSpec spec) {
    return spec.lab() != null && spec.lab().flag() != null;
  }
}
