import { SpecErrors } from "./spec-error";

/** The health check that decides which hosts get traffic (and, through the ASG's ELB health check, which are replaced). */
export interface TargetHealthCheck {
  /** The HTTP path probed on each host's service port: starts with `/`, no query string. @default "/healthz" */
  readonly path?: string;
  /** Status codes that mean healthy: one code (`200`), a list (`200,204`) or a range (`200-299`), each 200-499. @default "200" */
  readonly matcher?: string;
  /** Seconds between probes (5-300). @default 15 */
  readonly intervalSeconds?: number;
  /** Seconds before a probe counts as failed (2-120, below the interval). @default 5 */
  readonly timeoutSeconds?: number;
  /** Consecutive successes before a host gets traffic (2-10). @default 2 */
  readonly healthyThreshold?: number;
  /** Consecutive failures before a host loses traffic (2-10). @default 3 */
  readonly unhealthyThreshold?: number;
}

/** The load balancer in front of the fleet. */
export interface WebLoadBalancerOptions {
  /**
   * The ACM certificate of the HTTPS listener (`arn:aws:acm:<region>:<account>:certificate/<id>`).
   * Required: the load balancer serves HTTPS only (port 80 redirects).
   */
  readonly certificateArn: string;
  /**
   * The listener's security policy: a `ELBSecurityPolicy-TLS13-1-2-*` or `-TLS13-1-3-*` policy
   * (TLS 1.3, and TLS 1.2 at most). @default "ELBSecurityPolicy-TLS13-1-2-2021-06"
   */
  readonly sslPolicy?: string;
  /** An internal load balancer in the private subnets instead of an internet-facing one in the public subnets. @default false */
  readonly internal?: boolean;
  /** Who may connect (IPv4 CIDRs; IPv6 `::/0` is added for a dual-stack network when this is left out). @default ["0.0.0.0/0"] */
  readonly allowedCidrs?: string[];
  /** Seconds an idle connection stays open (1-4000). @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** The target group's health check. @default GET /healthz, 200, every 15 s, 2 up / 3 down */
  readonly healthCheck?: TargetHealthCheck;
  /** Seconds a host being removed keeps serving its open requests (0-3600). @default 60 */
  readonly deregistrationDelaySeconds?: number;
  /** Seconds a new host's share of requests ramps up over (0 for off, or 30-900). @default 0 */
  readonly slowStartSeconds?: number;
  /**
   * Deletion protection (checkov CKV_AWS_150). Turning it off needs the exception
   * `DELETION-PROTECTION-OFF` with the reason. @default true
   */
  readonly deletionProtection?: boolean;
  /** Days the access logs are kept in their bucket. @default 365 */
  readonly accessLogRetentionDays?: number;
}

export interface WebLoadBalancerSettings {
  readonly certificateArn: string;
  readonly sslPolicy: string;
  readonly internal: boolean;
  /** The allowed IPv4 blocks. @default undefined: everyone (0.0.0.0/0, and ::/0 on a dual-stack network) */
  readonly allowedCidrs?: string[];
  readonly idleTimeoutSeconds: number;
  readonly healthCheck: Required<TargetHealthCheck>;
  readonly deregistrationDelaySeconds: number;
  readonly slowStartSeconds: number;
  readonly deletionProtection: boolean;
  readonly accessLogRetentionDays: number;
}

export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const TLS13_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-[A-Za-z0-9-]+$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const HEALTH_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function integer(errors: SpecErrors, field: string, value: unknown, min: number, max: number, fix: string): boolean {
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return true;
  errors.add(field, value, `not a whole number from ${min} to ${max}`, fix);
  return false;
}

/** An HTTP matcher as an ALB target group takes it: codes 200-499, a comma list or one range. */
function checkMatcher(matcher: string, errors: SpecErrors): void {
  const code = (c: string) => /^\d{3}$/.test(c) && Number(c) >= 200 && Number(c) <= 499;
  const range = /^(\d{3})-(\d{3})$/.exec(matcher);
  const ok = typeof matcher === "string" && (range ? code(range[1]) && code(range[2]) && Number(range[1]) < Number(range[2]) : matcher.split(",").every(code));
  if (!ok)
    errors.add("loadBalancer.healthCheck.matcher", matcher, "not HTTP codes 200-499 (one, a comma list, or a range)", 'use "200", "200,204" or "200-299"');
}

/**
 * Applies the defaults and checks the load balancer options. `isReference` tells Terraform
 * references (an ARN from a variable or a resource) from literals, which are checked.
 */
