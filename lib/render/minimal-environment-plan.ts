import { checkConfigurationLayer } from "../core/configuration-layers";
import type { EffectiveVariable } from "../core/configuration-layers";
import type { ContainerSettings } from "../core/container-settings";
import { DaemonConfig } from "../core/daemon-config";
import { checkServicesAgainstDaemon } from "../core/daemon-services";
import type { HostAddress } from "../core/host-addressing";
import { resolveReleaseHistory } from "../core/release-history";
import type { ReleaseHistory } from "../core/release-history";
import type { SecretReference } from "../core/secret-reference";
import { SpecError, SpecErrors } from "../core/spec-error";
import { SERVICE_NAME } from "../core/quantities";
import type { SupportService, SupportServiceHost } from "../core/support-service";
import type { PolicyContext } from "../policy/container-rules";
import type { MinimalServiceProps } from "../environments/minimal-environment-props";
import { renderServiceOnHost } from "./minimal-service-files";
import type { ResolvedPrivatePort } from "./minimal-service-files";
import { renderServiceDeployment } from "./ssm-deploy-document";
import type { DeployFile, RenderedDeployment } from "./ssm-deploy-document";

/** One service of the environment, rendered for every host that runs it. */
export interface PlannedService {
  readonly name: string;
  readonly kind: "application" | "support";
  /** Hosts that run it, sorted. */
  readonly hosts: string[];
  /** Release history (application services). */
  readonly releases?: ReleaseHistory;
  readonly image: string;
  readonly privatePorts: ResolvedPrivatePort[];
  /** Per host: the files the deploy installs. */
  readonly files: Record<string, DeployFile[]>;
  /** Per host: the resolved settings. */
  readonly settings: Record<string, ContainerSettings>;
  /** Per host: each variable's effective value and layer. */
  readonly environment: Record<string, Record<string, EffectiveVariable>>;
  /** Secret references (fetched on the host by the unit). */
  readonly secrets: SecretReference[];
  readonly deployment: RenderedDeployment;
  readonly description: string;
  /** Ports every host must reach every other host on (support services' clusters). */
  readonly peerPorts: readonly { readonly port: number; readonly protocol: "tcp" | "udp"; readonly purpose: string }[];
}

export interface ServicesPlanInput {
  readonly environmentName: string;
  readonly hosts: readonly (HostAddress & { readonly localConfiguration: Record<string, string> })[];
  readonly services: readonly MinimalServiceProps[];
  /** Service name -> hosts, from placement. */
  readonly placement: Record<string, string[]>;
  readonly clusterConfiguration: Record<string, string>;
  readonly supportServices: readonly SupportService[];
  readonly supportHost: (host: HostAddress) => SupportServiceHost;
  readonly daemon: DaemonConfig;
  readonly policy: PolicyContext;
  readonly releaseHistoryLimit: number;
  readonly healthTimeoutSeconds: number;
  readonly where: string;
}

/** Renders every application and support service for every host, and checks each host's services against its daemon. */
export function planServices(input: ServicesPlanInput): PlannedService[] {
  const { where } = input;
  const errors = new SpecErrors(where);
  checkConfigurationLayer(errors, "clusterConfiguration", input.clusterConfiguration);
  input.hosts.forEach((host, i) => checkConfigurationLayer(errors, `hosts[${i}].localConfiguration`, host.localConfiguration));
  input.services.forEach((service, i) => checkConfigurationLayer(errors, `services[${i}].commonConfiguration`, service.commonConfiguration));
  errors.throwIfAny();

  const planned: PlannedService[] = [];
  for (const [i, service] of input.services.entries()) {
    const name = service.spec.name;
    const serviceWhere = `${where}/services/${name}`;
    const releases = resolveReleaseHistory(
      { image: service.spec.image, releases: service.releases, rollbackTo: service.rollbackTo, limit: input.releaseHistoryLimit },
      serviceWhere,
    );
    const privatePorts = resolvePrivatePorts(service, `${where}: services[${i}]`);
    const hosts = input.placement[name] ?? [];
    const files: Record<string, DeployFile[]> = {};
    const settings: Record<string, ContainerSettings> = {};
    const environment: Record<string, Record<string, EffectiveVariable>> = {};
    for (const hostName of hosts) {
      const host = input.hosts.find((h) => h.name === hostName) as (typeof input.hosts)[number];
      const rendered = renderServiceOnHost({
        spec: { ...service.spec, image: releases.running },
        host,
        layers: { cluster: input.clusterConfiguration, common: service.commonConfiguration ?? {}, local: host.localConfiguration },
        privatePorts,
        defaultLogging: defaultLogging(input, host),
        extraFiles: [],
        policy: input.policy,
        where: `${serviceWhere} on ${hostName}`,
      });
      files[hostName] = rendered.files;
      settings[hostName] = rendered.settings;
      environment[hostName] = rendered.environment;
    }
    planned.push(
      finish(
        input,
        { name, kind: "application", hosts, releases, image: releases.running, privatePorts, files, settings, environment, peerPorts: [] },
        service.spec.secrets,
      ),
    );
  }

  // Support services: every host runs each; rendered per host (they may use its name and address).
  for (const [index, support] of input.supportServices.entries()) {
    const files: Record<string, DeployFile[]> = {};
    const settings: Record<string, ContainerSettings> = {};
    let name = "";
    let image = "";
    let description = "";
    let peerPorts: PlannedService["peerPorts"] = [];
    if (typeof support !== "function") {
      throw new SpecError(
        where,
        `supportServices[${index}]`,
        support,
        "not a support service",
        "pass SupportServices.fluentBit(), ... or a function (host) => ({ spec, files, description })",
      );
    }
    for (const host of input.hosts) {
      const definition = support(input.supportHost(host));
      name = definition?.spec?.name;
      image = definition?.spec?.image;
      description = definition?.description ?? name;
      peerPorts = definition?.peerPorts ?? [];
      const rendered = renderServiceOnHost({
        spec: definition.spec,
        host,
        privatePorts: [],
        extraFiles: definition.files ?? [],
        policy: input.policy,
        where: `${where}/support-services/${name} on ${host.name}`,
      });
      files[host.name] = rendered.files;
      settings[host.name] = rendered.settings;
    }
    const hosts = input.hosts.map((h) => h.name).sort();
    planned.push({
      ...finish(input, { name, kind: "support", hosts, image, privatePorts: [], files, settings, environment: {}, peerPorts }, {}),
      description,
    });
  }

  checkNames(planned, input, where);
  for (const host of input.hosts) {
    const onHost = planned.filter((s) => s.settings[host.name]).map((s) => s.settings[host.name]);
    checkServicesAgainstDaemon(input.daemon, onHost, `${where}/hosts/${host.name}`);
  }
  return planned;
}

