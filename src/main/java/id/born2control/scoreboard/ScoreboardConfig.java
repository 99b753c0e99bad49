package id.born2control.scoreboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ranking and the live scoreboard. */
@ConfigMapping(prefix = "b2c.scoreboard")
interface ScoreboardConfig {

  /** How often the changes since the last push are sent to live clients (bursts coalesce). */
  @WithDefault("200ms")
  Duration pushInterval();

  /** How many past live events are kept for clients that reconnect with Last-Event-ID. */
  @WithDefault("2048")
  int replayEvents();

  /** How many top entries a snapshot event carries. */
  @WithDefault("100")
  int snapshotSize();

  /** Largest page of a board; larger limits are capped to it. */
  @WithDefault("100")
  int maxPageSize();

  /** Largest number of trainees in a timeline. */
  @WithDefault("50")
  int maxTimelineTop();

  /** Live events queued per client before a client too slow to read them is disconnected. */
  @WithDefault("512")
  int clientBuffer();

  /**
   * How often trainees (hidden, banned, cohort), exercises (freeze) and challenge values are
   * re-read; a change of any of them rebuilds the ranking from the facts held in memory.
   */
  @WithDefault("30s")
  Duration refreshInterval();
}
