package id.born2control.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Where challenges come from and when they are loaded. */
@ConfigMapping(prefix = "b2c.catalog")
public interface CatalogConfig {

  /** Folder holding one sub-folder per challenge, each with a challenge.yml. */
  @WithDefault("challenges")
  String path();

  /** Whether the catalog is synced from the folder when the service starts. */
  @WithDefault("true")
  boolean syncOnStart();

  /**
   * Capabilities that widen a trainee's reach (NET_ADMIN, NET_RAW, SYS_PTRACE) which challenges
   * may ask for; a challenge asking for one not listed is refused at load. Unset: none.
   */
  Optional<List<String>> allowedCapabilities();
}