export function resolveWebLoadBalancerSettings(options: WebLoadBalancerOptions, where: string, isReference: (v: string) => boolean): WebLoadBalancerSettings {
  const errors = new SpecErrors(where);
  const certificateArn = options?.certificateArn;
  if (typeof certificateArn !== "string" || certificateArn.trim() === "") {
    errors.add(
      "loadBalancer.certificateArn",
      certificateArn,
      "an HTTPS listener needs a certificate, and the load balancer serves HTTPS only",
      "request or import a certificate in ACM (in the load balancer's region) and pass its ARN",
    );
  } else if (!isReference(certificateArn) && !ACM_ARN.test(certificateArn)) {
    errors.add("loadBalancer.certificateArn", certificateArn, "not an ACM certificate ARN", "use arn:aws:acm:<region>:<account>:certificate/<id>");
  }
  const sslPolicy = options?.sslPolicy ?? DEFAULT_SSL_POLICY;
  if (!TLS13_POLICY.test(sslPolicy)) {
    errors.add(
      "loadBalancer.sslPolicy",
      sslPolicy,
      "not a TLS 1.3 security policy with TLS 1.2 as the oldest protocol (checkov CKV_AWS_103)",
      `use ${DEFAULT_SSL_POLICY}, ELBSecurityPolicy-TLS13-1-3-2021-06 or another ELBSecurityPolicy-TLS13-1-2-*/1-3-* policy`,
    );
  }
  const allowedCidrs = options?.allowedCidrs;
  if (allowedCidrs !== undefined) {
    if (!Array.isArray(allowedCidrs) || allowedCidrs.length === 0) {
      errors.add(
        "loadBalancer.allowedCidrs",
        allowedCidrs,
        "an empty list would let nobody in",
        'list IPv4 blocks, e.g. ["203.0.113.0/24"], or leave it out for everyone',
      );
    } else {
      allowedCidrs.forEach((cidr, i) => {
        const m = IPV4_CIDR.exec(cidr);
        if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
          errors.add(`loadBalancer.allowedCidrs[${i}]`, cidr, "not an IPv4 CIDR block", "use e.g. 203.0.113.0/24");
        }
      });
    }
  }
  const idleTimeoutSeconds = options?.idleTimeoutSeconds ?? 60;
  integer(errors, "loadBalancer.idleTimeoutSeconds", idleTimeoutSeconds, 1, 4000, "use e.g. 60");

  const h = options?.healthCheck ?? {};
  const healthCheck = {
    path: h.path ?? "/healthz",
    matcher: h.matcher ?? "200",
    intervalSeconds: h.intervalSeconds ?? 15,
    timeoutSeconds: h.timeoutSeconds ?? 5,
    healthyThreshold: h.healthyThreshold ?? 2,
    unhealthyThreshold: h.unhealthyThreshold ?? 3,
  };
  if (typeof healthCheck.path !== "string" || healthCheck.path.length > 1024 || !HEALTH_PATH.test(healthCheck.path)) {
    errors.add(
      "loadBalancer.healthCheck.path",
      healthCheck.path,
      "not an HTTP path: it must start with /, have no spaces, query string or fragment, and be at most 1024 characters",
      'use the service\'s health endpoint, e.g. "/healthz"',
    );
  }
  checkMatcher(healthCheck.matcher, errors);
  const intervalOk = integer(errors, "loadBalancer.healthCheck.intervalSeconds", healthCheck.intervalSeconds, 5, 300, "use e.g. 15");
  const timeoutOk = integer(errors, "loadBalancer.healthCheck.timeoutSeconds", healthCheck.timeoutSeconds, 2, 120, "use e.g. 5");
  if (intervalOk && timeoutOk && healthCheck.timeoutSeconds >= healthCheck.intervalSeconds) {
    errors.add(
      "loadBalancer.healthCheck.timeoutSeconds",
      healthCheck.timeoutSeconds,
      `must be shorter than the interval (${healthCheck.intervalSeconds}s)`,
      `use at most ${healthCheck.intervalSeconds - 1}`,
    );
  }
  integer(errors, "loadBalancer.healthCheck.healthyThreshold", healthCheck.healthyThreshold, 2, 10, "use e.g. 2");
  integer(errors, "loadBalancer.healthCheck.unhealthyThreshold", healthCheck.unhealthyThreshold, 2, 10, "use e.g. 3");

  const deregistrationDelaySeconds = options?.deregistrationDelaySeconds ?? 60;
  integer(errors, "loadBalancer.deregistrationDelaySeconds", deregistrationDelaySeconds, 0, 3600, "use a little more than your longest request takes, e.g. 60");
  const slowStartSeconds = options?.slowStartSeconds ?? 0;
  if (slowStartSeconds !== 0) integer(errors, "loadBalancer.slowStartSeconds", slowStartSeconds, 30, 900, "use 0 (off) or 30 to 900");
  const accessLogRetentionDays = options?.accessLogRetentionDays ?? 365;
  integer(errors, "loadBalancer.accessLogRetentionDays", accessLogRetentionDays, 1, 36500, "use e.g. 365");
  errors.throwIfAny();
  return {
    certificateArn,
    sslPolicy,
    internal: options.internal ?? false,
    allowedCidrs: allowedCidrs ? [...allowedCidrs] : undefined,
    idleTimeoutSeconds,
    healthCheck,
    deregistrationDelaySeconds,
    slowStartSeconds,
    deletionProtection: options.deletionProtection ?? true,
    accessLogRetentionDays,
  };
}
