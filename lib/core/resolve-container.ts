import type { ContainerSettings, SettingsMount, SettingsPort } from "./container-settings";
import { sortedRecord } from "./container-settings";
import type { ContainerSpec, Mount, PortMapping } from "./container-spec";
import { parseImageReference } from "./image-reference";
import { exceptionLabel, LABEL_PREFIX, POLICY_RULE_IDS } from "./policy-exception";
import { DOCKER_OBJECT_NAME, ENVIRONMENT_NAME, isAbsolutePath, parseByteSize, SERVICE_NAME } from "./quantities";
import { resolveSecrets } from "./resolve-secrets";
import { resolveSecurity } from "./resolve-security";
import { tmpfsOptions } from "./security-defaults";
import { SpecErrors } from "./spec-error";

/** The defaults a ContainerSpec gets without asking. */
export const CONTAINER_DEFAULTS = {
  user: "65534:65534",
  memory: "256m",
  cpus: 1,
  pidsLimit: 256,
  tmpfsSize: "64m",
  tmpfsMode: "1777",
  logDriver: "local",
  logRotation: { "max-size": "10m", "max-file": "5" } as Record<string, string>,
  restart: { policy: "on-failure", maxRetries: 5 },
  stopTimeoutSeconds: 10,
  stopSignal: "SIGTERM",
  health: { intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 },
} as const;

const ROTATED_DRIVERS = ["local", "json-file"];
const LOG_DRIVERS = ["local", "json-file", "journald", "syslog", "awslogs", "fluentd", "gelf", "none"];
const RESTART_POLICIES = ["no", "on-failure", "always", "unless-stopped"];
const MIN_MEMORY_BYTES = 6 * 1024 * 1024; // the engine refuses less than 6 MiB

/**
 * Validates a ContainerSpec and fills every default, giving the settings every renderer uses.
 * Throws a SpecError naming `where`, the field, the value and the fix; never returns half-checked data.
 */
