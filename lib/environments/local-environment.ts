import { Aspects } from "cdktf";
import { Construct } from "constructs";
import type { ContainerSpec } from "../core/container-spec";
import { DOCKER_OBJECT_NAME } from "../core/quantities";
import { isWildcard } from "../core/resolve-container";
import { SpecError } from "../core/spec-error";
import { HardenedContainer } from "../constructs/hardened-container";
import { ContainerPolicyAspect } from "../policy/container-policy-aspect";
import type { PolicyContext } from "../policy/container-rules";
import { DockerNetwork, DockerVolume } from "../providers/docker";

/** A service of a local environment: the shared model, plus an optional local build. */
export interface LocalServiceProps extends ContainerSpec {
  /**
   * Build the image from a local context (a directory with a Dockerfile); `image` names the tag.
   * @default pull `image`
   */
  readonly build?: { readonly context: string; readonly dockerfile?: string };
}

export interface LocalEnvironmentProps {
  /** The services, each a hardened container. Names must be unique. */
  readonly services: LocalServiceProps[];
  /**
   * Name of the environment's user-defined bridge network (never the default bridge).
   * Every service joins it with its name as a DNS alias.
   * @default the construct id
   */
  readonly networkName?: string;
  /**
   * Keep inter-container traffic on the network's bridge off the host's external interfaces:
   * an internal network has no route out. Services that call out need it false.
   * @default false
   */
  readonly internalNetwork?: boolean;
  /**
   * Policy context for every service.
   * @default {} (tags allowed; `latest` and untagged images refused)
   */
  readonly policy?: PolicyContext;
}

/**
 * The services of an environment on a local Docker engine through the Docker provider:
 * one user-defined network, named volumes created for the volume mounts, images by reference
 * (or built locally), hardened containers with ports on 127.0.0.1 unless said otherwise.
 * Deploys with `cdktf deploy` and no cloud account.
 */
export class LocalEnvironment extends Construct {
  public readonly network: DockerNetwork;
  /** Named volumes by name. */
  public readonly volumes: Record<string, DockerVolume> = {};
  /** Services by name. */
  public readonly services: Record<string, HardenedContainer> = {};

  constructor(scope: Construct, id: string, props: LocalEnvironmentProps) {
    super(scope, id);
    const networkName = props.networkName ?? id;
    if (!DOCKER_OBJECT_NAME.test(networkName)) {
      throw new SpecError(this.node.path, "networkName", networkName, "not a valid Docker network name", "use letters, digits, '_', '.', '-'");
    }
    if (!Array.isArray(props.services) || props.services.length === 0) {
      throw new SpecError(this.node.path, "services", props.services, "an environment needs at least one service", "pass services: [{ name, image, ... }]");
    }
    checkUniqueness(this.node.path, props.services);

    this.network = new DockerNetwork(this, "network", {
      name: networkName,
      driver: "bridge",
      internal: props.internalNetwork ?? false,
      labels: [{ label: "io.cdktf-docker-environments.environment", value: id }],
    });

    const volumeNames: Record<string, string> = {};
    for (const service of props.services) {
      for (const mount of service.mounts ?? []) {
        if (mount?.type !== "volume" || this.volumes[mount.source] || !DOCKER_OBJECT_NAME.test(String(mount.source))) continue;
        this.volumes[mount.source] = new DockerVolume(this, `volume-${mount.source}`, {
          name: mount.source,
          labels: [{ label: "io.cdktf-docker-environments.environment", value: id }],
        });
        volumeNames[mount.source] = this.volumes[mount.source].name;
      }
    }

    props.services.forEach((service, i) => {
      const { build, ...spec } = service;
      if (spec.networks !== undefined) {
        throw new SpecError(
          `${this.node.path}/services[${i}]`,
          "networks",
          spec.networks,
          "LocalEnvironment attaches every service to its own network",
          "remove networks; services reach each other by service name",
        );
      }
      this.services[spec.name] = new HardenedContainer(this, spec.name, {
        // A service on the host network (an excepted CIS-5.10) cannot also join the environment's network.
        spec: { ...spec, networks: spec.security?.hostNamespaces?.includes("network") ? [] : [{ name: networkName, aliases: [spec.name] }] },
        build,
        networkNames: { [networkName]: this.network.name },
        volumeNames,
        policy: props.policy,
      });
    });

    Aspects.of(this).add(new ContainerPolicyAspect(props.policy));
  }
}

function checkUniqueness(where: string, services: LocalServiceProps[]): void {
  const names = new Map<string, number>();
  // Host ports of the services before this one; a clash within one service is resolveContainer's to report.
  const published: { key: string; hostIp: string; owner: string }[] = [];
  services.forEach((service, i) => {
    if (names.has(service?.name)) {
      throw new SpecError(
        `${where}/services[${i}]`,
        "name",
        service.name,
        `the service name is already used by services[${names.get(service.name)}]`,
        "give every service a unique name",
      );
    }
    names.set(service?.name, i);
    const own: typeof published = [];
    for (const port of service?.ports ?? []) {
      const key = `${port?.hostPort ?? port?.containerPort}/${port?.protocol ?? "tcp"}`;
      const hostIp = port?.hostIp ?? "127.0.0.1";
      const clash = published.find((p) => p.key === key && (p.hostIp === hostIp || isWildcard(p.hostIp) || isWildcard(hostIp)));
      if (clash !== undefined) {
        throw new SpecError(
          `${where}/services[${i}]`,
          "ports",
          key,
          `host port ${key} is already published by the service ${clash.owner}`,
          "use another hostPort",
        );
      }
      own.push({ key, hostIp, owner: service.name });
    }
    published.push(...own);
  });
}
