import { parseResourceAmount, placementHost } from "../core/host-capacity";
import type { HostAddress } from "../core/host-addressing";
import { placeServices } from "../core/placement";
import type { Placement, PlacementRequest } from "../core/placement";
import { SpecError } from "../core/spec-error";
import type { SupportService, SupportServiceHost } from "../core/support-service";
import type { MinimalEnvironmentProps } from "./minimal-environment-props";

export interface EnvironmentPlacementInput {
  readonly props: MinimalEnvironmentProps;
  /** The hosts' addresses, in props order. */
  readonly addresses: readonly HostAddress[];
  readonly supportServices: readonly SupportService[];
  readonly supportHost: (host: HostAddress) => SupportServiceHost;
  readonly where: string;
}

/**
 * Places a MinimalEnvironment's application services: each host offers its capacity less the
 * system reserve and what its support services request; each service requests its `requests`
 * (by default its limits) and publishes its ports (two services on one host port never share a host).
 */
export function placeEnvironmentServices(input: EnvironmentPlacementInput): Placement {
  const { props, addresses, supportServices, supportHost, where } = input;
  // Capacity: what is left on each host after the system reserve and the support services.
  const reserved = parseResourceAmount(props.systemReserved, { memory: "512m", cpus: 0.25 }, where, "systemReserved");
  const placementHosts = addresses.map((address, i) =>
    placementHost(
      {
        name: address.name,
        instanceType: props.hosts[i].instanceType ?? "t3.medium",
        capacity: props.hosts[i].capacity,
        labels: props.hosts[i].labels ?? {},
        systemReserved: reserved,
        support: supportServices
          .filter((s) => typeof s === "function")
          .map((s) => s(supportHost(address)).spec)
          .map((spec) => ({
            name: spec.name,
            ...parseResourceAmount(spec.resources, { memory: "256m", cpus: 1 }, where, `supportServices.${spec.name}.resources`),
          })),
      },
      where,
      `hosts[${i}]`,
    ),
  );
  const requests: PlacementRequest[] = (props.services ?? []).map((service, i) => {
    const limits = parseResourceAmount(service?.spec?.resources, { memory: "256m", cpus: 1 }, where, `services[${i}].spec.resources`);
    const wanted = parseResourceAmount(
      service.requests,
      { memory: service.spec.resources?.memory ?? "256m", cpus: limits.cpus },
      where,
      `services[${i}].requests`,
    );
    if (wanted.memoryBytes > limits.memoryBytes || wanted.cpus > limits.cpus) {
      throw new SpecError(
        where,
        `services[${i}].requests`,
        service.requests,
        "a request above the container's limit could never be used",
        "request at most the spec's resources",
      );
    }
    const ports = [...(service.spec.ports ?? []), ...(service.privatePorts ?? [])].map((p) => `${p.hostPort ?? p.containerPort}/${p.protocol ?? "tcp"}`);
    return { service: service.spec.name, ...wanted, hosts: service.hosts, replicas: service.replicas, constraints: service.constraints, ports };
  });
  return placeServices(placementHosts, requests, props.placement ?? "spread", where);
}
