/**
 * The policy rules a container can be excused from, by CIS Docker Benchmark 1.6 id where one
 * exists. Each rule is described in lib/policy/container-rules.ts.
 */
export const POLICY_RULE_IDS = [
  "CIS-4.1",
  "CIS-5.2",
  "CIS-5.3",
  "CIS-5.4",
  "CIS-5.5",
  "CIS-5.6",
  "CIS-5.10",
  "CIS-5.11",
  "CIS-5.12",
  "CIS-5.13",
  "CIS-5.14",
  "CIS-5.15",
  "CIS-5.16",
  "CIS-5.17",
  "CIS-5.18",
  "CIS-5.21",
  "CIS-5.22",
  "CIS-5.25",
  "CIS-5.26",
  "CIS-5.27",
  "CIS-5.28",
  "CIS-5.29",
  "CIS-5.31",
  "CIS-5.32",
  "SECRET-IN-ENV",
] as const;

export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

/** A named, reasoned weakening of one hardened default. */
export interface PolicyException {
  /** The rule this container is excused from, e.g. `CIS-5.5`. */
  readonly rule: PolicyRuleId;
  /** Why: shown in every rendering as the value of the exception label. At least 10 characters. */
  readonly reason: string;
}

/** Label keys under this prefix carry the exceptions in every rendering. */
export const LABEL_PREFIX = "io.cdktf-docker-environments.";
export const EXCEPTION_LABEL_PREFIX = `${LABEL_PREFIX}exception.`;

export function exceptionLabel(rule: PolicyRuleId): string {
  return `${EXCEPTION_LABEL_PREFIX}${rule.toLowerCase()}`;
}

const EXCEPTION_LABELS = POLICY_RULE_IDS.map((id) => [id, exceptionLabel(id)] as const);

/** Reads the exceptions back from a rendering's labels. */
export function exceptionsFromLabels(labels: Record<string, string>): Map<PolicyRuleId, string> {
  const found = new Map<PolicyRuleId, string>();
  for (const [id, label] of EXCEPTION_LABELS) {
    const reason = labels[label];
    if (reason !== undefined) found.set(id, reason);
  }
  return found;
}
