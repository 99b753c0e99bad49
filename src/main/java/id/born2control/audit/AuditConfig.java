package id.born2control.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the audit trail (its files live in b2c.data-dir/audit). */
@ConfigMapping(prefix = "b2c.audit")
interface AuditConfig {

  /**
   * The chain's HMAC key, base64, at least 32 bytes. Without it a key is generated into
   * b2c.data-dir/audit/audit.key (readable by this user only). Instances sharing a database must
   * share the key.
   */
  Optional<String> key();

  /** How often the leader seals finished entries into the chain. */
  @WithDefault("0.2s")
  Duration sealEvery();

  /** How often the leader writes a signed checkpoint of the chain's head outside the database. */
  @WithDefault("60s")
  Duration checkpointEvery();
}
