import { SpecError } from "./spec-error";

/** What a host offers the services placed on it (after the system and support services took their share). */
export interface PlacementHost {
  /** Host name, unique. */
  readonly name: string;
  /** Memory the placed services may request, in bytes. */
  readonly memoryBytes: number;
  /** CPUs the placed services may request. */
  readonly cpus: number;
  /** Labels the constraints match, e.g. `{ zone: "a", disk: "ssd" }`. */
  readonly labels: Readonly<Record<string, string>>;
}

/** One service to place: what each of its containers requests and where it may go. */
export interface PlacementRequest {
  /** Service name, unique. */
  readonly service: string;
  /** Memory one container requests, in bytes. */
  readonly memoryBytes: number;
  /** CPUs one container requests. */
  readonly cpus: number;
  /**
   * Explicit hosts. When given, the strategy does not choose: the service runs on exactly
   * these hosts (and still may not overcommit them). @default chosen by the strategy
   */
  readonly hosts?: readonly string[];
  /** How many hosts run one container each (strategy placement). @default 1 */
  readonly replicas?: number;
  /** Labels a host must carry, all of them, to be chosen. @default {} (any host) */
  readonly constraints?: Readonly<Record<string, string>>;
  /** Host ports it publishes, as `8080/tcp`: two services publishing one port never share a host. @default [] */
  readonly ports?: readonly string[];
}

/**
 * How the strategy chooses among hosts that fit. `spread`: the host with the fewest containers,
 * then the most free memory (services land apart; a host's loss hurts least). `binpack`: the
 * host with the least free memory that still fits, then the least free CPU (fills hosts before
 * using another; keeps large holes for large services).
 */
export type PlacementStrategy = "spread" | "binpack";

export const PLACEMENT_STRATEGIES: readonly PlacementStrategy[] = ["spread", "binpack"];

/** Where every service runs, and what is left on every host. */
export interface Placement {
  /** Service name -> host names, sorted. */
  readonly services: Record<string, string[]>;
  /** Host name -> capacity left after placement. */
  readonly free: Record<string, { readonly memoryBytes: number; readonly cpus: number }>;
}

