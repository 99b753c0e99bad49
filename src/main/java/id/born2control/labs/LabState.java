package id.born2control.labs;

/** Where a lab instance is in its life; the first four are "active" (count against limits). */
public enum LabState {
  PROVISIONING,
  STARTING,
  RUNNING,
  STOPPING,
  STOPPED,
  FAILED;

  boolean active() {
    return this == PROVISIONING || this == STARTING || this == RUNNING || this == STOPPING;
  }

  static final java.util.List<LabState> ACTIVE = java.util.List.of(PROVISIONING, STARTING, RUNNING,
      STOPPING);
}
