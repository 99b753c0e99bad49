package id.born2control.flags;

import com.google.re2j.Pattern;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.FlagKind;
import id.born2control.catalog.ChallengeSpec.FlagSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Flags given as RE2 patterns; the whole submission must match. */
@ApplicationScoped
class RegexFlagMatcher implements FlagMatcher {

  private static final int MAX_CACHED = 10_000;

  private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

  @Override
  public List<String> keys(ChallengeSpec spec) {
    return StaticFlagMatcher.keysOf(spec, FlagKind.REGEX);
  }

  @Override
  public Optional<FlagMatch> match(ChallengeSpec spec, long traineeId, String submitted) {
    List<FlagSpec> flags = spec.flags();
    for (int i = 0; i < flags.size(); i++) {
      FlagSpec flag = flags.get(i);
      if (flag.kind() == FlagKind.REGEX
          && FlagText.regexMatches(pattern(flag), submitted)) {
        return Optional.of(new FlagMatch(StaticFlagMatcher.key(i), "regex", null));
      }
    }
    return Optional.empty();
  }

  @Override
  public int order() {
    return 1;
  }

  private Pattern pattern(FlagSpec flag) {
    String cacheKey = (flag.caseInsensitive() ? "i:" : "s:") + flag.content();
    Pattern pattern = compiled.get(cacheKey);
    if (pattern == null) {
      pattern = FlagText.compile(flag.content(), flag.caseInsensitive());
      if (compiled.size() < MAX_CACHED) {
        compiled.put(cacheKey, pattern);
      }
    }
    return pattern;
  }
}
