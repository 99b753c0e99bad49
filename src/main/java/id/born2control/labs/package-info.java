/**
 * Labs: per-trainee containerized challenge environments on a Docker engine.
 *
 * <p>Network model (verified on Docker 20.10): every instance gets its own bridge network,
 * {@code --internal} unless the challenge sets {@code egress: true}, carved as a /28 from
 * {@code b2c.labs.subnet-pool} (Docker's default pools hold only ~30 networks). Docker refuses to
 * publish ports of a container that is only on an internal network, and a non-internal bridge
 * without masquerading would still route packets out. So the lab has no published port at all,
 * and the range listens on no port for it either: the range itself connects to the container's
 * address on the internal bridge ({@link LabEndpoints}), and only for a caller it has checked:
 * the tcp tunnel ({@link LabTunnelRoute}, with the shipped client {@code /tunnel/B2cTunnel.java}),
 * the lab web origin ({@link LabWebOrigin}) and the exec terminal ({@link LabTerminalSocket}).
 * Labs of different trainees sit on different bridges, which Docker's isolation rules keep
 * apart.
 *
 * <p>Every container: cap-drop ALL plus the declared capabilities, no-new-privileges, CPU, memory
 * (swap = memory) and PIDs limits, never privileged, no mounts, no Docker socket, labels
 * {@code b2c.managed/installation/instance/trainee/challenge/expires}. The engine restarts a
 * crashing target at most {@code b2c.labs.max-restarts} times with its own back-off; the sync
 * then marks it FAILED.
 *
 * <p>Shape: {@link LabService} is the façade the resources and other features call; behind it
 * one class per job ({@link LabAdmission}, {@link LabProvisioner}, {@link LabQueries},
 * {@link LabLifetime}, {@link LabChecks}, the leader's {@link LabReconciler}), sharing
 * {@link LabStates} (stored, pushed transitions) and {@link LabEndpoints}. The backends
 * ({@link DockerLabBackend}, {@link SwarmLabBackend}) reach every engine through
 * {@link DockerEngine}.
 */
package id.born2control.labs;
