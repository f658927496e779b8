import type { ContainerSettings } from "../core/container-settings";
import type { ContainerSpec } from "../core/container-spec";
import { SpecError } from "../core/spec-error";
import type { PolicyContext } from "../policy/container-rules";
import { validateContainer } from "../policy/validate-container";

/** Who restarts the container when it exits. */
export type Supervisor = "engine" | "systemd";

export interface DockerRunOptions {
  /**
   * `engine`: detached, with the container's restart policy. `systemd`: in the foreground
   * with `--rm`, no restart policy; the unit restarts it.
   * @default "engine"
   */
  readonly supervisor?: Supervisor;
  /**
   * Variables passed through from the client's environment (`--env NAME`), after the
   * spec's own: the systemd unit loads them from its EnvironmentFile layers.
   * @default []
   */
  readonly passEnvironment?: string[];
  /**
   * Where the spec comes from, for error messages.
   * @default the spec name
   */
  readonly where?: string;
  /**
   * Policy context (e.g. require pinned images).
   * @default {}
   */
  readonly policy?: PolicyContext;
}

/**
 * Renders a ContainerSpec as the arguments of `docker` (starting with `run`).
 * Validates the spec and the policy first.
 */
export function renderDockerRunArgs(spec: ContainerSpec, options: DockerRunOptions = {}): string[] {
  const where = options.where ?? `container ${spec?.name}`;
  return dockerRunArgs(validateContainer(spec, where, options.policy), options.supervisor ?? "engine", options.passEnvironment ?? [], where);
}

/** Renders already validated settings. */
export function dockerRunArgs(s: ContainerSettings, supervisor: Supervisor, passEnvironment: string[], where: string): string[] {
  if (s.networks.length > 1) {
    throw new SpecError(
      where,
      "networks",
      s.networks.map((n) => n.name),
      "docker run joins one network when it creates a container",
      "attach one network here, or use the Docker provider rendering (LocalEnvironment) for several",
    );
  }
  const args = ["run"];
  if (supervisor === "systemd") {
    args.push("--rm");
  } else {
    args.push("--detach", "--restart", s.restart.policy === "on-failure" ? `on-failure:${s.restart.maxRetries}` : s.restart.policy);
  }
  args.push("--name", s.name);
  if (s.user !== undefined) args.push("--user", s.user);
  if (s.workingDir !== undefined) args.push("--workdir", s.workingDir);
  if (s.readOnlyRootFilesystem) args.push("--read-only");
  if (s.privileged) args.push("--privileged");
  for (const cap of s.capDrop) args.push("--cap-drop", cap);
  for (const cap of s.capAdd) args.push("--cap-add", cap);
  for (const opt of s.securityOpts) args.push("--security-opt", opt);
  if (s.memoryBytes !== undefined) args.push("--memory", String(s.memoryBytes));
  if (s.memorySwapBytes !== undefined) args.push("--memory-swap", String(s.memorySwapBytes));
  if (s.cpus !== undefined) args.push("--cpus", String(s.cpus));
  if (s.pidsLimit !== undefined) args.push("--pids-limit", String(s.pidsLimit));
  for (const [name, { soft, hard }] of Object.entries(s.ulimits)) args.push("--ulimit", `${name}=${soft}:${hard}`);
  if (s.networkMode !== undefined) args.push("--network", s.networkMode);
  if (s.pidMode !== undefined) args.push("--pid", s.pidMode);
  if (s.ipcMode !== undefined) args.push("--ipc", s.ipcMode);
  if (s.utsMode !== undefined) args.push("--uts", s.utsMode);
  if (s.usernsMode !== undefined) args.push("--userns", s.usernsMode);
  if (s.cgroupParent !== undefined) args.push("--cgroup-parent", s.cgroupParent);
  for (const d of s.devices) args.push("--device", `${d.hostPath}:${d.containerPath}:${d.permissions}`);
  for (const [target, options] of Object.entries(s.tmpfs)) args.push("--tmpfs", `${target}:${options}`);
  for (const m of s.mounts) {
    // The Docker CLI reads --mount as one CSV record: a field with a quote must be quoted.
    const fields = [`type=${m.type}`, `source=${m.source}`, `target=${m.target}`, ...(m.readOnly ? ["readonly"] : [])];
    args.push("--mount", fields.map((f) => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(","));
  }
  for (const p of s.ports) {
    const ip = p.hostIp.includes(":") ? `[${p.hostIp}]` : p.hostIp;
    args.push("--publish", `${ip}:${p.hostPort}:${p.containerPort}/${p.protocol}`);
  }
  for (const network of s.networks) {
    args.push("--network", network.name);
    for (const alias of network.aliases) args.push("--network-alias", alias);
  }
  for (const [name, value] of Object.entries(s.environment)) args.push("--env", `${name}=${value}`);
  for (const name of passEnvironment) args.push("--env", name);
  for (const [key, value] of Object.entries(s.labels)) args.push("--label", `${key}=${value}`);
  args.push("--log-driver", s.logDriver);
  for (const [key, value] of Object.entries(s.logOptions)) args.push("--log-opt", `${key}=${value}`);
  if (s.healthCheck) {
    const h = s.healthCheck;
    args.push("--health-cmd", h.test[1]);
    args.push("--health-interval", `${h.intervalSeconds}s`, "--health-timeout", `${h.timeoutSeconds}s`);
    args.push("--health-retries", String(h.retries), "--health-start-period", `${h.startPeriodSeconds}s`);
  }
  args.push("--stop-timeout", String(s.stopTimeoutSeconds), "--stop-signal", s.stopSignal);
  if (s.entrypoint !== undefined) args.push("--entrypoint", s.entrypoint[0]);
  args.push(s.image);
  if (s.entrypoint !== undefined) args.push(...s.entrypoint.slice(1));
  if (s.command !== undefined) args.push(...s.command);
  return args;
}