export function resolveContainer(spec: ContainerSpec, where: string): ContainerSettings {
  const errors = new SpecErrors(where);
  if (spec === null || typeof spec !== "object") {
    errors.add("spec", spec, "a container spec must be an object", "pass { name, image, ... }");
    errors.throwIfAny();
  }
  const name = String(spec.name ?? "");
  if (!SERVICE_NAME.test(name)) {
    errors.add("name", spec.name, "not a valid service name", "use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit");
  }
  const image = parseImageReference(spec.image);
  if (typeof image === "string") {
    errors.add("image", spec.image, image, "use [registry/]repository[:tag][@sha256:<digest>], e.g. nginx:1.27 or registry.example.com/team/app@sha256:…");
  }
  checkStringArray(errors, "entrypoint", spec.entrypoint, true);
  if (Array.isArray(spec.entrypoint) && spec.entrypoint[0] === "") {
    errors.add(
      "entrypoint[0]",
      "",
      'an empty program name (docker run --entrypoint "" clears the image\'s entrypoint instead)',
      "name the program, or leave entrypoint out to keep the image's",
    );
  }
  checkStringArray(errors, "command", spec.command, false);
  if (spec.workingDir !== undefined && !isAbsolutePath(spec.workingDir)) {
    errors.add("workingDir", spec.workingDir, "not an absolute path", "use an absolute path such as /app");
  }
  const user = spec.user ?? CONTAINER_DEFAULTS.user;
  if (!/^([a-z_][a-z0-9_-]*|\d+)(:([a-z_][a-z0-9_-]*|\d+))?$/.test(user)) {
    errors.add("user", spec.user, "not a user[:group] name or id", 'use "uid:gid" such as "10001:10001"');
  }

  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.environment ?? {})) {
    if (!ENVIRONMENT_NAME.test(key)) {
      errors.add(`environment.${key}`, key, "not a valid environment variable name", "use letters, digits and _ , not starting with a digit");
    } else if (typeof value !== "string") {
      errors.add(`environment.${key}`, value, "environment values must be strings", `write it as a string, e.g. "${String(value)}"`);
    } else {
      environment[key] = value;
    }
  }
  const secrets = resolveSecrets(errors, name, spec.secrets, environment, user);

  const ports = resolvePorts(errors, spec.ports ?? []);
  const { mounts, tmpfs } = resolveMounts(errors, spec.mounts ?? [], secrets.mounts);

  const resources = spec.resources ?? {};
  const memoryBytes = parseByteSize(resources.memory ?? CONTAINER_DEFAULTS.memory);
  if (memoryBytes === undefined || memoryBytes < MIN_MEMORY_BYTES) {
    errors.add("resources.memory", resources.memory, "not a memory size of at least 6m", 'use a size like "256m" or "1g"');
  }
  const memorySwapBytes = resources.memorySwap === undefined ? memoryBytes : parseByteSize(resources.memorySwap);
  if (memorySwapBytes === undefined || (memoryBytes !== undefined && memorySwapBytes < memoryBytes)) {
    errors.add("resources.memorySwap", resources.memorySwap, "not a size at least as large as memory", "set it to the memory limit (no swap) or larger");
  }
  const cpus = resources.cpus ?? CONTAINER_DEFAULTS.cpus;
  if (typeof cpus !== "number" || !(cpus > 0) || cpus > 1024 || Math.abs(Math.round(cpus * 1000) - cpus * 1000) > 1e-6) {
    errors.add("resources.cpus", resources.cpus, "not a CPU count above 0 with at most three decimals", "use e.g. 0.5 or 2");
  }
  const pidsLimit = resources.pidsLimit ?? CONTAINER_DEFAULTS.pidsLimit;
  if (!Number.isInteger(pidsLimit) || pidsLimit < 1) {
    errors.add("resources.pidsLimit", resources.pidsLimit, "not a positive whole number", "use e.g. 256");
  }

  const security = resolveSecurity(errors, spec.security ?? {}, tmpfs);
  const healthCheck = resolveHealthCheck(errors, spec);
  const logging = resolveLogging(errors, spec);
  const restart = resolveRestart(errors, spec);

  const stopTimeoutSeconds = spec.stopTimeoutSeconds ?? CONTAINER_DEFAULTS.stopTimeoutSeconds;
  if (!Number.isInteger(stopTimeoutSeconds) || stopTimeoutSeconds < 0) {
    errors.add("stopTimeoutSeconds", spec.stopTimeoutSeconds, "not a whole number of seconds", "use e.g. 10");
  }
  const stopSignal = spec.stopSignal ?? CONTAINER_DEFAULTS.stopSignal;
  if (!/^SIG[A-Z0-9]+$/.test(stopSignal)) {
    errors.add("stopSignal", spec.stopSignal, "not a signal name", 'use a name such as "SIGTERM" or "SIGQUIT"');
  }

  const labels = resolveLabels(errors, spec);
  if (security.networkMode === "host" && (spec.networks ?? []).length > 0) {
    errors.add("networks", spec.networks, "a container on the host network cannot join other networks", "remove networks, or stop sharing the host network");
  }
  const networks = (spec.networks ?? []).map((network, i) => {
    if (!DOCKER_OBJECT_NAME.test(String(network?.name))) {
      errors.add(`networks[${i}].name`, network?.name, "not a valid network name", "use letters, digits, '_', '.', '-'");
    }
    for (const alias of network?.aliases ?? []) {
      if (!/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(alias)) {
        errors.add(`networks[${i}].aliases`, alias, "not a valid DNS name", "use letters, digits, '.' and '-'");
      }
    }
    return { name: network?.name, aliases: [...(network?.aliases ?? [])].sort() };
  });

  errors.throwIfAny();
  return {
    name,
    image: spec.image,
    entrypoint: spec.entrypoint ? [...spec.entrypoint] : undefined,
    command: spec.command ? [...spec.command] : undefined,
    workingDir: spec.workingDir,
    user,
    environment: sortedRecord(environment),
    ports,
    mounts,
    tmpfs: sortedRecord(tmpfs),
    memoryBytes,
    memorySwapBytes,
    cpus,
    pidsLimit,
    ...security,
    healthCheck,
    ...logging,
    restart,
    stopTimeoutSeconds,
    stopSignal,
    labels,
    networks,
    secrets: secrets.references,
  };
}

function checkStringArray(errors: SpecErrors, field: string, value: unknown, nonEmpty: boolean): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string") || (nonEmpty && value.length === 0)) {
    errors.add(field, value, "not an array of strings", `write it in exec form, e.g. ["/app/server", "--port", "8080"]`);
  }
}

