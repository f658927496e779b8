import type { StartCondition } from "../core/bundle-service";
import { SpecError } from "../core/spec-error";
import type { BundleNote, BundleServiceInput } from "./beanstalk-bundle-types";
import { secretDeliveryNote } from "./beanstalk-bundle-types";

const MIB = 1024 * 1024;

/** Capabilities the ECS API accepts in linuxParameters.capabilities (KernelCapabilities). */
export const ECS_CAPABILITIES = [
  "AUDIT_CONTROL",
  "AUDIT_WRITE",
  "BLOCK_SUSPEND",
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "IPC_LOCK",
  "IPC_OWNER",
  "KILL",
  "LEASE",
  "LINUX_IMMUTABLE",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
  "MKNOD",
  "NET_ADMIN",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_RAW",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_CHROOT",
  "SYS_MODULE",
  "SYS_NICE",
  "SYS_PACCT",
  "SYS_PTRACE",
  "SYS_RAWIO",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "SYSLOG",
  "WAKE_ALARM",
];
/** Log drivers an ECS container definition accepts (LogDriver). */
export const ECS_LOG_DRIVERS = ["json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens"];
const CONDITIONS: Record<StartCondition, string> = { started: "START", healthy: "HEALTHY", completed: "COMPLETE", succeeded: "SUCCESS" };
const DEVICE_PERMISSIONS: Record<string, string> = { r: "read", w: "write", m: "mknod" };

/** An ECS container definition (the subset Dockerrun.aws.json v2 uses), as the ECS API spells it. */
export type EcsContainerDefinition = Record<string, unknown> & { name: string; image: string };

/** A host directory volume of the task. */
export interface EcsVolume {
  readonly name: string;
  readonly host: { readonly sourcePath: string };
}

/**
 * Renders one service as an ECS container definition. What ECS cannot express is refused when
 * dropping it would change behaviour the user asked for, or named in `notes` otherwise.
 */
