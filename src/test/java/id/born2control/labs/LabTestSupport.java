package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import id.born2control.SolutionRun;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.Access;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.TerminalTarget;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.Api;
import id.born2control.scoring.ExerciseRequest;
import id.born2control.scoring.ExerciseService;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hamcrest.Matchers;

/**
 * Shared helpers of the lab tests: the small busybox test challenges (hidden, so no other test
 * sees them) installed into the test catalog, trainees, waiting for states, the docker CLI.
 */
final class LabTestSupport {

  private static boolean installed;

  private LabTestSupport() {}

  /** Copies the test challenges into the catalog folder and syncs it, once per suite. */
  static synchronized void install(CatalogService catalog) {
    if (installed && catalog.find("labt-web").isPresent()) {
      return;
    }
    Path from = Path.of("src/test/resources/lab-challenges");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = catalog.root().resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    catalog.sync();
    installed = true;
  }

  /**
   * A running team exercise over {@code slug} in a cohort of its own: teams A and B of two members
   * each, user names {@code tag-a1}, {@code tag-a2}, {@code tag-b1}, {@code tag-b2} ({@code tag}
   * unique per test, so tests stay independent).
   */
  record TeamExercise(String tag, String cohort, TeamRef a, TeamRef b) {
    String user(String member) {
      return tag + "-" + member;
    }

    TraineeRef trainee(String member) {
      return Arc.container().instance(IdentityService.class).get().byUsername(user(member))
          .orElseThrow();
    }
  }

  static TeamExercise teamExercise(String tag, String slug) {
    TeamExercise t = teams(tag);
    Arc.container().instance(ExerciseService.class).get().create(new ExerciseRequest(
        "team labs " + tag, java.time.Instant.now().minusSeconds(60), null, null,
        List.of(t.cohort()), List.of(slug), "team"), "test");
    return t;
  }

  /**
   * A cohort of its own with two teams of two ({@code a1}, {@code a2} in Alpha; {@code b1},
   * {@code b2} in Bravo) and no exercise yet: the caller makes the team exercise.
   */
  static TeamExercise teams(String tag) {
    IdentityService identities = Arc.container().instance(IdentityService.class).get();
    TeamService teams = Arc.container().instance(TeamService.class).get();
    String cohort = "labt-team-" + tag;
    for (String member : List.of("a1", "a2", "b1", "b2")) {
      identities.ensure(tag + "-" + member, null, cohort);
    }
    TeamRef a = teams.create(tag + " Alpha", cohort, List.of(tag + "-a1", tag + "-a2"), "test");
    TeamRef b = teams.create(tag + " Bravo", cohort, List.of(tag + "-b1", tag + "-b2"), "test");
    return new TeamExercise(tag, cohort, a, b);
  }

  static CatalogEntry entry(CatalogService catalog, String slug) {
    return catalog.find(slug).orElseThrow(() -> new AssertionError(slug + " is not in the catalog"
        + catalog.currentProblems()));
  }