/** Memory as the messages print it: MiB with one decimal where needed. */
export function formatMiB(bytes: number): string {
  const mib = bytes / 1024 ** 2;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/** CPUs rounded away from binary-float noise (0.1 + 0.2 = 0.3 here). */
function roundCpus(cpus: number): number {
  return Math.round(cpus * 1000) / 1000;
}

/**
 * Places services on hosts, deterministically: the same hosts and requests, in any order, give
 * the same placement. Explicit placements are honoured first; then the strategy places the
 * remaining services, largest request first (memory, then CPU, then name), one container per
 * host per service (a host runs a service at most once: the container is named after it).
 *
 * Refuses, naming every host's free memory and CPUs, when a request does not fit: the sum of
 * the requests on a host never exceeds what it offers.
 */
export function placeServices(hosts: readonly PlacementHost[], requests: readonly PlacementRequest[], strategy: PlacementStrategy, where: string): Placement {
  if (!PLACEMENT_STRATEGIES.includes(strategy)) {
    throw new SpecError(where, "placement", strategy, "not a placement strategy", `use one of ${PLACEMENT_STRATEGIES.join(", ")}`);
  }
  const sortedHosts = [...hosts].sort((a, b) => compare(a.name, b.name));
  const free = new Map<string, Free>(sortedHosts.map((h) => [h.name, { memoryBytes: h.memoryBytes, cpus: h.cpus, containers: 0, ports: new Map() }]));
  const byName = new Map(sortedHosts.map((h) => [h.name, h]));
  const placed: Record<string, string[]> = {};

  const take = (request: PlacementRequest, host: string, field: string) => {
    const left = free.get(host) as Free;
    const clash = (request.ports ?? []).find((port) => left.ports.has(port));
    if (clash !== undefined) {
      throw new SpecError(
        where,
        field,
        host,
        `${request.service} publishes ${clash}, which ${left.ports.get(clash)} publishes on ${host} already`,
        "place one of them elsewhere, or give one another host port",
      );
    }
    if (left.memoryBytes < request.memoryBytes || roundCpus(left.cpus - request.cpus) < 0) {
      throw new SpecError(
        where,
        field,
        host,
        `${request.service} requests ${formatMiB(request.memoryBytes)} and ${roundCpus(request.cpus)} CPUs, more than ${host} has free (free capacity: ${freeCapacity(free)})`,
        "choose another host, lower the service's resources, or use a larger instance type",
      );
    }
    left.memoryBytes -= request.memoryBytes;
    left.cpus = roundCpus(left.cpus - request.cpus);
    left.containers += 1;
    for (const port of request.ports ?? []) left.ports.set(port, request.service);
    (placed[request.service] ??= []).push(host);
  };

  const sortedRequests = [...requests].sort((a, b) => compare(a.service, b.service));
  for (const request of sortedRequests.filter((r) => r.hosts !== undefined)) {
    for (const [i, host] of (request.hosts as readonly string[]).entries()) {
      const field = `services.${request.service}.hosts[${i}]`;
      if (!byName.has(host)) {
        throw new SpecError(where, field, host, "no such host in this environment", `use one of ${sortedHosts.map((h) => h.name).join(", ")}`);
      }
      if ((placed[request.service] ?? []).includes(host)) {
        throw new SpecError(where, field, host, "listed twice: a host runs a service at most once", "list each host once");
      }
      take(request, host, field);
    }
    placed[request.service] ??= [];
  }

  const chosen = sortedRequests
    .filter((r) => r.hosts === undefined)
    .sort((a, b) => b.memoryBytes - a.memoryBytes || b.cpus - a.cpus || compare(a.service, b.service));
  for (const request of chosen) {
    const replicas = request.replicas ?? 1;
    const constraints = Object.entries(request.constraints ?? {}).sort(([a], [b]) => compare(a, b));
    const eligible = sortedHosts.filter((h) => constraints.every(([k, v]) => h.labels[k] === v));
    if (replicas > eligible.length) {
      throw new SpecError(
        where,
        `services.${request.service}.replicas`,
        replicas,
        `only ${eligible.length} host(s) match the constraints ${JSON.stringify(Object.fromEntries(constraints))} (${eligible.map((h) => h.name).join(", ") || "none"}), and a host runs a service at most once`,
        "lower replicas, relax the constraints, or label more hosts",
      );
    }
    placed[request.service] = [];
    for (let replica = 0; replica < replicas; replica++) {
      const fits = eligible.filter((h) => {
        const left = free.get(h.name) as Free;
        return (
          !placed[request.service].includes(h.name) &&
          left.memoryBytes >= request.memoryBytes &&
          roundCpus(left.cpus - request.cpus) >= 0 &&
          !(request.ports ?? []).some((port) => left.ports.has(port))
        );
      });
      if (fits.length === 0) {
        throw new SpecError(
          where,
          `services.${request.service}`,
          { memory: formatMiB(request.memoryBytes), cpus: roundCpus(request.cpus), replica: replica + 1, of: replicas },
          `no host matching the constraints has room for it${request.ports?.length ? ` and its ports ${request.ports.join(", ")} free` : ""} (free capacity: ${freeCapacity(free)})`,
          "lower the service's resources or replicas, add a host, or use larger instance types",
        );
      }
      const best = fits.sort((a, b) => rank(strategy, free.get(a.name)!, free.get(b.name)!, request) || compare(a.name, b.name))[0];
      take(request, best.name, `services.${request.service}`);
    }
  }

  const services = Object.fromEntries(Object.entries(placed).map(([service, names]) => [service, [...names].sort(compare)]));
  const left = Object.fromEntries([...free].map(([name, f]) => [name, { memoryBytes: f.memoryBytes, cpus: f.cpus }]));
  return { services, free: left };
}

type Free = { memoryBytes: number; cpus: number; containers: number; ports: Map<string, string> };

function rank(strategy: PlacementStrategy, a: Free, b: Free, request: PlacementRequest): number {
  if (strategy === "spread") return a.containers - b.containers || b.memoryBytes - a.memoryBytes || b.cpus - a.cpus;
  return a.memoryBytes - request.memoryBytes - (b.memoryBytes - request.memoryBytes) || a.cpus - b.cpus;
}

function freeCapacity(free: Map<string, Free>): string {
  return [...free].map(([name, f]) => `${name}: ${formatMiB(f.memoryBytes)}, ${roundCpus(f.cpus)} CPUs`).join("; ");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
