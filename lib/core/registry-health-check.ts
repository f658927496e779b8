import { SpecError } from "./spec-error";

/**
 * The health check of a load balancer target group in front of registry replicas, in the
 * field names of the AWS provider's `aws_lb_target_group.health_check` block.
 */
export interface RegistryTargetGroupHealthCheck {
  readonly enabled: true;
  readonly protocol: "HTTP" | "HTTPS";
  /** `/v2/`: the API root every Docker client calls first. */
  readonly path: "/v2/";
  readonly port: "traffic-port";
  /**
   * `200,401`: with authentication on, `/v2/` answers 401 to an anonymous probe, which proves
   * the replica is up and refusing strangers; 200 when auth is off. A replica whose storage
   * driver fails its health check answers 503 and is taken out.
   */
  readonly matcher: "200,401";
  readonly interval: number;
  readonly timeout: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export interface RegistryHealthCheckOptions {
  /** HTTPS when the replicas serve TLS themselves (http.tls); HTTP behind a TLS-terminating load balancer. @default "HTTP" */
  readonly protocol?: "HTTP" | "HTTPS";
  /** Seconds between checks. @default 15 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 2 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
  /** @default "registry-health-check" */
  readonly where?: string;
}

/** A pure description of the target group health check for registry replicas (used by the registry construct). */
export function registryTargetGroupHealthCheck(options: RegistryHealthCheckOptions = {}): RegistryTargetGroupHealthCheck {
  const where = options.where ?? "registry-health-check";
  const protocol = options.protocol ?? "HTTP";
  if (protocol !== "HTTP" && protocol !== "HTTPS") throw new SpecError(where, "protocol", protocol, "not a target group protocol", 'use "HTTP" or "HTTPS"');
  const interval = options.intervalSeconds ?? 15;
  const timeout = options.timeoutSeconds ?? 5;
  const checks: [string, number, number, number][] = [
    ["intervalSeconds", interval, 5, 300],
    ["timeoutSeconds", timeout, 2, 120],
    ["healthyThreshold", options.healthyThreshold ?? 2, 2, 10],
    ["unhealthyThreshold", options.unhealthyThreshold ?? 3, 2, 10],
  ];
  for (const [field, value, min, max] of checks) {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new SpecError(where, field, value, `not a whole number from ${min} to ${max} (the target group's limits)`, `use ${min}`);
  }
  if (timeout >= interval)
    throw new SpecError(where, "timeoutSeconds", timeout, `must be shorter than the interval (${interval}s)`, `use at most ${interval - 1}`);
  return {
    enabled: true,
    protocol,
    path: "/v2/",
    port: "traffic-port",
    matcher: "200,401",
    interval,
    timeout,
    healthyThreshold: checks[2][1],
    unhealthyThreshold: checks[3][1],
  };
}
