import type { ContainerConfig } from "@cdktf/provider-docker/lib/container";
import type { ContainerSettings } from "../core/container-settings";
import { LABEL_PREFIX } from "../core/policy-exception";
import { SpecError } from "../core/spec-error";

/** Label that carries the image reference when `image` is a Terraform reference to a docker_image. */
export const IMAGE_LABEL = `${LABEL_PREFIX}image`;

const MIB = 1024 * 1024;

/** The Docker provider's container arguments for one service (all but the image). */
export type DockerContainerArguments = Omit<ContainerConfig, "image" | "name"> & { name: string };

/**
 * Renders settings as kreuzwerker/docker `docker_container` arguments (provider 3.6.x).
 * Refuses what would be silently wrong. The one setting it cannot express, the pids limit,
 * is reported as a warning by ContainerPolicyAspect (CIS 5.29), which checks every container.
 */
export function renderDockerContainerConfig(s: ContainerSettings, where: string): DockerContainerArguments {
  if (s.utsMode !== undefined) {
    throw new SpecError(
      where,
      "security.hostNamespaces",
      ["uts"],
      "the Docker provider's docker_container cannot share the host UTS namespace",
      "remove uts, or run this service under systemd",
    );
  }
  for (const [field, bytes] of [
    ["resources.memory", s.memoryBytes],
    ["resources.memorySwap", s.memorySwapBytes],
  ] as const) {
    if (bytes !== undefined && bytes % MIB !== 0) {
      throw new SpecError(where, field, bytes, "the Docker provider sets memory in whole MiB", "use a size in whole megabytes, e.g. 256m");
    }
  }
  const nonFileSecrets = Object.entries(s.secrets).filter(([, ref]) => ref.kind !== "host-file");
  if (nonFileSecrets.length) {
    throw new SpecError(
      where,
      `secrets.${nonFileSecrets[0][0]}`,
      nonFileSecrets[0][1],
      "a local Docker engine has no instance role to fetch SSM or Secrets Manager secrets",
      'use SecretRef.hostFile("/abs/path") for local environments',
    );
  }
  const h = s.healthCheck;
  return {
    name: s.name,
    user: s.user,
    workingDir: s.workingDir,
    entrypoint: s.entrypoint,
    command: s.command,
    env: Object.entries(s.environment).map(([k, v]) => `${k}=${v}`),
    readOnly: s.readOnlyRootFilesystem,
    privileged: s.privileged,
    capabilities: { drop: s.capDrop, add: s.capAdd },
    securityOpts: s.securityOpts,
    memory: s.memoryBytes === undefined ? undefined : s.memoryBytes / MIB,
    memorySwap: s.memorySwapBytes === undefined ? undefined : s.memorySwapBytes / MIB,
    cpus: s.cpus === undefined ? undefined : String(s.cpus),
    ulimit: Object.entries(s.ulimits).map(([name, { soft, hard }]) => ({ name, soft, hard })),
    networkMode: s.networkMode ?? s.networks[0]?.name,
    pidMode: s.pidMode,
    ipcMode: s.ipcMode,
    usernsMode: s.usernsMode,
    cgroupParent: s.cgroupParent,
    devices: s.devices.map((d) => ({ hostPath: d.hostPath, containerPath: d.containerPath, permissions: d.permissions })),
    tmpfs: s.tmpfs,
    mounts: s.mounts.map((m) => ({ type: m.type, source: m.source, target: m.target, readOnly: m.readOnly })),
    ports: s.ports.map((p) => ({ internal: p.containerPort, external: p.hostPort, ip: p.hostIp, protocol: p.protocol })),
    networksAdvanced: s.networks.map((n) => ({ name: n.name, aliases: n.aliases })),
    labels: Object.entries(s.labels).map(([label, value]) => ({ label, value })),
    logDriver: s.logDriver,
    logOpts: s.logOptions,
    healthcheck: h && {
      test: h.test,
      interval: `${h.intervalSeconds}s`,
      timeout: `${h.timeoutSeconds}s`,
      retries: h.retries,
      startPeriod: `${h.startPeriodSeconds}s`,
    },
    restart: s.restart.policy,
    maxRetryCount: s.restart.policy === "on-failure" ? s.restart.maxRetries : undefined,
    stopTimeout: s.stopTimeoutSeconds,
    stopSignal: s.stopSignal,
    mustRun: true,
  };
}