function defaultLogging(input: ServicesPlanInput, host: HostAddress) {
  for (const support of input.supportServices) {
    if (typeof support !== "function") continue;
    const logging = support(input.supportHost(host)).applicationLogging;
    if (logging) return logging;
  }
  return undefined;
}

function finish(
  input: ServicesPlanInput,
  partial: Omit<PlannedService, "secrets" | "deployment" | "description">,
  secrets: Record<string, SecretReference> | undefined,
): PlannedService {
  const description = `Deploys ${partial.name} of the ${input.environmentName} environment in place, one host at a time, rolling back on a failed health check`;
  const deployment = renderServiceDeployment({
    service: partial.name,
    image: Object.values(partial.settings)[0]?.image ?? partial.image,
    hosts: partial.files,
    healthTimeoutSeconds: input.healthTimeoutSeconds,
    description,
    where: `${input.where}/services/${partial.name}`,
  });
  return { ...partial, secrets: Object.values(secrets ?? {}).filter((ref) => ref.kind !== "host-file"), deployment, description };
}

function resolvePrivatePorts(service: MinimalServiceProps, where: string): ResolvedPrivatePort[] {
  const errors = new SpecErrors(where);
  const ports = (service.privatePorts ?? []).map((port, i) => {
    const field = `privatePorts[${i}]`;
    if (!/^[a-z][a-z0-9-]{0,14}$/.test(port?.name ?? "")) {
      errors.add(
        `${field}.name`,
        port?.name,
        "not an SRV service label",
        'use up to 15 lowercase letters, digits and "-", starting with a letter, e.g. "http"',
      );
    }
    const hostPort = port?.hostPort ?? port?.containerPort;
    for (const [key, value] of [
      ["containerPort", port?.containerPort],
      ["hostPort", hostPort],
    ] as const) {
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535)
        errors.add(`${field}.${key}`, value, "not a port number", "use 1 to 65535");
    }
    const protocol = port?.protocol ?? "tcp";
    if (protocol !== "tcp" && protocol !== "udp") errors.add(`${field}.protocol`, protocol, "not a protocol", 'use "tcp" or "udp"');
    return { name: port?.name, containerPort: port?.containerPort, hostPort: hostPort as number, protocol };
  });
  errors.throwIfAny();
  return ports;
}

function checkNames(planned: PlannedService[], input: ServicesPlanInput, where: string): void {
  const seen = new Map<string, string>();
  const hostNames = new Set(input.hosts.map((h) => h.name));
  for (const service of planned) {
    const field = service.kind === "application" ? "services" : "supportServices";
    if (!SERVICE_NAME.test(service.name)) continue; // resolveContainer has refused it already
    const other = seen.get(service.name);
    if (other !== undefined) {
      throw new SpecError(
        where,
        `${field}.${service.name}`,
        service.name,
        `the name is taken by another ${other} service`,
        "give every service, support services included, its own name",
      );
    }
    if (hostNames.has(service.name)) {
      throw new SpecError(
        where,
        `${field}.${service.name}`,
        service.name,
        "a host has the same name, and both are named in the private zone",
        "rename the service or the host",
      );
    }
    seen.set(service.name, service.kind);
  }
}