export function renderEcsContainerDefinition(input: BundleServiceInput, volumes: EcsVolume[], notes: BundleNote[]): EcsContainerDefinition {
  const { settings: s, service, where } = input;
  const refuse = (field: string, value: unknown, problem: string, fix: string): never => {
    throw new SpecError(where, field, value, `ECS container definitions (Dockerrun.aws.json v2) ${problem}`, fix);
  };
  if (s.networkMode ?? s.pidMode ?? s.ipcMode ?? s.utsMode ?? s.usernsMode) {
    refuse(
      "security.hostNamespaces",
      [s.networkMode, s.pidMode, s.ipcMode, s.utsMode, s.usernsMode].filter(Boolean),
      "set namespaces per task, which Beanstalk does not expose",
      "remove hostNamespaces",
    );
  }
  if (s.cgroupParent !== undefined) refuse("security.cgroupParent", s.cgroupParent, "have no cgroup parent", "remove cgroupParent");
  const seccomp = s.securityOpts.find((o) => o.startsWith("seccomp="));
  if (seccomp !== undefined)
    refuse("security.seccompProfile", seccomp, "cannot set a seccomp profile (the engine's default applies)", 'use seccompProfile "default"');
  if (s.networks.length > 0)
    refuse("networks", s.networks, "use the task's bridge network; services find each other through dependsOn links", "remove networks and use dependsOn");
  if (s.stopSignal !== "SIGTERM")
    refuse("stopSignal", s.stopSignal, "have no stop signal (the image's STOPSIGNAL applies)", "set STOPSIGNAL in the image and remove stopSignal");
  if (s.memoryBytes === undefined || s.memoryBytes % MIB !== 0) refuse("resources.memory", s.memoryBytes, "set memory in whole MiB", 'use e.g. "256m"');
  const memory = (s.memoryBytes as number) / MIB;
  const cpu = (s.cpus ?? 1) * 1024;
  if (!Number.isInteger(cpu)) refuse("resources.cpus", s.cpus, "set CPU in units of 1/1024 of a CPU", "use a multiple of 1/1024 such as 0.25, 0.5 or 1");
  const badCap = s.capAdd.find((c) => !ECS_CAPABILITIES.includes(c));
  if (badCap !== undefined) refuse("security.capAdd", badCap, "do not accept this capability", `add only ${ECS_CAPABILITIES.join(", ")}`);
  let logDriver = s.logDriver;
  if (logDriver === "local") {
    logDriver = "json-file";
    notes.push({ service: s.name, setting: "logging.driver", detail: "ECS has no local log driver; json-file is used with the same rotation options" });
  } else if (!ECS_LOG_DRIVERS.includes(logDriver)) {
    refuse("logging.driver", logDriver, "do not accept this log driver", `use one of ${ECS_LOG_DRIVERS.join(", ")}`);
  }

  const tmpfs = Object.entries(s.tmpfs).map(([containerPath, options]) => {
    const parts = options.split(",");
    const size = Number(parts.find((p) => p.startsWith("size="))?.slice(5));
    if (!Number.isInteger(size / MIB) || size <= 0) refuse(`tmpfs ${containerPath}`, size, "size tmpfs mounts in whole MiB", 'use a size such as "64m"');
    return { containerPath, size: size / MIB, mountOptions: parts.filter((p) => !p.startsWith("size=")) };
  });
  const mountPoints = s.mounts.map((m, i) => {
    if (m.type !== "bind")
      refuse(
        `mounts ${m.target}`,
        m.source,
        "cannot create named Docker volumes (Dockerrun.aws.json v2 volumes are host directories)",
        "mount a host directory (type: bind)",
      );
    const name = `${s.name}-${i}`;
    volumes.push({ name, host: { sourcePath: m.source } });
    return { sourceVolume: name, containerPath: m.target, readOnly: m.readOnly };
  });
  const h = s.healthCheck;
  if (h) {
    const ranges: [string, number, number, number][] = [
      ["intervalSeconds", h.intervalSeconds, 5, 300],
      ["timeoutSeconds", h.timeoutSeconds, 2, 60],
      ["retries", h.retries, 1, 10],
      ["startPeriodSeconds", h.startPeriodSeconds, 0, 300],
    ];
    for (const [field, value, min, max] of ranges) {
      if (value < min || value > max) refuse(`healthCheck.${field}`, value, `take ${min}-${max} here`, `use a value from ${min} to ${max}`);
    }
  }
  if (s.restart.policy !== "no") {
    notes.push({
      service: s.name,
      setting: "restart",
      detail: `ECS replaces the task when an essential container stops; the restart policy ${restartText(s.restart)} does not apply`,
    });
  }
  const secretNames = Object.keys(input.secrets);
  if (secretNames.length) notes.push(secretDeliveryNote(s.name, secretNames));

  const linuxParameters: Record<string, unknown> = {
    capabilities: { add: s.capAdd, drop: s.capDrop },
    initProcessEnabled: service.initProcess ?? false,
    maxSwap: ((s.memorySwapBytes ?? s.memoryBytes) as number) / MIB - memory,
  };
  if (!Number.isInteger(linuxParameters.maxSwap)) refuse("resources.memorySwap", s.memorySwapBytes, "set swap in whole MiB", 'use e.g. "512m"');
  if (tmpfs.length) linuxParameters.tmpfs = tmpfs;
  if (s.devices.length) {
    linuxParameters.devices = s.devices.map((d) => ({
      hostPath: d.hostPath,
      containerPath: d.containerPath,
      permissions: [...d.permissions].map((p) => DEVICE_PERMISSIONS[p]),
    }));
  }
  const definition: EcsContainerDefinition = {
    name: s.name,
    image: s.image,
    essential: service.essential ?? true,
    memory,
    cpu,
    user: s.user,
    readonlyRootFilesystem: s.readOnlyRootFilesystem,
    privileged: s.privileged,
    linuxParameters,
    dockerSecurityOptions: s.securityOpts.map(toEcsSecurityOption),
    ulimits: Object.entries(s.ulimits).map(([name, { soft, hard }]) => ({ name, softLimit: soft, hardLimit: hard })),
    portMappings: s.ports.map((p) => ({ hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol })),
    mountPoints,
    environment: Object.entries(s.environment).map(([name, value]) => ({ name, value })),
    secrets: Object.entries(input.secrets).map(([name, arn]) => ({ name, valueFrom: arn.valueFrom })),
    logConfiguration: { logDriver, options: s.logOptions },
    dockerLabels: s.labels,
    stopTimeout: s.stopTimeoutSeconds,
  };
  if (s.workingDir !== undefined) definition.workingDirectory = s.workingDir;
  if (s.entrypoint !== undefined) definition.entryPoint = s.entrypoint;
  if (s.command !== undefined) definition.command = s.command;
  if (h) {
    definition.healthCheck = { command: h.test, interval: h.intervalSeconds, timeout: h.timeoutSeconds, retries: h.retries, startPeriod: h.startPeriodSeconds };
  }
  const dependsOn = service.dependsOn ?? [];
  if (dependsOn.length) {
    definition.dependsOn = dependsOn.map((d) => ({ containerName: d.service, condition: CONDITIONS[d.condition ?? "healthy"] }));
    definition.links = dependsOn.map((d) => d.service);
  }
  return definition;
}

function restartText(restart: { policy: string; maxRetries?: number }): string {
  return restart.policy === "on-failure" && restart.maxRetries !== undefined ? `on-failure:${restart.maxRetries}` : restart.policy;
}

/** `no-new-privileges:true` → `no-new-privileges`, `apparmor=x` → `apparmor:x`, `label=x` → `label:x`. */
function toEcsSecurityOption(option: string): string {
  if (option === "no-new-privileges:true") return "no-new-privileges";
  return option.replace(/^(apparmor|label)=/, "$1:");
}
