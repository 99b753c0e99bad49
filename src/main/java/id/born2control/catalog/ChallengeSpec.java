package id.born2control.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One challenge as validated from its {@code challenge.yml}: ctfcli's keys plus the range's
 * {@code lab:} section. Stored as JSON with every version, and what other features read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChallengeSpec(
    String slug,
    String name,
    String author,
    String attribution,
    String category,
    String description,
    int value,
    ScoreType type,
    DynamicValue dynamic,
    List<FlagSpec> flags,
    FlagLogic logic,
    List<HintSpec> hints,
    Requirements requirements,
    String next,
    List<String> tags,
    List<String> topics,
    List<String> files,
    String connectionInfo,
    int attempts,
    Visibility state,
    Instant scheduledAt,
    String version,
    String image,
    String protocol,
    String host,
    String healthcheck,
    LabSpec lab,
    String solution) {

  /** Standard challenges keep their value; dynamic ones decay with each solve. */
  public enum ScoreType {
    STANDARD,
    DYNAMIC
  }

  /** Whether one matching flag solves the challenge or every flag must be submitted. */
  public enum FlagLogic {
    ANY,
    ALL
  }

  /** Hidden challenges stay in the catalog but are not shown to trainees. */
  public enum Visibility {
    VISIBLE,
    HIDDEN
  }

  /** CTFd's decay: {@code initial} for the first solver, down to {@code minimum}. */
  public record DynamicValue(int initial, double decay, int minimum, DecayFunction function) {}

  /** CTFd's two decay curves. */
  public enum DecayFunction {
    LINEAR,
    LOGARITHMIC
  }

  /** A flag as written in the file; {@code kind} is static or regex. */
  public record FlagSpec(FlagKind kind, String content, boolean caseInsensitive) {}

  /** How a submitted flag is compared. Dynamic flags are issued per lab, not written here. */
  public enum FlagKind {
    STATIC,
    REGEX
  }

  /** A hint; {@code cost} points are deducted once when a trainee unlocks it. */
  public record HintSpec(String title, String content, int cost, List<Integer> requirements) {}

  /** Challenges (by slug) to solve first; {@code anonymize} shows a locked challenge unnamed. */
  public record Requirements(List<String> prerequisites, boolean anonymize) {
    public static final Requirements NONE = new Requirements(List.of(), false);
  }

  /** The containerized lab a trainee starts for this challenge. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LabSpec(
      String build,
      String dockerfile,
      String image,
      List<PortSpec> ports,
      Limits limits,
      long ttlSeconds,
      boolean egress,
      List<String> capabilities,
      String user,
      Map<String, String> environment,
      DynamicFlagSpec flag,
      List<CheckSpec> checks,
      WorkstationSpec workstation,
      TerminalTarget terminal) {}

  /** A port the lab's service listens on; http ports are reachable through the lab proxy. */
  public record PortSpec(int port, String protocol) {}

  /** Resource limits of each lab container. */
  public record Limits(double cpus, long memoryBytes, long pids) {}

  /**
   * The per-instance flag: {@code template} with {@code {{token}}} replaced by a token derived
   * from the trainee and instance, written to {@code file} before start or passed as {@code env}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DynamicFlagSpec(String template, String file, String env, String mode, String owner) {}

  /**
   * A defense check, whose exit status 0 means the defense holds: either {@code script} (a file
   * of the challenge folder, its {@code scriptContent} read at load, run with {@code args}) or
   * an inline {@code run} line, interpreted by the range's own busybox {@code from} a probe
   * container on the lab network or inside the target or workstation.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CheckSpec(String name, String description, String run, CheckSite from,
      int points, String script, String scriptContent, List<String> args) {

    /** Where the check runs; checks stored before {@code from} existed ran in the target. */
    public CheckSite site() {
      return from == null ? CheckSite.TARGET : from;
    }
  }

  /**
   * Where a check runs: a probe container the range owns on the lab's network (observes the
   * lab from outside; the trainee cannot reach it), or inside the target or workstation.
   */
  public enum CheckSite {
    PROBE,
    TARGET,
    WORKSTATION
  }

  /** The trainee's attack box on the lab network. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WorkstationSpec(String build, String dockerfile, String image) {}

  /** Which container the terminal and checks attach to. */
  public enum TerminalTarget {
    TARGET,
    WORKSTATION
  }

  public boolean hasLab() {
    return lab != null;
  }

  /** The points a first solver would get now: {@code value}, or the initial value if dynamic. */
  public int initialValue() {
    return dynamic == null ? value : dynamic.initial();
  }
}
