import { SpecErrors } from "./spec-error";

/** How many hosts the fleet runs. */
export interface FleetCapacity {
  /** Fewest hosts. Below the number of zones, a zone has no host. @default 2 */
  readonly minSize?: number;
  /** Most hosts (scaling never goes past it). @default 4 */
  readonly maxSize?: number;
  /** Hosts at creation; with a scaling policy the policy moves it afterwards (Terraform then ignores it). @default minSize */
  readonly desiredCapacity?: number;
}

/** Target tracking: the group adds and removes hosts to hold a metric at a target. */
export interface FleetScaling {
  /** Average CPU utilization of the group, in percent (1-100). @default no CPU policy */
  readonly cpuUtilizationPercent?: number;
  /** Requests per host per minute, as the load balancer counts them (ALBRequestCountPerTarget). @default no request policy */
  readonly requestsPerTarget?: number;
}

/**
 * The health-gated rolling deploy: an ASG instance refresh started by every change of the
 * launch template (a new release, a new AMI, new host settings).
 */
export interface FleetDeployment {
  /** Share of the desired capacity that must stay in service and healthy while hosts are replaced (0-100). @default 100 */
  readonly minHealthyPercentage?: number;
  /** Share of the desired capacity the group may grow to while replacing (100-200; at most 100 above the minimum). @default 150 */
  readonly maxHealthyPercentage?: number;
  /**
   * Percentages of the fleet replaced before each pause, ascending and ending at 100. The pause
   * lets the rollback alarms judge the new release on part of the traffic before the rest moves.
   * @default [50, 100]
   */
  readonly checkpointPercentages?: number[];
  /** Seconds to wait at each checkpoint (0 to 172800). @default 300 */
  readonly checkpointDelaySeconds?: number;
  /** Seconds after a new host is in service before the refresh counts it and moves on. @default 120 */
  readonly instanceWarmupSeconds?: number;
  /**
   * Seconds a new host has before failed ELB health checks make the group replace it: the boot
   * installs the engine and pulls the image. @default 600
   */
  readonly healthCheckGracePeriodSeconds?: number;
}

export interface FleetSettings {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  readonly scaling: { readonly cpuUtilizationPercent?: number; readonly requestsPerTarget?: number };
  readonly deployment: Required<FleetDeployment>;
  /** Problems worth a synth warning that are not errors. */
  readonly warnings: string[];
}

function integer(errors: SpecErrors, field: string, value: unknown, min: number, max: number, fix: string): value is number {
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return true;
  errors.add(field, value, `not a whole number from ${min} to ${max}`, fix);
  return false;
}

