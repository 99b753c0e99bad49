package id.born2control.labs;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How labs run: the container engine, capacity, quotas and lifetimes. */
@ConfigMapping(prefix = "b2c.labs")
public interface LabsConfig {

  /**
   * Which lab backend runs the containers: {@code docker} (one engine, the default) or
   * {@code swarm} (a Docker Swarm cluster whose manager is {@link #dockerHost()}).
   */
  @WithDefault("docker")
  String backend();

  /** Docker engine address: unix socket path or tcp://host:port (DOCKER_HOST style). */
  @WithDefault("unix:///var/run/docker.sock")
  String dockerHost();

  /** Whether the engine is reached over TLS (tcp:// hosts only). */
  @WithDefault("false")
  boolean dockerTlsVerify();

  /** Folder with ca.pem, cert.pem and key.pem when TLS is on. */
  Optional<String> dockerCertPath();

  /**
   * Concurrent labs one trainee may have (starting or running); in a team exercise, one team's
   * labs count together against it.
   */
  @WithDefault("2")
  int perTraineeLimit();

  /** Concurrent labs on this host, all trainees together. */
  @WithDefault("400")
  int globalLimit();

  /** Workers that create containers; starts beyond them wait in a first-come queue. */
  @WithDefault("4")
  int startWorkers();

  /** Starts that may wait for a worker before new ones are refused with 503. */
  @WithDefault("1000")
  int startQueue();

  /** Lab starts one trainee (one team, for team labs) may request per rate window. */
  @WithDefault("10")
  int startRate();

  /** Length of the start rate window in seconds. */
  @WithDefault("60")
  int startRateWindowSeconds();

  /** Times the engine restarts a lab whose main process crashes (with back-off) before it fails. */
  @WithDefault("3")
  int maxRestarts();

  /** Longest a lab may live in total, extensions included, in seconds. */
  @WithDefault("14400")
  long maxLifetimeSeconds();

  /** Seconds a defense check command may run before it counts as failed. */
  @WithDefault("30")
  int checkTimeoutSeconds();

  /**
   * The range's own statically linked busybox, copied into a lab (or its probe) at every check
   * to interpret the check's script: nothing of the lab's filesystem runs a check.
   */
  @WithDefault("/bin/busybox")
  String checkBusybox();

  /**
   * Image of the probe container a {@code from: probe} check runs in, on the lab's network (any
   * local image: the probe runs the range's busybox, copied in).
   */
  @WithDefault("b2c/busybox:latest")
  String checkProbeImage();

  /** Check runs one lab may start per check rate window; more get 429 with Retry-After. */
  @WithDefault("6")
  int checkRate();

  /** Length of the check rate window in seconds. */
  @WithDefault("60")
  int checkRateWindowSeconds();

  /**
   * Threads that run checks (off the request threads and the lab start workers); a lab runs at
   * most one check at a time, so this bounds how many labs are checked at once.
   */
  @WithDefault("4")
  int checkWorkers();

  /** Whether every lab image is built in the background when the service starts. */
  @WithDefault("true")
  boolean buildOnStart();

  /** How often the reaper and the engine sync run. */
  @WithDefault("5s")
  String reaperEvery();

  /** Whether labs found on the engine at start-up are adopted (true) or all removed (false). */
  @WithDefault("true")
  boolean adoptOnStart();

  /** Address block the per-instance lab networks are carved from (must not clash with the host's). */
  @WithDefault("10.213.0.0/16")
  String subnetPool();

  /**
   * The Docker IPAM driver through which many labs on one engine share a fixed subnet
   * ({@code lab.networks.NAME.subnet}; infra/ipam/b2c-ipam.py), used while it answers on
   * /run/docker/plugins/NAME.sock on this machine; without it one lab per engine holds a
   * fixed subnet at a time.
   */
  @WithDefault("b2c-ipam")
  String fixedSubnetIpam();

  /** Prefix length of each lab network inside the pool (/28 holds 14 addresses). */
  @WithDefault("28")
  int subnetPrefix();

  /**
   * Warm internal lab networks the Docker backend keeps ready (0: none): creating the network
   * is most of what a lab start adds to a bare container start. Egress and multi-host labs make
   * their own.
   */
  @WithDefault("4")
  int spareNetworks();

  /**
   * Name of this range installation, stored as the {@code b2c.installation} label: reconcile and
   * clean-up touch only this installation's labs when several share one engine.
   */
  @WithDefault("range")
  String installation();

  /**
   * Whether the range refuses to start when labs run on this machine's engine and the host
   * firewall does not drop new connections from lab bridges to the host (infra/lib.sh installs it).
   */
  @WithDefault("true")
  boolean requireHostFirewall();

  /**
   * DNS suffix of the labs' own web origins: each http port of a running lab is served at
   * {@code <scheme>://<opaque label>.<web-domain>:<port>/}, an origin that shares no cookies with
   * the range. Every {@code *.localhost} name reaches loopback in browsers, so the default works
   * on one machine without DNS; in production use a wildcard DNS name of another registrable
   * domain than the range's, so lab pages are cross-site to the range as well.
   */
  @WithDefault("labs.localhost")
  String webDomain();

