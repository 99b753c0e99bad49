package id.born2control.flags;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.FlagKind;
import id.born2control.catalog.ChallengeSpec.FlagSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Flags written in challenge.yml as text, compared in constant time. */
@ApplicationScoped
class StaticFlagMatcher implements FlagMatcher {

  @Override
  public List<String> keys(ChallengeSpec spec) {
    return keysOf(spec, FlagKind.STATIC);
  }

  @Override
  public Optional<FlagMatch> match(ChallengeSpec spec, long traineeId, String submitted) {
    List<FlagSpec> flags = spec.flags();
    Optional<FlagMatch> found = Optional.empty();
    // Every flag is compared, matched or not, so the time taken does not tell which one matched.
    for (int i = 0; i < flags.size(); i++) {
      FlagSpec flag = flags.get(i);
      if (flag.kind() == FlagKind.STATIC
          && FlagText.staticMatches(flag.content(), submitted, flag.caseInsensitive())
          && found.isEmpty()) {
        found = Optional.of(new FlagMatch(key(i), "static", null));
      }
    }
    return found;
  }

  @Override
  public int order() {
    return 0;
  }

  static String key(int index) {
    return "flag-" + index;
  }

  static List<String> keysOf(ChallengeSpec spec, FlagKind kind) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < spec.flags().size(); i++) {
      if (spec.flags().get(i).kind() == kind) {
        keys.add(key(i));
      }
    }
    return keys;
  }
}