function resolvePorts(errors: SpecErrors, ports: PortMapping[]): SettingsPort[] {
  const resolved: SettingsPort[] = [];
  ports.forEach((port, i) => {
    const field = `ports[${i}]`;
    const containerPort = port?.containerPort;
    const hostPort = port?.hostPort ?? containerPort;
    const hostIp = port?.hostIp ?? "127.0.0.1";
    const protocol = port?.protocol ?? "tcp";
    if (!isPort(containerPort)) errors.add(`${field}.containerPort`, containerPort, "not a port number 1-65535", "use a whole number between 1 and 65535");
    if (!isPort(hostPort)) errors.add(`${field}.hostPort`, port?.hostPort, "not a port number 1-65535", "use a whole number between 1 and 65535");
    if (!isIpAddress(hostIp)) errors.add(`${field}.hostIp`, hostIp, "not an IPv4 or IPv6 address", 'use an address such as "127.0.0.1"');
    if (protocol !== "tcp" && protocol !== "udp") errors.add(`${field}.protocol`, protocol, "not tcp or udp", 'use "tcp" or "udp"');
    const clash = resolved.find(
      (other) => other.hostPort === hostPort && other.protocol === protocol && (other.hostIp === hostIp || isWildcard(other.hostIp) || isWildcard(hostIp)),
    );
    if (clash) {
      errors.add(
        `${field}.hostPort`,
        hostPort,
        `host port ${hostPort}/${protocol} is published twice (on ${clash.hostIp} and ${hostIp})`,
        "publish each host port once, or use another hostPort",
      );
    }
    resolved.push({ hostIp, hostPort, containerPort, protocol });
  });
  return resolved;
}

function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

export function isWildcard(ip: string): boolean {
  return ip === "0.0.0.0" || ip === "::" || ip === "[::]";
}

function isIpAddress(ip: unknown): boolean {
  if (typeof ip !== "string") return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255);
  return /^[0-9a-fA-F:]+$/.test(ip) && ip.includes(":");
}

function resolveMounts(errors: SpecErrors, mounts: Mount[], secretMounts: SettingsMount[]) {
  const resolved: SettingsMount[] = [];
  const tmpfs: Record<string, string> = {};
  const targets = new Set<string>();
  mounts.forEach((mount, i) => {
    const field = `mounts[${i}]`;
    if (!isAbsolutePath(mount?.target)) {
      errors.add(`${field}.target`, mount?.target, "not an absolute path", "use an absolute container path such as /data");
      return;
    }
    if (targets.has(mount.target)) errors.add(`${field}.target`, mount.target, "mounted twice", "mount each container path once");
    targets.add(mount.target);
    if (mount.type === "tmpfs") {
      if (mount.target.includes(":")) {
        errors.add(
          `${field}.target`,
          mount.target,
          "a tmpfs target cannot contain ':' (docker run --tmpfs splits target:options at the first ':')",
          "use a path without ':'",
        );
      }
      const size = parseByteSize(mount.size ?? CONTAINER_DEFAULTS.tmpfsSize);
      if (size === undefined) errors.add(`${field}.size`, mount.size, "not a size", 'use a size such as "64m"');
      const mode = mount.mode ?? CONTAINER_DEFAULTS.tmpfsMode;
      if (!/^[0-7]{3,4}$/.test(mode)) errors.add(`${field}.mode`, mount.mode, "not an octal mode", 'use e.g. "1777" or "0700"');
      tmpfs[mount.target] = tmpfsOptions(size ?? 0, mode);
    } else if (mount.type === "bind") {
      if (!isAbsolutePath(mount.source))
        errors.add(`${field}.source`, mount.source, "not an absolute host path", "use an absolute path such as /srv/app/config");
      resolved.push({ type: "bind", source: mount.source, target: mount.target, readOnly: mount.readOnly ?? true });
    } else if (mount.type === "volume") {
      if (!DOCKER_OBJECT_NAME.test(String(mount.source)))
        errors.add(`${field}.source`, mount.source, "not a valid volume name", "use letters, digits, '_', '.', '-'");
      resolved.push({ type: "volume", source: mount.source, target: mount.target, readOnly: mount.readOnly ?? false });
    } else {
      errors.add(`${field}.type`, (mount as { type?: unknown })?.type, "not a mount type", 'use "bind", "volume" or "tmpfs"');
    }
  });
  for (const secret of secretMounts) {
    if (targets.has(secret.target)) errors.add("mounts", secret.target, "is where a secret is mounted", "mount something else there, or rename the secret");
    resolved.push(secret);
  }
  return { mounts: resolved.sort((a, b) => (a.target < b.target ? -1 : 1)), tmpfs };
}

