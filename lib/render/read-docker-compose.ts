import { yamlLibrary } from "./yaml-library";
import type { ContainerSettings, SettingsMount } from "../core/container-settings";
import { sortedRecord } from "../core/container-settings";

type Json = Record<string, unknown>;

/** A service read back from a docker-compose.yml. */
export interface ComposeService {
  readonly settings: ContainerSettings;
  /** Variables interpolated from the environment (`${NAME}` / `${NAME:?}`): the secrets Beanstalk provides. */
  readonly interpolated: string[];
  readonly dependsOn: Record<string, string>;
  readonly init: boolean;
}

/**
 * Reads a docker-compose.yml back into the settings Docker Compose hands the engine (compose spec
 * names, `$$` unescaped). Used by the policy re-check and the tests that compare renderings.
 */
export function readDockerCompose(content: string): ComposeService[] {
  const document = yamlLibrary().parse(content, { version: "1.1" }) as { services?: Record<string, Json> };
  return Object.entries(document.services ?? {}).map(([name, raw]) => {
    const interpolated: string[] = [];
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries((raw.environment as Record<string, string>) ?? {})) {
      const reference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:\?[^}]*)?\}$/.exec(String(value));
      if (reference) interpolated.push(reference[1]);
      else environment[key] = unescape(String(value));
    }
    const c = unescapeAll(raw) as Json;
    const health = c.healthcheck as Json | undefined;
    const logging = (c.logging as { driver?: string; options?: Record<string, string> }) ?? {};
    const restart = String(c.restart ?? "no");
    const onFailure = /^on-failure(?::(\d+))?$/.exec(restart);
    const tmpfs: Record<string, string> = {};
    for (const entry of (c.tmpfs as string[]) ?? []) {
      const colon = entry.indexOf(":");
      tmpfs[colon < 0 ? entry : entry.slice(0, colon)] = colon < 0 ? "" : entry.slice(colon + 1);
    }
    const mounts: SettingsMount[] = ((c.volumes as Json[]) ?? []).map((v) => ({
      type: v.type as "bind" | "volume",
      source: String(v.source),
      target: String(v.target),
      readOnly: v.read_only === true,
    }));
    const settings: ContainerSettings = {
      name,
      image: String(c.image),
      entrypoint: c.entrypoint as string[] | undefined,
      command: c.command as string[] | undefined,
      workingDir: c.working_dir as string | undefined,
      user: c.user as string | undefined,
      environment: sortedRecord(environment),
      ports: ((c.ports as string[]) ?? []).map(readShortPort),
      mounts: mounts.sort((a, b) => (a.target < b.target ? -1 : 1)),
      tmpfs: sortedRecord(tmpfs),
      memoryBytes: c.mem_limit as number | undefined,
      memorySwapBytes: c.memswap_limit as number | undefined,
      cpus: c.cpus as number | undefined,
      pidsLimit: c.pids_limit as number | undefined,
      privileged: c.privileged === true,
      capAdd: [...((c.cap_add as string[]) ?? [])].sort(),
      capDrop: [...((c.cap_drop as string[]) ?? [])].sort(),
      readOnlyRootFilesystem: c.read_only === true,
      securityOpts: [...((c.security_opt as string[]) ?? [])].sort(),
      ulimits: sortedRecord((c.ulimits as Record<string, { soft: number; hard: number }>) ?? {}),
      networkMode: c.network_mode as string | undefined,
      pidMode: c.pid as string | undefined,
      ipcMode: c.ipc as string | undefined,
      utsMode: c.uts as string | undefined,
      usernsMode: c.userns_mode as string | undefined,
      cgroupParent: c.cgroup_parent as string | undefined,
      devices: ((c.devices as string[]) ?? []).map((d) => {
        const [hostPath, containerPath, permissions] = d.split(":");
        return { hostPath, containerPath: containerPath ?? hostPath, permissions: permissions ?? "rwm" };
      }),
      healthCheck: health && {
        test: health.test as string[],
        intervalSeconds: seconds(health.interval, 30),
        timeoutSeconds: seconds(health.timeout, 30),
        retries: Number(health.retries ?? 3),
        startPeriodSeconds: seconds(health.start_period, 0),
      },
      logDriver: logging.driver ?? "json-file",
      logOptions: sortedRecord(logging.options ?? {}),
      restart: onFailure ? { policy: "on-failure", maxRetries: onFailure[1] === undefined ? undefined : Number(onFailure[1]) } : { policy: restart },
      stopTimeoutSeconds: seconds(c.stop_grace_period, 10),
      stopSignal: String(c.stop_signal ?? "SIGTERM"),
      labels: sortedRecord((c.labels as Record<string, string>) ?? {}),
      networks: Object.entries((c.networks as Record<string, { aliases?: string[] } | null>) ?? {}).map(([n, v]) => ({
        name: n,
        aliases: [...(v?.aliases ?? [])].sort(),
      })),
      secrets: {},
    };
    const dependsOn = Object.fromEntries(
      Object.entries((c.depends_on as Record<string, { condition?: string }>) ?? {}).map(([k, v]) => [k, v.condition ?? "service_started"]),
    );
    return { settings, interpolated: interpolated.sort(), dependsOn, init: c.init === true };
  });
}

/** `[ip:]host:container[/protocol]`, the IP in brackets when it is IPv6. */
function readShortPort(text: string): ContainerSettings["ports"][number] {
  const match = /^(?:(\[[0-9a-fA-F:]+\]|[\d.]+):)?(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(String(text));
  if (!match) throw new Error(`not a port mapping Compose reads: ${text}`);
  return {
    hostIp: match[1] === undefined ? "0.0.0.0" : match[1].replace(/^\[|\]$/g, ""),
    hostPort: Number(match[2]),
    containerPort: Number(match[3]),
    protocol: (match[4] as "tcp" | "udp") ?? "tcp",
  };
}

function unescape(text: string): string {
  return text.replace(/\$\$/g, "$");
}

function unescapeAll(value: unknown): unknown {
  if (typeof value === "string") return unescape(value);
  if (Array.isArray(value)) return value.map(unescapeAll);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeAll(v)]));
  return value;
}

/** Compose durations as this library writes them (`30s`); other units are converted. */
function seconds(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+)(ms|s|m|h)$/.exec(String(value));
  if (!match) return Number.NaN;
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as "ms" | "s" | "m" | "h"];
}
