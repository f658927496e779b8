import { instanceTypeCapacity, KNOWN_INSTANCE_TYPES } from "./instance-capacity";
import type { PlacementHost } from "./placement";
import { formatMiB } from "./placement";
import { parseByteSize } from "./quantities";
import { SpecError } from "./spec-error";

/** Memory and CPUs, as given in props. */
export interface ResourceAmount {
  readonly memory?: string;
  readonly cpus?: number;
}

/** Parses a memory/CPU pair, with defaults, refusing nonsense. */
export function parseResourceAmount(
  amount: ResourceAmount | undefined,
  defaults: { memory: string; cpus: number },
  where: string,
  field: string,
): { memoryBytes: number; cpus: number } {
  const memoryText = amount?.memory ?? defaults.memory;
  const memoryBytes = parseByteSize(memoryText);
  if (memoryBytes === undefined) throw new SpecError(where, `${field}.memory`, memoryText, "not a memory size", 'write it like "512m" or "2g"');
  const cpus = amount?.cpus ?? defaults.cpus;
  if (typeof cpus !== "number" || !Number.isFinite(cpus) || cpus < 0) throw new SpecError(where, `${field}.cpus`, cpus, "not a number of CPUs", "use e.g. 0.5");
  return { memoryBytes, cpus };
}

export interface HostCapacityInput {
  readonly name: string;
  readonly instanceType: string;
  readonly capacity?: { readonly memory: string; readonly cpus: number };
  readonly labels: Readonly<Record<string, string>>;
  /** Kept for the OS and the engine. */
  readonly systemReserved: { readonly memoryBytes: number; readonly cpus: number };
  /** What the support services on the host request. */
  readonly support: readonly { readonly name: string; readonly memoryBytes: number; readonly cpus: number }[];
}

/**
 * What a host offers application services: its instance type's (or the given) memory and CPUs,
 * less the system reserve and the support services. Refuses a host the reserve and the support
 * services alone overcommit.
 */
export function placementHost(input: HostCapacityInput, where: string, field: string): PlacementHost {
  const total = input.capacity
    ? parseResourceAmount(input.capacity, { memory: "0", cpus: 0 }, where, `${field}.capacity`)
    : instanceTypeCapacity(input.instanceType);
  if (total === undefined) {
    throw new SpecError(
      where,
      `${field}.instanceType`,
      input.instanceType,
      "its memory and vCPUs are not in this library's table, so placement cannot check it",
      `give capacity: { memory: "8g", cpus: 2 } for this host, or use one of ${KNOWN_INSTANCE_TYPES.join(", ")}`,
    );
  }
  const used = [{ name: "system reserve", ...input.systemReserved }, ...input.support];
  const memoryBytes = total.memoryBytes - used.reduce((sum, u) => sum + u.memoryBytes, 0);
  const cpus = Math.round((total.cpus - used.reduce((sum, u) => sum + u.cpus, 0)) * 1000) / 1000;
  if (memoryBytes < 0 || cpus < 0) {
    throw new SpecError(
      where,
      field,
      input.name,
      `${formatMiB(total.memoryBytes)} and ${total.cpus} CPUs do not even hold ${used.map((u) => `${u.name} (${formatMiB(u.memoryBytes)}, ${u.cpus} CPUs)`).join(", ")}`,
      "use a larger instance type, or lower the system reserve or the support services' resources",
    );
  }
  return { name: input.name, memoryBytes, cpus, labels: input.labels };
}
