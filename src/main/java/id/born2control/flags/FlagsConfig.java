package id.born2control.flags;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How dynamic flags are derived. */
@ConfigMapping(prefix = "b2c.flags")
public interface FlagsConfig {

  /**
   * HMAC key for dynamic flags (at least 32 characters). When unset, a random key is generated at
   * first start and kept in {@code secretFile}.
   */
  Optional<String> secret();

  /** File keeping the generated key when no secret is configured. */
  @WithDefault("${b2c.data-dir:data}/flag-secret")
  String secretFile();

  /** Hex characters of the HMAC put into each flag (the {{token}} of the template). */
  @WithDefault("24")
  int tokenLength();
}
