package id.born2control.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the coordination between service instances that share one PostgreSQL. */
@ConfigMapping(prefix = "b2c.cluster")
interface ClusterConfig {

  /** Longest wait for a notification before the live feed reads new events anyway (safety net). */
  @WithDefault("2s")
  Duration pollInterval();

  /** Pause before a lost database connection (live feed, leadership) is opened again. */
  @WithDefault("1s")
  Duration reconnectDelay();

  /** How often an instance that is not the leader tries to become it, and the leader checks in. */
  @WithDefault("1s")
  Duration leaderCheck();

  /** How long live events are kept in the database for instances that fall behind. */
  @WithDefault("1h")
  Duration eventRetention();
}