/** Applies the defaults and checks capacity, scaling and deployment together (they constrain each other). */
export function resolveFleetSettings(
  capacity: FleetCapacity = {},
  scaling: FleetScaling = {},
  deployment: FleetDeployment = {},
  zoneCount: number,
  where: string,
): FleetSettings {
  const errors = new SpecErrors(where);
  const warnings: string[] = [];
  const minSize = capacity.minSize ?? 2;
  const maxSize = capacity.maxSize ?? Math.max(4, minSize);
  const desiredCapacity = capacity.desiredCapacity ?? minSize;
  const sizesOk = [
    integer(errors, "capacity.minSize", minSize, 1, 1000, "use at least 1 (2 or more, one per zone, to survive a zone outage)"),
    integer(errors, "capacity.maxSize", maxSize, 1, 1000, "use e.g. 4"),
    integer(errors, "capacity.desiredCapacity", desiredCapacity, 1, 1000, "use a number between minSize and maxSize"),
  ].every(Boolean);
  if (sizesOk && minSize > maxSize) {
    errors.add(
      "capacity.minSize",
      minSize,
      `is above maxSize (${maxSize}): the bounds are inverted`,
      `set minSize <= maxSize, e.g. minSize ${maxSize} or maxSize ${minSize}`,
    );
  } else if (sizesOk && (desiredCapacity < minSize || desiredCapacity > maxSize)) {
    errors.add(
      "capacity.desiredCapacity",
      desiredCapacity,
      `is outside the bounds ${minSize}..${maxSize}`,
      "choose a desired capacity between minSize and maxSize, or leave it out",
    );
  }
  if (sizesOk && minSize < zoneCount) {
    warnings.push(`capacity.minSize ${minSize} is below the ${zoneCount} availability zones: a zone outage can take the whole fleet down`);
  }

  if (scaling.cpuUtilizationPercent !== undefined) {
    integer(errors, "scaling.cpuUtilizationPercent", scaling.cpuUtilizationPercent, 1, 100, "use a target such as 60");
  }
  if (scaling.requestsPerTarget !== undefined) {
    integer(errors, "scaling.requestsPerTarget", scaling.requestsPerTarget, 1, 1_000_000, "use the requests per minute one host serves comfortably, e.g. 1000");
  }
  if (sizesOk && (scaling.cpuUtilizationPercent !== undefined || scaling.requestsPerTarget !== undefined) && minSize === maxSize) {
    errors.add("scaling", scaling, `minSize and maxSize are both ${minSize}, so a scaling policy has nothing to scale`, "raise maxSize or remove scaling");
  }

  const d = {
    minHealthyPercentage: deployment.minHealthyPercentage ?? 100,
    maxHealthyPercentage: deployment.maxHealthyPercentage ?? 150,
    checkpointPercentages: deployment.checkpointPercentages ?? [50, 100],
    checkpointDelaySeconds: deployment.checkpointDelaySeconds ?? 300,
    instanceWarmupSeconds: deployment.instanceWarmupSeconds ?? 120,
    healthCheckGracePeriodSeconds: deployment.healthCheckGracePeriodSeconds ?? 600,
  };
  const minOk = integer(
    errors,
    "deployment.minHealthyPercentage",
    d.minHealthyPercentage,
    0,
    100,
    "use 100 to keep full capacity serving during a deploy (new hosts start before old ones stop)",
  );
  const maxOk = integer(errors, "deployment.maxHealthyPercentage", d.maxHealthyPercentage, 100, 200, "use 150 or 200");
  if (minOk && maxOk && d.maxHealthyPercentage - d.minHealthyPercentage > 100) {
    errors.add(
      "deployment.maxHealthyPercentage",
      d.maxHealthyPercentage,
      `is more than 100 above minHealthyPercentage (${d.minHealthyPercentage}), which EC2 Auto Scaling refuses`,
      `use at most ${d.minHealthyPercentage + 100}`,
    );
  }
  if (minOk && maxOk && d.minHealthyPercentage === 100 && d.maxHealthyPercentage === 100) {
    errors.add(
      "deployment.maxHealthyPercentage",
      100,
      "with minHealthyPercentage 100 the refresh can neither stop an old host nor start a new one, so it never makes progress",
      "raise maxHealthyPercentage (e.g. 150) or lower minHealthyPercentage",
    );
  }
  const points = d.checkpointPercentages;
  if (!Array.isArray(points) || points.length === 0 || points.some((p) => !Number.isInteger(p) || p < 1 || p > 100)) {
    errors.add("deployment.checkpointPercentages", points, "not a list of whole percentages from 1 to 100", "use e.g. [50, 100]");
  } else if (points.some((p, i) => i > 0 && p <= points[i - 1])) {
    errors.add("deployment.checkpointPercentages", points, "not strictly ascending", "list each checkpoint once, smallest first, e.g. [25, 50, 100]");
  } else if (points[points.length - 1] !== 100) {
    errors.add(
      "deployment.checkpointPercentages",
      points,
      "does not end at 100, so a refresh would stop with part of the fleet on the old release and part on the new",
      `end the list with 100, e.g. [${[...points, 100].join(", ")}]`,
    );
  }
  integer(errors, "deployment.checkpointDelaySeconds", d.checkpointDelaySeconds, 0, 172800, "use e.g. 300: long enough for the alarms to evaluate");
  integer(errors, "deployment.instanceWarmupSeconds", d.instanceWarmupSeconds, 0, 3600, "use e.g. 120");
  integer(
    errors,
    "deployment.healthCheckGracePeriodSeconds",
    d.healthCheckGracePeriodSeconds,
    0,
    7200,
    "use e.g. 600: the boot installs the engine and pulls the image",
  );
  errors.throwIfAny();
  return {
    minSize,
    maxSize,
    desiredCapacity,
    scaling: { cpuUtilizationPercent: scaling.cpuUtilizationPercent, requestsPerTarget: scaling.requestsPerTarget },
    deployment: { ...d, checkpointPercentages: [...points] },
    warnings,
  };
}