  static TraineeRef trainee(IdentityService identities, String username) {
    return identities.current(QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(username)).addRole("trainee").build());
  }

  /**
   * A lab of a locked challenge does not start: solves, as {@code trainee} through the API, what
   * {@code entry} requires, by running each required challenge's shipped lab-less solution.
   */
  static void solvePrerequisites(CatalogService catalog, TraineeRef trainee, CatalogEntry entry) {
    for (String required : entry.prerequisites()) {
      CatalogEntry before = entry(catalog, required);
      String flag;
      try {
        flag = SolutionRun.lastLine(before, Map.of(), Duration.ofMinutes(2));
      } catch (Exception e) {
        throw new AssertionError("the solution of " + required + " did not run", e);
      }
      Api.submit(Api.as(trainee.username(), null), required, flag).statusCode(200)
          .body("status", Matchers.anyOf(Matchers.equalTo("correct"),
              Matchers.equalTo("already_solved")));
    }
  }

  /**
   * Starts {@code slug}'s lab for {@code username} (its prerequisites solved first) and waits
   * until it runs; its id.
   */
  static String startRunning(LabService labs, CatalogService catalog, IdentityService identities,
      String username, String slug) {
    TraineeRef trainee = trainee(identities, username);
    solvePrerequisites(catalog, trainee, entry(catalog, slug));
    String id = labs.start(trainee, entry(catalog, slug)).lab().id();
    await(labs, id, trainee.id(), LabState.RUNNING, Duration.ofMinutes(3));
    return id;
  }

  /** As {@link #startRunning}: the running lab's row. */
  static LabInstance startRunningRow(LabService labs, CatalogService catalog,
      IdentityService identities, String username, String slug) {
    String id = startRunning(labs, catalog, identities, username, slug);
    return QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
  }

  /** Runs {@code script} with sh as root in the lab's target, for a minute at most. */
  static LabBackend.ExecResult rootShell(LabBackend backend, LabInstance lab, String script)
      throws Exception {
    return backend.exec(lab.targetContainer, "0", List.of("sh", "-c", script),
        Duration.ofSeconds(60));
  }

  /**
   * The solution contract's exec variables for a running lab: {@code B2C_LAB_EXEC} enters the
   * terminal's container as the terminal's user, and in a lab of several hosts
   * {@code B2C_LAB_EXEC_<HOST>} (upper case, dashes as underscores) enters each host the trainee
   * can access as its terminal's user: the trainee's powers, nothing more.
   */
  static Map<String, String> solutionExec(LabSpec lab, LabInstance row) {
    Map<String, String> env = new HashMap<>();
    String container = lab.terminal() == TerminalTarget.WORKSTATION
        ? row.workstationContainer : row.targetContainer;
    env.put("B2C_LAB_EXEC", "docker exec -i -u " + (lab.user() == null ? "root" : lab.user())
        + " " + container);
    if (lab.multiHost()) {
      lab.hosts().forEach((name, host) -> {
        if (host.access() == Access.TRAINEE) {
          env.put("B2C_LAB_EXEC_" + name.toUpperCase(Locale.ROOT).replace('-', '_'),
              "docker exec -i -u " + (host.user() == null ? "root" : host.user()) + " "
              + LabTopology.containerName(row.instanceId, name));
        }
      });
    }
    return env;
  }

  static LabViews.LabView await(LabService labs, String id, long trainee, LabState state,
      Duration timeout) {
    return await(labs, id, trainee, state, timeout, 100);
  }

  /** As above, reading the lab's state every {@code pollMillis} (the lab bench reads often). */
  static LabViews.LabView await(LabService labs, String id, long trainee, LabState state,
      Duration timeout, long pollMillis) {
    long deadline = System.nanoTime() + timeout.toNanos();
    LabViews.LabView view = labs.get(id, trainee, true);
    while (System.nanoTime() < deadline) {
      view = labs.get(id, trainee, true);
      if (view.state().equals(state.name())) {
        return view;
      }
      if (LabState.valueOf(view.state()) == LabState.FAILED && state != LabState.FAILED) {
        fail("lab " + id + " failed: " + view.reason());
      }
      sleep(pollMillis);
    }
    fail("lab " + id + " is " + view.state() + " (" + view.reason() + "), not " + state);
    return view;
  }

  /** Runs a lab's defense checks and waits for the report (at most the checks' own bound). */
  static LabViews.CheckReport check(LabService labs, String id, long trainee) {
    try {
      return labs.check(id, trainee, false).toCompletableFuture().get(3, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("the checks of " + id + " failed", e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the checks of " + id + " did not finish", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The lab network a container is on: a warm spare ({@code b2c-spare-...}), whose holder's
   * network namespace a target joins, or the lab's own ({@code b2c-<instance>}).
   */
  static String networkOf(String container) {
    return docker("inspect", "-f", "{{.HostConfig.NetworkMode}}", namespaceOf(container));
  }

  /** The container whose network namespace {@code container} is in: a spare's holder, or itself. */
  static String namespaceOf(String container) {
    String mode = docker("inspect", "-f", "{{.HostConfig.NetworkMode}}", container);
    return mode.startsWith("container:") ? mode.substring("container:".length()) : container;
  }

  /** Whether the engine still has a network of exactly this name. */
  static boolean networkExists(String name) {
    return docker("network", "ls", "-q", "--filter", "name=^" + name + "$").length() > 0;
  }

  /** Runs the docker CLI against the same engine; returns stdout (fails on non-zero exit). */
  static String docker(String... args) {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail("docker " + String.join(" ", args) + " failed: " + out);
      }
      return out.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Makes sure the b2c-ipam driver runs (as CI and infra/run.sh start it), so that labs share
   * fixed subnets on this engine.
   */
  static void startFixedSubnetIpam() {
    try {
      Process p = new ProcessBuilder("infra/ipam/start.sh").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail("infra/ipam/start.sh failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** This test run's installation label value. */
  static String installation() {
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getValue("b2c.labs.installation", String.class);
  }

  /** Stops every active lab, then checks the engine holds nothing managed by the range. */
  static void stopAllAndAssertClean(LabService labs) {
    List<LabInstance> active = QuarkusTransaction.requiringNew().call(LabInstance::listActive);
    for (LabInstance i : active) {
      try {
        labs.stop(i.instanceId, i.traineeId, true);
      } catch (RuntimeException e) {
        // already gone
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!QuarkusTransaction.requiringNew().call(LabInstance::listActive).isEmpty()
        && System.nanoTime() < deadline) {
      sleep(200);
    }
    labs.reconcile();
    assertEquals("", docker("ps", "-aq", "--filter", "label=b2c.installation=" + installation()),
        "no lab container of this run may be left behind");
    assertEquals("", docker("network", "ls", "-q", "--filter", "label=b2c.installation=" + installation()),
        "no lab network may be left behind");
  }
}
