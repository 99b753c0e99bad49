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
    String solution,
    ScenarioSpec scenario) {

  /** Standard challenges keep their value; dynamic ones decay with each solve. */
  public enum ScoreType {
    STANDARD,
    DYNAMIC
  }

  /** Whether one matching flag solves the challenge or every flag must be submitted. */
  public enum FlagLogic {
    ANY,
    ALL,
    /** ctfcli's team logic: in a team exercise, solved once every member submitted a right flag. */
    TEAM
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

  /**
   * The containerized lab a trainee starts for this challenge. A lab of several hosts
   * ({@code lab.hosts}, {@code lab.networks}) keeps the lab-level image, ports, limits,
   * capabilities, user and environment of its primary host (the first {@code access: trainee}
   * host), so everything that knows one container keeps working; a one-container lab is the
   * single host {@value #SINGLE_HOST} on no declared network.
   */
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
      TerminalTarget terminal,
      Map<String, HostSpec> hosts,
      Map<String, NetworkSpec> networks,
      String primary) {

    /** The host name of a one-container lab. */
    public static final String SINGLE_HOST = "target";

    public LabSpec {
      if (hosts == null || hosts.isEmpty()) {
        // versions stored before lab.hosts existed, and every one-container lab
        hosts = Map.of(SINGLE_HOST, new HostSpec(build, dockerfile, image, Map.of(), ports,
            limits, capabilities, Access.TRAINEE, user, environment));
      }
      if (networks == null) {
        networks = Map.of();
      }
      if (primary == null) {
        // kept by name: a stored version's hosts come back in another order (PostgreSQL's
        // jsonb puts shorter keys first), and versions stored before it name none
        primary = hosts.entrySet().stream().filter(h -> h.getValue().access() == Access.TRAINEE)
            .map(Map.Entry::getKey).findFirst().orElse(SINGLE_HOST);
      }
    }

    /** Whether the lab was declared with {@code lab.hosts} on its own networks. */
    public boolean multiHost() {
      return !networks.isEmpty();
    }

    /** The host terminals, ports and checks use by default: the first trainee host declared. */
    public String primaryHost() {
      return primary;
    }
  }

  /**
   * One host of a lab: its image, the lab networks it joins (name to fixed address, or null for
   * any free one), ports, limits, capabilities, and whether the trainee may reach it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HostSpec(
      String build,
      String dockerfile,
      String image,
      Map<String, String> networks,
      List<PortSpec> ports,
      Limits limits,
      List<String> capabilities,
      Access access,
      String user,
      Map<String, String> environment) {}

  /** A lab network: internal, on {@code subnet} when fixed, else on a free subnet of the pool. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkSpec(String subnet) {}

  /**
   * Who reaches a host: {@code trainee} hosts get terminals, ports and links; {@code hidden}
   * hosts (adversary, checker, simulated users) never appear to the trainee.
   */
  public enum Access {
    TRAINEE,
    HIDDEN
  }

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

  /**
   * A live-fire scenario over a lab of several hosts: every {@code tickSeconds} the
   * {@code checks} run, and the {@code adversary}'s steps run on their schedule; each tick is
   * scored with {@code points}.
   */
  public record ScenarioSpec(int tickSeconds, List<ScenarioCheck> checks,
      List<AdversaryStep> adversary, ScenarioPoints points) {}

  /**
   * A service check: script {@code run} (a file of the challenge folder, copied in at check
   * time) runs on the hidden host {@code from} against host {@code on}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScenarioCheck(String name, String description, String from, String run,
      String on) {}

  /**
   * One adversary step: MITRE ATT&CK {@code technique}, run once {@code atSeconds} after the
   * exercise starts or every {@code everySeconds}, script {@code run} on hidden host
   * {@code from}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AdversaryStep(String name, String technique, Long atSeconds, Long everySeconds,
      String from, String run) {}

  /**
   * Points of a scenario tick: {@code check} per check ok, {@code stopped} per adversary step
   * stopped; {@code succeeded} taken per step that succeeded and {@code compromised} per
   * compromise reported, each tick it persists.
   */
  public record ScenarioPoints(int check, int stopped, int succeeded, int compromised) {
    public static final ScenarioPoints DEFAULT = new ScenarioPoints(1, 10, 20, 2);
  }

  public boolean hasLab() {
    return lab != null;
  }

  /** The points a first solver would get now: {@code value}, or the initial value if dynamic. */
  public int initialValue() {
    return dynamic == null ? value : dynamic.initial();
  }
}
