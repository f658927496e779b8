import type { ContainerSettings } from "../core/container-settings";
import type { ContainerSpec } from "../core/container-spec";
import { DaemonConfig } from "../core/daemon-config";
import { checkServicesAgainstDaemon } from "../core/daemon-services";
import type { HostFile, HostPlan } from "../core/host-plan";
import { SpecError } from "../core/spec-error";
import type { PolicyContext } from "../policy/container-rules";
import { checkedServiceUnit } from "./checked-service-unit";
import type { CheckedServiceUnit } from "./checked-service-unit";
import { daemonJsonFile } from "./daemon-json";
import { unitName } from "./systemd-unit";
import type { EnvironmentLayer, SecretEnvironmentVariable } from "./systemd-unit";

/** A service a host runs as a systemd unit, with its configuration layers. */
export interface HostService {
  readonly spec: ContainerSpec;
  /**
   * Configuration layers, lowest precedence first (cluster-wide, common, local): each is written
   * to its file (root:root 0640) and loaded by the unit's EnvironmentFile= in this order.
   * @default []
   */
  readonly layers?: HostEnvironmentLayer[];
  /**
   * Secrets the program reads only from an environment variable, set from their references at
   * start (see SystemdUnitOptions.secretEnvironment).
   * @default []
   */
  readonly secretEnvironment?: SecretEnvironmentVariable[];
}

/** What a host needs beyond its services' units: extra packages, files and units (timers, one-shot helpers). */
export interface HostPlanExtras {
  /**
   * OS packages, e.g. `apache2-utils`.
   * @default []
   */
  readonly packages?: string[];
  /**
   * Files written after the service units (scripts, configuration, drop-ins, timers).
   * @default []
   */
  readonly files?: HostFile[];
  /**
   * Units enabled and started after the services, e.g. `registry-gc.timer`.
   * @default []
   */
  readonly units?: string[];
  /**
   * The files or units fetch secrets with the AWS CLI (installed like the services' secrets need it).
   * @default false
   */
  readonly fetchesSecrets?: boolean;
}

/** One configuration layer with its values (plain configuration only: secrets are references in the spec). */
export interface HostEnvironmentLayer {
  readonly name: string;
  /** Absolute path of the environment file on the host. */
  readonly path: string;
  readonly variables: Record<string, string>;
}

export interface DockerHostPlanInput {
  /** Host name (comments, tags). */
  readonly name: string;
  /** Docker Engine version to pin, e.g. "27.5.1". */
  readonly engineVersion: string;
  /** The daemon.json settings, storage driver included. */
  readonly daemon: DaemonConfig;
  /** Device path the data volume is attached at (e.g. /dev/sdf; NVMe names are resolved on the host). */
  readonly dataDevice: string;
  /**
   * Services run as systemd units.
   * @default []
   */
  readonly services?: HostService[];
  /**
   * Policy context for every service.
   * @default {}
   */
  readonly policy?: PolicyContext;
  /** For error messages: the construct path. */
  readonly where: string;
  /**
   * Extra packages, files and units.
   * @default none
   */
  readonly extras?: HostPlanExtras;
}

/** The Ubuntu 24.04 ("noble") package pins of a Docker Engine release from Docker's repository. */
export function engineUbuntuPackages(version: string): string[] {
  const pin = `5:${version}-1~ubuntu.24.04~noble`;
  return [`docker-ce=${pin}`, `docker-ce-cli=${pin}`, "containerd.io"];
}

/**
 * On Nitro instances an EBS volume attached as /dev/sdf appears as /dev/nvmeXn1; the device name
 * it was attached under is in the NVMe controller's vendor data (bytes 3072-3103), as Amazon's
 * ebsnvme-id reads it. Link it so the storage preparation finds the device by its EBS name.
 */
