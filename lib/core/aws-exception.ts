import { EXCEPTION_LABEL_PREFIX } from "./policy-exception";
import type { SpecErrors } from "./spec-error";

/**
 * The hardened defaults of the AWS building blocks (hosts, networks, security groups) that a
 * user can weaken, each only with a named exception and a reason. The reason is rendered into
 * the synthesized output (a tag, or the security group rule's description) so a reviewer and
 * a scanner's suppression see it. The scanner checks each default satisfies are listed.
 */
export const AWS_RULES = {
  "SSH-FROM-INTERNET": { summary: "no ingress from 0.0.0.0/0 or ::/0 to port 22 (use SSM Session Manager)", checks: "checkov CKV_AWS_24, trivy AWS-0107" },
  "RDP-FROM-INTERNET": { summary: "no ingress from 0.0.0.0/0 or ::/0 to port 3389", checks: "checkov CKV_AWS_25, trivy AWS-0107" },
  "IMDS-HOP-LIMIT-2": { summary: "instance metadata hop limit 1, so containers cannot reach the host role's credentials", checks: "checkov CKV_AWS_341" },
  "PUBLIC-IP": { summary: "no public IPv4 address on a host", checks: "checkov CKV_AWS_88" },
  "LOG-RETENTION-UNDER-365": { summary: "flow logs kept at least 365 days", checks: "checkov CKV_AWS_338" },
  "DELETION-PROTECTION-OFF": { summary: "deletion protection on load balancers", checks: "checkov CKV_AWS_150" },
} as const;

export type AwsRuleId = keyof typeof AWS_RULES;
export const AWS_RULE_IDS = Object.keys(AWS_RULES) as AwsRuleId[];

/** A named, reasoned weakening of one hardened AWS default. */
export interface AwsException {
  /** The default this construct is excused from, e.g. `IMDS-HOP-LIMIT-2`. */
  readonly rule: AwsRuleId;
  /**
   * Why: rendered into a tag (and for security group rules into the rule's description).
   * 10 to 200 characters of letters, digits, spaces and `+ - = . _ : / @` (what AWS tags and
   * rule descriptions both accept).
   */
  readonly reason: string;
}

/** The characters both AWS tag values and security group rule descriptions accept. */
export const AWS_EXCEPTION_REASON = /^[A-Za-z0-9 +\-=._:/@]{10,200}$/;

/** The tag that carries an exception's reason, e.g. `io.cdktf-docker-environments.exception.public-ip`. */
export function awsExceptionTag(rule: AwsRuleId): string {
  return `${EXCEPTION_LABEL_PREFIX}${rule.toLowerCase()}`;
}

/** Checks one reason; adds a problem to `errors` when it is unusable. */
export function checkExceptionReason(reason: unknown, field: string, errors: SpecErrors): void {
  if (typeof reason !== "string" || !AWS_EXCEPTION_REASON.test(reason.trim())) {
    errors.add(
      field,
      reason,
      "an exception needs a reason of 10 to 200 characters that AWS tags and rule descriptions accept",
      "write the reason with letters, digits, spaces and + - = . _ : / @ only",
    );
  }
}

/**
 * Checks a construct's `exceptions` against the weakenings its props actually ask for:
 * every weakening needs its exception, and an exception nothing uses is refused too (a stale
 * exception hides the next real one). Returns the reasons by rule.
 */
export function resolveAwsExceptions(
  exceptions: readonly AwsException[] | undefined,
  needed: ReadonlyMap<AwsRuleId, { field: string; value: unknown }>,
  errors: SpecErrors,
): Map<AwsRuleId, string> {
  const reasons = new Map<AwsRuleId, string>();
  (exceptions ?? []).forEach((exception, i) => {
    const field = `exceptions[${i}]`;
    if (!(AWS_RULE_IDS as string[]).includes(exception?.rule)) {
      errors.add(`${field}.rule`, exception?.rule, "not an AWS rule id", `use one of ${AWS_RULE_IDS.join(", ")}`);
      return;
    }
    if (reasons.has(exception.rule)) {
      errors.add(`${field}.rule`, exception.rule, "declared twice", "declare each exception once");
      return;
    }
    if (!needed.has(exception.rule)) {
      errors.add(`${field}.rule`, exception.rule, "nothing in these props weakens this default, so the exception is unused", "remove the exception");
      return;
    }
    checkExceptionReason(exception.reason, `${field}.reason`, errors);
    reasons.set(exception.rule, String(exception.reason).trim());
  });
  for (const [rule, { field, value }] of needed) {
    if (!reasons.has(rule) && !(exceptions ?? []).some((e) => e?.rule === rule)) {
      errors.add(
        field,
        value,
        `weakens a hardened default (${AWS_RULES[rule].summary}; ${AWS_RULES[rule].checks})`,
        `keep the default, or add exceptions: [{ rule: "${rule}", reason: "..." }]`,
      );
    }
  }
  return reasons;
}

/** The tags that carry the exceptions' reasons. */
export function awsExceptionTags(reasons: ReadonlyMap<AwsRuleId, string>): Record<string, string> {
  return Object.fromEntries([...reasons].map(([rule, reason]) => [awsExceptionTag(rule), reason]));
}
