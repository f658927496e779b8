import type { ContainerSettings, SettingsMount } from "../core/container-settings";
import { sortedRecord } from "../core/container-settings";
import { parseByteSize } from "../core/quantities";

/** What a `docker run` argv says, read back into the settings the policy checks. */
export interface DockerRunReading {
  readonly settings: ContainerSettings;
  /** `--env NAME` without a value: passed through from the client's environment. */
  readonly passEnvironment: string[];
  readonly removeOnExit: boolean;
  readonly detach: boolean;
}

const BOOLEAN_FLAGS = new Set(["--rm", "--detach", "-d", "--read-only", "--privileged", "--init", "--interactive", "-i", "--tty", "-t"]);

/**
 * Reads a `docker run` argv (as rendered by this library or written by hand with the same
 * long flags) back into ContainerSettings. Unknown flags are refused rather than ignored,
 * so the policy never passes a container it did not fully read.
 */
export function readDockerRunArgs(argv: readonly string[]): DockerRunReading {
  const args = [...argv];
  if (args[0] === "docker") args.shift();
  if (args.shift() !== "run") throw new Error(`not a docker run command: ${argv.join(" ")}`);

  const flags: [string, string][] = [];
  const booleans = new Set<string>();
  while (args.length > 0 && args[0].startsWith("-")) {
    const arg = args.shift() as string;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.has(flag)) {
      if (eq > 0 && arg.slice(eq + 1) === "false") continue;
      booleans.add(flag === "-d" ? "--detach" : flag);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args.shift();
    if (value === undefined) throw new Error(`docker run flag ${flag} has no value`);
    flags.push([flag, value]);
  }
  const image = args.shift();
  if (image === undefined) throw new Error("docker run argv has no image");
  const rest = args;

  const all = (name: string) => flags.filter(([f]) => f === name).map(([, v]) => v);
  const one = (name: string) => all(name).at(-1);
  const known = new Set([
    "--restart",
    "--name",
    "--user",
    "--workdir",
    "--cap-drop",
    "--cap-add",
    "--security-opt",
    "--memory",
    "--memory-swap",
    "--cpus",
    "--pids-limit",
    "--ulimit",
    "--network",
    "--pid",
    "--ipc",
    "--uts",
    "--userns",
    "--cgroup-parent",
    "--device",
    "--tmpfs",
    "--mount",
    "--publish",
    "--network-alias",
    "--env",
    "--label",
    "--log-driver",
    "--log-opt",
    "--health-cmd",
    "--health-interval",
    "--health-timeout",
    "--health-retries",
    "--health-start-period",
    "--stop-timeout",
    "--stop-signal",
    "--entrypoint",
  ]);
  const unknown = flags.map(([f]) => f).filter((f) => !known.has(f));
  if (unknown.length) throw new Error(`docker run flags not understood by the policy reader: ${[...new Set(unknown)].join(", ")}`);

  const environment: Record<string, string> = {};
  const passEnvironment: string[] = [];
  for (const entry of all("--env")) {
    const eq = entry.indexOf("=");
    if (eq < 0) passEnvironment.push(entry);
    else environment[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const labels: Record<string, string> = {};
  for (const entry of all("--label")) {
    const eq = entry.indexOf("=");
    labels[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? "" : entry.slice(eq + 1);
  }
  const logOptions: Record<string, string> = {};
  for (const entry of all("--log-opt")) {
    const eq = entry.indexOf("=");
    logOptions[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const ulimits: Record<string, { soft: number; hard: number }> = {};
  for (const entry of all("--ulimit")) {
    const [name, limits] = entry.split("=");
    const [soft, hard = soft] = limits.split(":").map(Number);
    ulimits[name] = { soft, hard };
  }
  const tmpfs: Record<string, string> = {};
  for (const entry of all("--tmpfs")) {
    const colon = entry.indexOf(":");
    tmpfs[colon < 0 ? entry : entry.slice(0, colon)] = colon < 0 ? "" : entry.slice(colon + 1);
  }
  const mounts: SettingsMount[] = all("--mount")
    .map(readMount)
    .sort((a, b) => (a.target < b.target ? -1 : 1));
  const ports = all("--publish").map((entry) => {
    const match = /^(\[[^\]]+\]|[^:]+):(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(entry);
    if (!match) throw new Error(`--publish ${entry} does not name a host address, host port and container port`);
    return {
      hostIp: match[1].replace(/^\[|\]$/g, ""),
      hostPort: Number(match[2]),
      containerPort: Number(match[3]),
      protocol: (match[4] ?? "tcp") as "tcp" | "udp",
    };
  });
  const networkValues = all("--network");
  const networkMode = networkValues.find((n) => ["host", "none", "bridge"].includes(n) || n.startsWith("container:"));
  const aliases = all("--network-alias").sort();
  const networks = networkValues.filter((n) => n !== networkMode).map((name) => ({ name, aliases }));
  const restartText = one("--restart") ?? "no";
  const [restartPolicy, retries] = restartText.split(":");
  const healthCmd = one("--health-cmd");
  const memory = one("--memory");
  const memorySwap = one("--memory-swap");
  const entrypoint = one("--entrypoint");

  const settings: ContainerSettings = {
    name: one("--name") ?? "",
    image,
    entrypoint: entrypoint === undefined ? undefined : [entrypoint],
    command: rest.length ? rest : undefined,
    workingDir: one("--workdir"),
    user: one("--user"),
    environment: sortedRecord(environment),
    ports,
    mounts,
    tmpfs: sortedRecord(tmpfs),
    memoryBytes: memory === undefined ? undefined : parseByteSize(memory),
    memorySwapBytes: memorySwap === undefined ? undefined : parseByteSize(memorySwap),
    cpus: one("--cpus") === undefined ? undefined : Number(one("--cpus")),
    pidsLimit: one("--pids-limit") === undefined ? undefined : Number(one("--pids-limit")),
    privileged: booleans.has("--privileged"),
    capAdd: all("--cap-add")
      .map((c) => c.toUpperCase().replace(/^CAP_/, ""))
      .sort(),
    capDrop: all("--cap-drop")
      .map((c) => c.toUpperCase().replace(/^CAP_/, ""))
      .sort(),
    readOnlyRootFilesystem: booleans.has("--read-only"),
    securityOpts: all("--security-opt")
      .map((o) => (o === "no-new-privileges" ? "no-new-privileges:true" : o))
      .sort(),
    ulimits: sortedRecord(ulimits),
    networkMode,
    pidMode: one("--pid"),
    ipcMode: one("--ipc"),
    utsMode: one("--uts"),
    usernsMode: one("--userns"),
    cgroupParent: one("--cgroup-parent"),
    devices: all("--device").map((entry) => {
      const [hostPath, containerPath = hostPath, permissions = "rwm"] = entry.split(":");
      return { hostPath, containerPath, permissions };
    }),
    healthCheck:
      healthCmd === undefined
        ? undefined
        : {
            test: ["CMD-SHELL", healthCmd],
            intervalSeconds: seconds(one("--health-interval"), 30),
            timeoutSeconds: seconds(one("--health-timeout"), 30),
            retries: Number(one("--health-retries") ?? 3),
            startPeriodSeconds: seconds(one("--health-start-period"), 0),
          },
    logDriver: one("--log-driver") ?? "json-file",
    logOptions: sortedRecord(logOptions),
    restart: restartPolicy === "on-failure" ? { policy: restartPolicy, maxRetries: Number(retries ?? 0) } : { policy: restartPolicy },
    stopTimeoutSeconds: Number(one("--stop-timeout") ?? 10),
    stopSignal: one("--stop-signal") ?? "SIGTERM",
    labels: sortedRecord(labels),
    networks,
    secrets: {},
  };
  return { settings, passEnvironment, removeOnExit: booleans.has("--rm"), detach: booleans.has("--detach") };
}

function readMount(entry: string): SettingsMount {
  const fields: Record<string, string> = {};
  let readOnly = false;
  for (const part of csvFields(entry)) {
    const eq = part.indexOf("=");
    if (eq < 0) {
      if (part === "readonly" || part === "ro") readOnly = true;
      continue;
    }
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if ((key === "readonly" || key === "ro") && value !== "false") readOnly = true;
    else fields[key === "src" ? "source" : key === "dst" || key === "destination" ? "target" : key] = value;
  }
  return { type: (fields.type ?? "volume") as "bind" | "volume", source: fields.source ?? "", target: fields.target ?? "", readOnly };
}

/**
 * Splits a --mount value as the Docker CLI does (Go's encoding/csv): a field may be quoted
 * with "…" ("" inside is one quote); a quote inside an unquoted field is an error.
 */
function csvFields(entry: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (entry[i] === '"') {
      i++;
      for (;;) {
        if (i >= entry.length) throw new Error(`--mount ${entry}: unterminated quoted field`);
        if (entry[i] === '"' && entry[i + 1] !== '"') break;
        field += entry[i];
        i += entry[i] === '"' ? 2 : 1; // "" is one quote
      }
      i++;
      if (i < entry.length && entry[i] !== ",") throw new Error(`--mount ${entry}: extraneous character after a quoted field`);
    } else {
      const end = entry.indexOf(",", i) < 0 ? entry.length : entry.indexOf(",", i);
      field = entry.slice(i, end);
      if (field.includes('"')) throw new Error(`--mount ${entry}: bare " in a non-quoted field (the Docker CLI refuses it)`);
      i = end;
    }
    fields.push(field);
    if (i >= entry.length) return fields;
    i++; // the comma
  }
}

function seconds(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text);
  if (!match) return Number.NaN;
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] ?? "s"] as number;
  return Number(match[1]) * factor;
}