  /**
   * Port written into lab web links, when lab origins are reached on another port than the
   * range (a proxy in front); by default the port the range itself was reached on.
   */
  Optional<Integer> webPort();

  /** How long a one-time lab web link stays valid before it is opened. */
  @WithDefault("60s")
  Duration webTicketTtl();

  /** How long a one-time terminal ticket (opening or renewing a terminal) stays valid. */
  @WithDefault("30s")
  Duration terminalTicketTtl();

  /**
   * How long an open terminal lasts without its page renewing it with a fresh ticket, which only
   * a valid session of a trainee who is not banned gets: a terminal outlives a session end or a
   * ban by at most this. The page renews every third of it (a background tab's timers may run
   * only once a minute, so keep it well above a minute).
   */
  @WithDefault("120s")
  Duration terminalLease();

  /** Terminals open at once on one lab, everyone's together; the next is refused. */
  @WithDefault("2")
  int terminalsPerLab();

  /** Terminals one person (trainee or instructor) may have open at once, on all labs. */
  @WithDefault("4")
  int terminalsPerTrainee();

  /**
   * Most bytes of one terminal session's recording (asciicast v2, output, input and resizes);
   * beyond it the recording stops and is marked truncated, the terminal goes on.
   */
  @WithDefault("1M")
  MemorySize terminalRecordingMax();

  /**
   * Connections each engine client keeps for interactive terminals, apart from the connections
   * that start, stop and check labs, so those never wait behind open terminals.
   */
  @WithDefault("1024")
  int terminalEngineConnections();

  /**
   * Labs whose scenario tick (adversary steps and checks) runs at the same time on the leader;
   * one slow lab holds one of them, never the others' ticks. A tick makes no engine call (it
   * writes to its hidden hosts' runners and waits for their scripts), so a thread mostly waits:
   * enough for the ticks of an exercise's labs, which all end at the same instant, to wait
   * together.
   */
  @WithDefault("128")
  int scenarioThreads();

  /** Ticks waiting for a free scenario thread; past it a lab's tick waits for the next sweep. */
  @WithDefault("1000")
  int scenarioQueue();

  /**
   * Labs of one live-fire exercise the leader provisions at the same time: participants' labs
   * start in waves of at most this many, so an exercise's start never floods the engine.
   */
  @WithDefault("4")
  int liveFireConcurrency();

  /** How often the leader moves live-fire exercises on (provisioning, debrief, removal). */
  @WithDefault("2s")
  String liveFireEvery();

  /** Debrief period after a live-fire exercise ends when the instructor gives none. */
  @WithDefault("30m")
  Duration liveFireDebrief();

  /** Settings of the {@code swarm} backend. */
  Swarm swarm();

  /** How labs run on a Docker Swarm cluster. */
  interface Swarm {

    /**
     * Engine address of every node that may run labs, as {@code hostname=address,...} (for
     * example {@code w1=tcp://10.0.0.11:2376}). Swarm has no API to exec into a task's container,
     * so exec, defense checks and the terminal talk to the engine of the node that runs the task;
     * only these nodes get labs.
     */
    Optional<String> nodes();

    /** Memory each node offers to labs, when less than it reports (room for the OS and engine). */
    Optional<MemorySize> nodeMemory();

    /**
     * The IPAM driver (infra/ipam/b2c-ipam.py) that runs beside every lab node's engine, through
     * which the labs of several hosts on one node share a fixed subnet; unset: a fixed subnet is
     * held by one lab per node. The range cannot check a node's driver: set it only where every
     * node runs it (infra/cluster/swarm-local.sh does).
     */
    Optional<String> fixedSubnetIpam();

    /** Longest wait for a lab's task to run before the start fails. */
    @WithDefault("90s")
    Duration startTimeout();

    /** Time a lab's main process gets between SIGTERM and SIGKILL when its lab is removed. */
    @WithDefault("1s")
    Duration stopGrace();

    /**
     * Image of the labs' port relays (needs busybox {@code sh} and {@code nc}); copied to the
     * nodes like lab images.
     */
    @WithDefault("b2c/busybox:latest")
    String relayImage();

    /**
     * Warm lab networks kept ready on each node (0: none). The first task of an overlay network
     * on a node waits about 2 s for the node to set the network up; a lab that takes a warm one
     * starts without that wait.
     */
    @WithDefault("2")
    int spareNetworks();

    /**
     * Host-mode ports the keeper of each warm lab network publishes on its node (0: none). A lab
     * with at most this many ports that takes a warm network uses its keeper as its port relay,
     * armed with the lab's relay program when claimed (nothing listens before), instead of a
     * relay service of its own, which costs a start a second Swarm task (measured: 0.3 to 0.6 s).
     */
    @WithDefault("2")
    int spareRelayPorts();

    /**
     * Longest time a node whose engine stopped answering during a lab's start gets no new lab,
     * while the swarm still counts it Ready (it notices a dead node only after its heartbeats
     * fail); the hold ends sooner once the swarm's record of the node changes.
     */
    @WithDefault("30s")
    Duration unreachableHold();
  }
}
