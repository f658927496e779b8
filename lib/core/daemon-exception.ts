import { EXCEPTION_LABEL_PREFIX } from "./policy-exception";
import type { SpecErrors } from "./spec-error";

/**
 * The hardened daemon defaults (CIS Docker Benchmark 1.6, section 2) a `DaemonConfig` can weaken,
 * each only with a named exception and a reason. The reason is rendered into daemon.json as an
 * engine label `io.cdktf-docker-environments.exception.<rule>=<reason>`, so a reviewer sees it in
 * the file and `docker info` shows it on the host.
 */
export const DAEMON_RULES = {
  "CIS-2.2": "inter-container communication on the default bridge off (icc: false)",
  "CIS-2.3": "daemon log level info",
  "CIS-2.4": "Docker manages iptables (iptables: true)",
  "CIS-2.5": "no insecure (plain HTTP or unverified TLS) registries",
  "CIS-2.6": "the aufs storage driver is not used",
  "CIS-2.14": "containers cannot gain new privileges (no-new-privileges: true)",
  "CIS-2.15": "live restore on, so containers keep running while dockerd restarts (live-restore: true)",
  "CIS-2.16": "the userland proxy off, published ports handled by iptables (userland-proxy: false)",
  "CIS-2.18": "experimental features off",
  "CIS-5.22": "the default seccomp profile is not disabled for every container (seccomp-profile: unconfined)",
} as const;

export type DaemonRuleId = keyof typeof DAEMON_RULES;
export const DAEMON_RULE_IDS = Object.keys(DAEMON_RULES) as DaemonRuleId[];

/** A named, reasoned weakening of one hardened daemon default. */
export interface DaemonException {
  /** The default this daemon is excused from, e.g. `CIS-2.15`. */
  readonly rule: DaemonRuleId;
  /** Why: 10 to 200 printable characters, rendered as the value of the exception label. */
  readonly reason: string;
}

/** The engine label carrying an exception, e.g. `io.cdktf-docker-environments.exception.cis-2.15`. */
export function daemonExceptionLabel(rule: DaemonRuleId): string {
  return `${EXCEPTION_LABEL_PREFIX}${rule.toLowerCase()}`;
}

const REASON = /^[^\p{Cc}]{10,200}$/u;

/**
 * Checks `exceptions` against the weakenings the props ask for: each weakening needs its
 * exception, and an exception nothing uses is refused too (a stale exception hides the next real
 * one). Returns the reasons by rule.
 */
export function resolveDaemonExceptions(
  exceptions: readonly DaemonException[] | undefined,
  needed: ReadonlyMap<DaemonRuleId, { field: string; value: unknown }>,
  errors: SpecErrors,
): Map<DaemonRuleId, string> {
  const reasons = new Map<DaemonRuleId, string>();
  (exceptions ?? []).forEach((exception, i) => {
    const field = `exceptions[${i}]`;
    if (!(DAEMON_RULE_IDS as string[]).includes(exception?.rule)) {
      errors.add(`${field}.rule`, exception?.rule, "not a daemon rule id", `use one of ${DAEMON_RULE_IDS.join(", ")}`);
      return;
    }
    if (reasons.has(exception.rule)) {
      errors.add(`${field}.rule`, exception.rule, "declared twice", "declare each exception once");
      return;
    }
    if (!needed.has(exception.rule)) {
      errors.add(`${field}.rule`, exception.rule, "nothing in this daemon config weakens this default, so the exception is unused", "remove the exception");
      return;
    }
    const reason = typeof exception.reason === "string" ? exception.reason.trim() : exception.reason;
    if (typeof reason !== "string" || !REASON.test(reason)) {
      errors.add(
        `${field}.reason`,
        exception.reason,
        "an exception needs a reason of 10 to 200 characters on one line",
        "say why this host needs the weaker setting",
      );
      return;
    }
    reasons.set(exception.rule, reason);
  });
  for (const [rule, { field, value }] of needed) {
    if (!(exceptions ?? []).some((e) => e?.rule === rule)) {
      errors.add(
        field,
        value,
        `weakens a hardened default (${rule}: ${DAEMON_RULES[rule]})`,
        `keep the default, or add exceptions: [{ rule: "${rule}", reason: "..." }]`,
      );
    }
  }
  return reasons;
}
