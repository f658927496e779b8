import type { ContainerSettings } from "../core/container-settings";
import { sortedRecord } from "../core/container-settings";
import { IMAGE_LABEL } from "./docker-container-config";
import { unescapeTerraformTemplate } from "./terraform-template-escape";

/** A docker_container resource's synthesized arguments (snake_case, as in cdk.tf.json). */
export type DockerContainerJson = Record<string, unknown>;

const MIB = 1024 * 1024;

/**
 * Reads a synthesized `docker_container` back into ContainerSettings, so the policy checks
 * exactly what Terraform will apply, escape-hatch overrides included.
 */
export function readDockerContainerJson(synthesized: DockerContainerJson): ContainerSettings {
  const json = unescapeStrings(synthesized) as DockerContainerJson;
  const list = <T>(key: string): T[] => (Array.isArray(json[key]) ? (json[key] as T[]) : json[key] ? [json[key] as T] : []);
  const str = (key: string) => (json[key] === undefined || json[key] === null ? undefined : String(json[key]));
  const num = (key: string) => (json[key] === undefined || json[key] === null ? undefined : Number(json[key]));
  const record = (key: string) => (json[key] && typeof json[key] === "object" ? (json[key] as Record<string, string>) : {});

  const labels: Record<string, string> = {};
  for (const entry of list<{ label: string; value: string }>("labels")) labels[entry.label] = entry.value;
  const imageFromLabel = labels[IMAGE_LABEL];
  delete labels[IMAGE_LABEL];

  const environment: Record<string, string> = {};
  for (const entry of list<string>("env")) {
    const eq = entry.indexOf("=");
    if (eq > 0) environment[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const caps = (json.capabilities ?? {}) as { add?: string[]; drop?: string[] };
  const health = json.healthcheck as { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string } | undefined;
  const networks = list<{ name: string; aliases?: string[] }>("networks_advanced").map((n) => ({ name: n.name, aliases: [...(n.aliases ?? [])].sort() }));
  const networkMode = str("network_mode");
  const restart = str("restart") ?? "no";
  const memory = num("memory");
  const memorySwap = num("memory_swap");
  const ulimits: Record<string, { soft: number; hard: number }> = {};
  for (const u of list<{ name: string; soft: number; hard: number }>("ulimit")) ulimits[u.name] = { soft: u.soft, hard: u.hard };

  return {
    name: str("name") ?? "",
    image: imageFromLabel ?? str("image") ?? "",
    entrypoint: json.entrypoint as string[] | undefined,
    command: json.command as string[] | undefined,
    workingDir: str("working_dir"),
    user: str("user"),
    environment: sortedRecord(environment),
    ports: list<{ internal: number; external?: number; ip?: string; protocol?: string }>("ports").map((p) => ({
      hostIp: p.ip ?? "0.0.0.0",
      hostPort: p.external ?? p.internal,
      containerPort: p.internal,
      protocol: (p.protocol ?? "tcp") as "tcp" | "udp",
    })),
    mounts: list<{ type: "bind" | "volume"; source: string; target: string; read_only?: boolean }>("mounts")
      .map((m) => ({ type: m.type, source: m.source, target: m.target, readOnly: m.read_only === true }))
      .sort((a, b) => (a.target < b.target ? -1 : 1)),
    tmpfs: sortedRecord(record("tmpfs")),
    memoryBytes: memory === undefined || memory === 0 ? undefined : memory * MIB,
    memorySwapBytes: memorySwap === undefined || memorySwap === 0 ? undefined : memorySwap * MIB,
    cpus: json.cpus === undefined ? undefined : Number(json.cpus),
    pidsLimit: undefined,
    privileged: json.privileged === true,
    capAdd: [...(caps.add ?? [])].map((c) => c.toUpperCase().replace(/^CAP_/, "")).sort(),
    capDrop: [...(caps.drop ?? [])].map((c) => c.toUpperCase().replace(/^CAP_/, "")).sort(),
    readOnlyRootFilesystem: json.read_only === true,
    securityOpts: [...list<string>("security_opts")].sort(),
    ulimits: sortedRecord(ulimits),
    networkMode: networkMode === undefined || networks.some((n) => n.name === networkMode) ? undefined : networkMode,
    pidMode: str("pid_mode"),
    ipcMode: str("ipc_mode"),
    utsMode: undefined,
    usernsMode: str("userns_mode"),
    cgroupParent: str("cgroup_parent"),
    devices: list<{ host_path: string; container_path?: string; permissions?: string }>("devices").map((d) => ({
      hostPath: d.host_path,
      containerPath: d.container_path ?? d.host_path,
      permissions: d.permissions ?? "rwm",
    })),
    healthCheck: health && {
      test: health.test,
      intervalSeconds: durationSeconds(health.interval, 30),
      timeoutSeconds: durationSeconds(health.timeout, 30),
      retries: health.retries ?? 3,
      startPeriodSeconds: durationSeconds(health.start_period, 0),
    },
    logDriver: str("log_driver") ?? "json-file",
    logOptions: sortedRecord(record("log_opts")),
    restart: restart === "on-failure" ? { policy: restart, maxRetries: num("max_retry_count") ?? 0 } : { policy: restart },
    stopTimeoutSeconds: num("stop_timeout") ?? 10,
    stopSignal: str("stop_signal") ?? "SIGTERM",
    labels: sortedRecord(labels),
    networks,
    secrets: {},
  };
}

function unescapeStrings(value: unknown): unknown {
  if (typeof value === "string") return unescapeTerraformTemplate(value);
  if (Array.isArray(value)) return value.map(unescapeStrings);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [unescapeTerraformTemplate(k), unescapeStrings(v)]));
  return value;
}

function durationSeconds(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  return match ? Number(match[1]) * ({ ms: 0.001, s: 1, m: 60, h: 3600 }[match[2]] as number) : Number.NaN;
}