export function linkEbsDeviceName(device: string): string {
  const name = device.replace(/^\/dev\//, "");
  return (
    `i=0; while [ ! -b ${device} ] && [ "$i" -lt 60 ]; do ` +
    `for d in /dev/nvme[0-9]*n1; do [ -b "$d" ] || continue; ` +
    `n=$(nvme id-ctrl --raw-binary "$d" 2>/dev/null | dd bs=1 skip=3072 count=32 2>/dev/null | tr -d ' \\000'); ` +
    `if [ "\${n#/dev/}" = "${name}" ]; then ln -sf "$d" ${device}; fi; done; ` +
    `[ -b ${device} ] || sleep 2; i=$((i + 1)); done`
  );
}

/**
 * Composes the desired state of one Docker host: the pinned engine, the storage the daemon's driver
 * needs on the data volume, daemon.json, one systemd unit and its environment files per service.
 * Every service passes the container policy and must fit the daemon (user-namespace remap).
 */
export function buildDockerHostPlan(input: DockerHostPlanInput): HostPlan {
  const { daemon, where } = input;
  daemon.checkEngine(input.engineVersion, where);
  const services = input.services ?? [];
  const names = new Set<string>();
  const settings: ContainerSettings[] = [];
  const files: HostFile[] = [daemonJsonFile(daemon)];
  const layerFiles = new Map<string, string>();
  for (const [i, service] of services.entries()) {
    const serviceWhere = `${where}/services/${service.spec?.name ?? i}`;
    const { settings: resolved, unit } = renderHostService(service, serviceWhere, input.policy);
    if (names.has(resolved.name)) {
      throw new SpecError(
        where,
        `services[${i}].spec.name`,
        resolved.name,
        "two services on this host have the same name",
        "give every service on a host a unique name",
      );
    }
    names.add(resolved.name);
    settings.push(resolved);
    files.push({ path: `/etc/systemd/system/${unitName(resolved.name)}`, content: unit, mode: "0644", owner: "root", group: "root" });
    for (const layer of service.layers ?? []) {
      const content = renderEnvironmentFile(layer, serviceWhere);
      // A layer shared by several services (the cluster-wide one) is one file; different contents under one path stay refused.
      if (layerFiles.get(layer.path) === content) continue;
      layerFiles.set(layer.path, content);
      files.push({ path: layer.path, content, mode: "0640", owner: "root", group: "root" });
    }
  }
  checkServicesAgainstDaemon(daemon, settings, where);

  const storage = daemon.storagePlan(input.dataDevice);
  const extras = input.extras ?? {};
  const fetchesSecrets =
    extras.fetchesSecrets === true ||
    settings.some((s) => Object.values(s.secrets).some((ref) => ref.kind !== "host-file")) ||
    services.some((service) => (service.secretEnvironment ?? []).some((v) => v.secret.kind !== "host-file"));
  const packages = [...new Set(["nvme-cli", ...storage.packages, ...(fetchesSecrets ? ["jq"] : []), ...(extras.packages ?? [])])].sort();
  const preparation = [linkEbsDeviceName(input.dataDevice), ...storage.storagePreparation];
  // The units fetch secrets with the AWS CLI, which Ubuntu 24.04 ships only as a snap.
  if (fetchesSecrets) preparation.push("command -v aws >/dev/null 2>&1 || snap install aws-cli --classic");
  if (daemon.setsHosts) {
    // daemon.json "hosts" conflicts with the packaged unit's `-H fd://`: clear that flag.
    files.push({
      path: "/etc/systemd/system/docker.service.d/hosts-from-daemon-json.conf",
      content: "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n",
      mode: "0644",
      owner: "root",
      group: "root",
    });
  }
  files.push(...(extras.files ?? []));
  return {
    name: input.name,
    engine: { version: input.engineVersion, packages: engineUbuntuPackages(input.engineVersion) },
    packages,
    storagePreparation: preparation,
    files,
    services: [...[...names].map(unitName), ...(extras.units ?? [])],
  };
}

/** A service's checked settings and unit text. */
function renderHostService(service: HostService, where: string, policy: PolicyContext | undefined): CheckedServiceUnit {
  const environmentLayers: EnvironmentLayer[] = (service.layers ?? []).map((layer) => ({
    name: layer.name,
    path: layer.path,
    variables: Object.keys(layer.variables).sort(),
  }));
  return checkedServiceUnit(service.spec, { environmentLayers, secretEnvironment: service.secretEnvironment }, policy, where);
}

/** An EnvironmentFile= that systemd reads back exactly: values double-quoted with escapes. */
export function renderEnvironmentFile(layer: HostEnvironmentLayer, where: string): string {
  const lines = [`# ${layer.name} configuration layer, rendered by cdktf-docker-environments`];
  for (const [name, value] of Object.entries(layer.variables).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new SpecError(
        where,
        `layers.${layer.name}.${name}`,
        name,
        "not a valid environment variable name",
        "use letters, digits and _, not starting with a digit",
      );
    }
    if (/[\n\r\0]/.test(value)) {
      throw new SpecError(
        where,
        `layers.${layer.name}.${name}`,
        value,
        "a value with a line break cannot be read from an environment file",
        "put multi-line values in a file and pass its path",
      );
    }
    lines.push(`${name}="${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`);
  }
  return `${lines.join("\n")}\n`;
}
