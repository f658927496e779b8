import { yamlLibrary } from "./yaml-library";
import type { StartCondition } from "../core/bundle-service";
import { SpecError } from "../core/spec-error";
import type { BundleNote, BundleServiceInput, RenderedBundleFile } from "./beanstalk-bundle-types";
import { secretDeliveryNote } from "./beanstalk-bundle-types";

const CONDITIONS: Record<StartCondition, string> = {
  started: "service_started",
  healthy: "service_healthy",
  completed: "service_completed_successfully",
  succeeded: "service_completed_successfully",
};

/**
 * Renders services as a docker-compose.yml for the Docker platform (AL2023), which runs it with
 * Docker Compose. Compose expresses the whole hardened profile, pids limit included. Every `$` of a
 * value is escaped as `$$`; secrets come from the `.env` file Beanstalk writes from the environment
 * secrets, interpolated as `${NAME}` into the service that asked for them only.
 */
export function renderDockerCompose(inputs: BundleServiceInput[], applicationPort: number): RenderedBundleFile {
  const notes: BundleNote[] = [];
  const services: Record<string, unknown> = {};
  const networks: Record<string, Record<string, never>> = {};
  const volumes: Record<string, Record<string, never>> = {};
  const environmentSecrets: Record<string, string> = {};
  for (const { service, settings: s, secrets, where: serviceWhere } of inputs) {
    if (service.essential === false) {
      throw new SpecError(
        serviceWhere,
        "essential",
        false,
        "Docker Compose has no non-essential services",
        "remove essential: false, or use the dockerrun-v2 format",
      );
    }
    const h = s.healthCheck;
    const entry: Record<string, unknown> = {
      image: s.image,
      entrypoint: s.entrypoint,
      command: s.command,
      working_dir: s.workingDir,
      user: s.user,
      environment: Object.keys(s.environment).length ? s.environment : undefined,
      // The short syntax: every Compose version reads its host address (the long form's host_ip is Compose v2 only).
      ports: s.ports.length
        ? s.ports.map((p) => `${p.hostIp.includes(":") ? `[${p.hostIp}]` : p.hostIp}:${p.hostPort}:${p.containerPort}/${p.protocol}`)
        : undefined,
      volumes: s.mounts.length ? s.mounts.map((m) => ({ type: m.type, source: m.source, target: m.target, read_only: m.readOnly })) : undefined,
      tmpfs: Object.keys(s.tmpfs).length ? Object.entries(s.tmpfs).map(([target, options]) => `${target}:${options}`) : undefined,
      read_only: s.readOnlyRootFilesystem,
      privileged: s.privileged,
      cap_drop: s.capDrop,
      cap_add: s.capAdd.length ? s.capAdd : undefined,
      security_opt: s.securityOpts.length ? s.securityOpts : undefined,
      mem_limit: s.memoryBytes,
      memswap_limit: s.memorySwapBytes,
      cpus: s.cpus,
      pids_limit: s.pidsLimit,
      ulimits: Object.keys(s.ulimits).length ? s.ulimits : undefined,
      network_mode: s.networkMode,
      pid: s.pidMode,
      ipc: s.ipcMode,
      uts: s.utsMode,
      userns_mode: s.usernsMode,
      cgroup_parent: s.cgroupParent,
      devices: s.devices.length ? s.devices.map((d) => `${d.hostPath}:${d.containerPath}:${d.permissions}`) : undefined,
      init: service.initProcess ? true : undefined,
      healthcheck: h && {
        test: h.test,
        interval: `${h.intervalSeconds}s`,
        timeout: `${h.timeoutSeconds}s`,
        retries: h.retries,
        start_period: `${h.startPeriodSeconds}s`,
      },
      logging: { driver: s.logDriver, options: Object.keys(s.logOptions).length ? s.logOptions : undefined },
      restart: s.restart.policy === "on-failure" ? `on-failure:${s.restart.maxRetries}` : s.restart.policy,
      stop_grace_period: `${s.stopTimeoutSeconds}s`,
      stop_signal: s.stopSignal,
      labels: Object.keys(s.labels).length ? s.labels : undefined,
      networks: s.networks.length ? Object.fromEntries(s.networks.map((n) => [n.name, n.aliases.length ? { aliases: n.aliases } : {}])) : undefined,
      depends_on: service.dependsOn?.length
        ? Object.fromEntries(service.dependsOn.map((d) => [d.service, { condition: CONDITIONS[d.condition ?? "healthy"] }]))
        : undefined,
    };
    const escaped = escapeDollars(withoutUndefined(entry)) as Record<string, unknown>;
    const names = Object.keys(secrets);
    if (names.length) {
      // Interpolated from the .env file; `:?` makes compose fail loudly when Beanstalk did not provide it.
      escaped.environment = { ...((escaped.environment as Record<string, string>) ?? {}), ...Object.fromEntries(names.map((n) => [n, `\${${n}:?}`])) };
      for (const [name, arn] of Object.entries(secrets)) {
        if (environmentSecrets[name] !== undefined && environmentSecrets[name] !== arn.valueFrom) {
          throw new SpecError(
            serviceWhere,
            `secrets.${name}`,
            name,
            "another service uses the same secret name for a different secret, and Beanstalk has one environment",
            "rename one of them",
          );
        }
        environmentSecrets[name] = arn.valueFrom;
      }
      notes.push(secretDeliveryNote(s.name, names));
    }
    services[s.name] = escaped;
    for (const n of s.networks) networks[n.name] = {};
    for (const m of s.mounts) if (m.type === "volume") volumes[m.source] = {};
  }
  const document = withoutUndefined({
    services,
    networks: Object.keys(networks).length ? networks : undefined,
    volumes: Object.keys(volumes).length ? volumes : undefined,
  });
  return {
    fileName: "docker-compose.yml",
    content: yamlLibrary().stringify(document, { lineWidth: 0, indent: 2, version: "1.1" }),
    environmentProperties: {},
    environmentSecrets,
    applicationPort,
    notes,
  };
}

/** Compose interpolates `$VAR` in every value; a literal `$` is written `$$`. */
function escapeDollars(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$/g, "$$$$");
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
