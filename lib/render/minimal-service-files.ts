import type { ContainerSettings } from "../core/container-settings";
import type { ContainerSpec, Logging, PortMapping } from "../core/container-spec";
import { effectiveEnvironment } from "../core/configuration-layers";
import type { EffectiveVariable, LayeredConfiguration } from "../core/configuration-layers";
import { SpecError } from "../core/spec-error";
import type { PolicyContext } from "../policy/container-rules";
import { renderEnvironmentFile } from "./docker-host-plan";
import type { DeployFile } from "./ssm-deploy-document";
import { checkedServiceUnit } from "./checked-service-unit";
import { unitName } from "./systemd-unit";
import type { EnvironmentLayer } from "./systemd-unit";

/** Where a service's configuration layers live on a host: one directory per service, so deploys never share a file. */
export function configurationDirectory(service: string): string {
  return `/etc/cdktf-docker-environments/${service}`;
}

/** A private port, resolved. */
export interface ResolvedPrivatePort {
  readonly name: string;
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: "tcp" | "udp";
}

export interface ServiceOnHostInput {
  /** The spec with the running image. */
  readonly spec: ContainerSpec;
  /** The host's name and address. */
  readonly host: { readonly name: string; readonly privateIp: string };
  /** Configuration layers; undefined for support services, which take none. */
  readonly layers?: LayeredConfiguration;
  /** Published on the host's private address. */
  readonly privatePorts: readonly ResolvedPrivatePort[];
  /** The log driver a support service needs, for specs that choose none. */
  readonly defaultLogging?: Logging;
  /** Extra files (support services' configuration). */
  readonly extraFiles: readonly { readonly path: string; readonly content: string; readonly mode?: string }[];
  readonly policy: PolicyContext;
  readonly where: string;
}

export interface ServiceOnHost {
  readonly settings: ContainerSettings;
  readonly files: DeployFile[];
  /** Each variable's effective value and layer (empty for support services). */
  readonly environment: Record<string, EffectiveVariable>;
}

/**
 * Renders one service for one host: its unit (checked by the container policy) and, for an
 * application service, its three configuration layers as environment files the unit loads in
 * order (cluster, common, local: a later file wins), plus any configuration files.
 */
export function renderServiceOnHost(input: ServiceOnHostInput): ServiceOnHost {
  const { spec, host, where } = input;
  const layerNames = input.layers ? (["cluster", "common", "local"] as const) : [];
  const directory = configurationDirectory(spec.name);
  const layerVariables = new Set(layerNames.flatMap((layer) => Object.keys(input.layers?.[layer] ?? {})));
  for (const name of Object.keys(spec.environment ?? {})) {
    if (layerVariables.has(name)) {
      throw new SpecError(
        where,
        `spec.environment.${name}`,
        name,
        "is also set by a configuration layer, so which value the container sees would depend on argument order",
        "set it in one place: the spec's environment or one of the layers",
      );
    }
  }
  const published: PortMapping[] = input.privatePorts.map((p) => ({
    containerPort: p.containerPort,
    hostPort: p.hostPort,
    hostIp: host.privateIp,
    protocol: p.protocol,
  }));
  const full: ContainerSpec = {
    ...spec,
    logging: spec.logging ?? input.defaultLogging,
    ports: [...(spec.ports ?? []), ...published],
  };
  const layers: EnvironmentLayer[] = layerNames.map((layer) => ({
    name: layer,
    path: `${directory}/${layer}.env`,
    variables: Object.keys(input.layers?.[layer] ?? {}).sort(),
  }));
  const { settings, unit } = checkedServiceUnit(full, { environmentLayers: layers }, input.policy, where);
  const files: DeployFile[] = [{ name: "unit", path: `/etc/systemd/system/${unitName(settings.name)}`, mode: "0644", content: unit }];
  for (const layer of layerNames) {
    const variables = input.layers?.[layer] ?? {};
    files.push({
      name: `${layer}.env`,
      path: `${directory}/${layer}.env`,
      mode: "0640",
      content: renderEnvironmentFile({ name: layer, path: `${directory}/${layer}.env`, variables }, where),
    });
  }
  input.extraFiles.forEach((file, i) => files.push({ name: `file-${i + 1}`, path: file.path, mode: file.mode ?? "0644", content: file.content }));
  return { settings, files, environment: input.layers ? effectiveEnvironment(input.layers) : {} };
}
