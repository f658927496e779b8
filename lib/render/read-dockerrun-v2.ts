import type { ContainerSettings, SettingsMount } from "../core/container-settings";
import { sortedRecord } from "../core/container-settings";
import { tmpfsOptions } from "../core/security-defaults";

const MIB = 1024 * 1024;
const PERMISSION_LETTERS: Record<string, string> = { read: "r", write: "w", mknod: "m" };

type Json = Record<string, unknown>;

/** A container read back from Dockerrun.aws.json v2, with the secret references ECS will fetch. */
export interface DockerrunV2Container {
  readonly settings: ContainerSettings;
  /** Secret name -> valueFrom. */
  readonly secrets: Record<string, string>;
  readonly essential: boolean;
  readonly links: string[];
  readonly dependsOn: { containerName: string; condition: string }[];
}

/**
 * Reads a Dockerrun.aws.json v2 document back into the settings the engine will apply, as the
 * ECS agent maps a container definition onto `docker create`. Used by the policy re-check and
 * the tests that compare renderings.
 */
export function readDockerrunV2(content: string): DockerrunV2Container[] {
  const document = JSON.parse(content) as Json;
  const volumes = new Map(((document.volumes as Json[]) ?? []).map((v) => [String(v.name), String((v.host as Json)?.sourcePath)]));
  return ((document.containerDefinitions as Json[]) ?? []).map((c) => {
    const linux = (c.linuxParameters as Json) ?? {};
    const capabilities = (linux.capabilities as { add?: string[]; drop?: string[] }) ?? {};
    const memoryBytes = typeof c.memory === "number" ? c.memory * MIB : undefined;
    const tmpfs: Record<string, string> = {};
    for (const t of (linux.tmpfs as { containerPath: string; size: number; mountOptions?: string[] }[]) ?? []) {
      const mode = (t.mountOptions ?? []).find((o) => o.startsWith("mode="))?.slice(5) ?? "1777";
      const flags = (t.mountOptions ?? []).filter((o) => !o.startsWith("mode=")).join(",");
      tmpfs[t.containerPath] = flags === "rw,noexec,nosuid,nodev" ? tmpfsOptions(t.size * MIB, mode) : `${flags},size=${t.size * MIB},mode=${mode}`;
    }
    const mounts: SettingsMount[] = ((c.mountPoints as Json[]) ?? []).map((m) => ({
      type: "bind",
      source: volumes.get(String(m.sourceVolume)) ?? `<unknown volume ${String(m.sourceVolume)}>`,
      target: String(m.containerPath),
      readOnly: m.readOnly === true,
    }));
    const health = c.healthCheck as Json | undefined;
    const log = (c.logConfiguration as { logDriver?: string; options?: Record<string, string> }) ?? {};
    const settings: ContainerSettings = {
      name: String(c.name),
      image: String(c.image),
      entrypoint: c.entryPoint as string[] | undefined,
      command: c.command as string[] | undefined,
      workingDir: c.workingDirectory as string | undefined,
      user: c.user as string | undefined,
      environment: sortedRecord(Object.fromEntries(((c.environment as Json[]) ?? []).map((e) => [String(e.name), String(e.value)]))),
      // ECS publishes host ports on every interface of the instance (bridge network mode).
      ports: ((c.portMappings as Json[]) ?? []).map((p) => ({
        hostIp: "0.0.0.0",
        hostPort: Number(p.hostPort ?? p.containerPort),
        containerPort: Number(p.containerPort),
        protocol: (p.protocol as "tcp" | "udp") ?? "tcp",
      })),
      mounts: mounts.sort((a, b) => (a.target < b.target ? -1 : 1)),
      tmpfs: sortedRecord(tmpfs),
      memoryBytes,
      memorySwapBytes: memoryBytes === undefined ? undefined : memoryBytes + Number(linux.maxSwap ?? 0) * MIB,
      cpus: typeof c.cpu === "number" ? c.cpu / 1024 : undefined,
      // ECS container definitions have no pids limit.
      pidsLimit: undefined,
      privileged: c.privileged === true,
      capAdd: [...(capabilities.add ?? [])].sort(),
      capDrop: [...(capabilities.drop ?? [])].sort(),
      readOnlyRootFilesystem: c.readonlyRootFilesystem === true,
      securityOpts: ((c.dockerSecurityOptions as string[]) ?? []).map(fromEcsSecurityOption).sort(),
      ulimits: sortedRecord(
        Object.fromEntries(
          ((c.ulimits as { name: string; softLimit: number; hardLimit: number }[]) ?? []).map((u) => [u.name, { soft: u.softLimit, hard: u.hardLimit }]),
        ),
      ),
      devices: ((linux.devices as { hostPath: string; containerPath?: string; permissions?: string[] }[]) ?? []).map((d) => ({
        hostPath: d.hostPath,
        containerPath: d.containerPath ?? d.hostPath,
        permissions: (d.permissions ?? ["read", "write", "mknod"]).map((p) => PERMISSION_LETTERS[p]).join(""),
      })),
      healthCheck: health && {
        test: health.command as string[],
        intervalSeconds: Number(health.interval ?? 30),
        timeoutSeconds: Number(health.timeout ?? 5),
        retries: Number(health.retries ?? 3),
        startPeriodSeconds: Number(health.startPeriod ?? 0),
      },
      logDriver: log.logDriver ?? "json-file",
      logOptions: sortedRecord(log.options ?? {}),
      // The ECS agent starts containers without a restart policy; the scheduler replaces stopped tasks.
      restart: { policy: "no" },
      stopTimeoutSeconds: Number(c.stopTimeout ?? 30),
      stopSignal: "SIGTERM",
      labels: sortedRecord((c.dockerLabels as Record<string, string>) ?? {}),
      networks: [],
      secrets: {},
    };
    return {
      settings,
      secrets: Object.fromEntries(((c.secrets as Json[]) ?? []).map((e) => [String(e.name), String(e.valueFrom)])),
      essential: c.essential !== false,
      links: (c.links as string[]) ?? [],
      dependsOn: (c.dependsOn as { containerName: string; condition: string }[]) ?? [],
    };
  });
}

function fromEcsSecurityOption(option: string): string {
  if (option === "no-new-privileges") return "no-new-privileges:true";
  return option.replace(/^(apparmor|label):/, "$1=");
}
