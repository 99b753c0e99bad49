package id.born2control.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where challenges come from and when they are loaded. */
@ConfigMapping(prefix = "b2c.catalog")
public interface CatalogConfig {

  /** Folder holding one sub-folder per challenge, each with a challenge.yml. */
  @WithDefault("challenges")
  String path();

  /** Whether the catalog is synced from the folder when the service starts. */
  @WithDefault("true")
  boolean syncOnStart();
}