function resolveHealthCheck(errors: SpecErrors, spec: ContainerSpec): ContainerSettings["healthCheck"] {
  const health = spec.healthCheck;
  if (health === undefined) return undefined;
  if (typeof health.command !== "string" || health.command.trim() === "") {
    errors.add("healthCheck.command", health.command, "empty", 'give a shell command that exits 0 when healthy, e.g. "wget -qO- http://127.0.0.1:8080/health"');
  }
  const d = CONTAINER_DEFAULTS.health;
  const timing = {
    intervalSeconds: health.intervalSeconds ?? d.intervalSeconds,
    timeoutSeconds: health.timeoutSeconds ?? d.timeoutSeconds,
    retries: health.retries ?? d.retries,
    startPeriodSeconds: health.startPeriodSeconds ?? d.startPeriodSeconds,
  };
  for (const [key, value] of Object.entries(timing)) {
    const min = key === "startPeriodSeconds" ? 0 : 1;
    if (!Number.isInteger(value) || value < min)
      errors.add(`healthCheck.${key}`, value, `not a whole number >= ${min}`, "use whole seconds (or a retry count)");
  }
  return { test: ["CMD-SHELL", health.command], ...timing };
}

function resolveLogging(errors: SpecErrors, spec: ContainerSpec) {
  const logDriver = spec.logging?.driver ?? CONTAINER_DEFAULTS.logDriver;
  if (!LOG_DRIVERS.includes(logDriver)) {
    errors.add("logging.driver", logDriver, "not a supported log driver", `use one of ${LOG_DRIVERS.join(", ")}`);
  }
  const options = { ...(ROTATED_DRIVERS.includes(logDriver) ? CONTAINER_DEFAULTS.logRotation : {}), ...(spec.logging?.options ?? {}) };
  for (const [key, value] of Object.entries(options)) {
    if (typeof value !== "string" || /[\n,=]/.test(key)) errors.add(`logging.options.${key}`, value, "not a string option", "log options are strings");
  }
  if (ROTATED_DRIVERS.includes(logDriver) && parseByteSize(options["max-size"]) === undefined) {
    errors.add("logging.options.max-size", options["max-size"], "logs would not rotate", 'set a size such as "10m"');
  }
  return { logDriver, logOptions: sortedRecord(options) };
}

function resolveRestart(errors: SpecErrors, spec: ContainerSpec): ContainerSettings["restart"] {
  const policy = spec.restart?.policy ?? CONTAINER_DEFAULTS.restart.policy;
  if (!RESTART_POLICIES.includes(policy)) {
    errors.add("restart.policy", policy, "not a restart policy", `use one of ${RESTART_POLICIES.join(", ")}`);
  }
  if (policy !== "on-failure") {
    if (spec.restart?.maxRetries !== undefined)
      errors.add("restart.maxRetries", spec.restart.maxRetries, `only applies to on-failure, not ${policy}`, "remove maxRetries or use on-failure");
    return { policy };
  }
  const maxRetries = spec.restart?.maxRetries ?? CONTAINER_DEFAULTS.restart.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) errors.add("restart.maxRetries", maxRetries, "not a whole number >= 0", "use e.g. 5");
  return { policy, maxRetries };
}

function resolveLabels(errors: SpecErrors, spec: ContainerSpec): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.labels ?? {})) {
    if (key.startsWith(LABEL_PREFIX))
      errors.add(
        `labels.${key}`,
        key,
        `the prefix ${LABEL_PREFIX} is reserved for this library`,
        "use exceptions: [...] for policy exceptions, or another label key",
      );
    else if (typeof value !== "string" || /[\n]/.test(key) || key === "")
      errors.add(`labels.${key}`, value, "not a string label", "labels are string keys and values");
    else if (key.includes("="))
      errors.add(
        `labels.${key}`,
        key,
        "a label key cannot contain '=' (docker run --label splits key=value at the first '=')",
        "use a key such as com.example.team",
      );
    else labels[key] = value;
  }
  const seen = new Set<string>();
  (spec.exceptions ?? []).forEach((exception, i) => {
    const field = `exceptions[${i}]`;
    if (!(POLICY_RULE_IDS as readonly string[]).includes(exception?.rule)) {
      errors.add(`${field}.rule`, exception?.rule, "not a policy rule id", `use one of ${POLICY_RULE_IDS.join(", ")}`);
      return;
    }
    if (typeof exception.reason !== "string" || exception.reason.trim().length < 10) {
      errors.add(
        `${field}.reason`,
        exception.reason,
        "an exception needs a reason of at least 10 characters",
        "say why this container needs it; the reason is shown in the output",
      );
    }
    if (seen.has(exception.rule)) errors.add(`${field}.rule`, exception.rule, "declared twice", "declare each exception once");
    seen.add(exception.rule);
    labels[exceptionLabel(exception.rule)] = String(exception.reason).trim();
  });
  return sortedRecord(labels);
}
