import { resolveAwsExceptions } from "./aws-exception";
import type { AwsException, AwsRuleId } from "./aws-exception";
import { formatCidr, parseCidr } from "./cidr";
import type { Port } from "./security-group-port";
import { SpecError, SpecErrors } from "./spec-error";

/** What AWS accepts in a security group (rule) description: ASCII letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`, at most 255. */
export const SECURITY_GROUP_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

/** The other end of a rule, as far as the checks care. */
export type RulePeer =
  | { readonly kind: "cidr"; readonly cidr: string; readonly family?: 4 | 6 }
  | { readonly kind: "security-group" }
  | { readonly kind: "prefix-list"; readonly prefixListId: string };

export interface SecurityGroupRuleInput {
  readonly direction: "ingress" | "egress";
  readonly port: Port;
  readonly peer: RulePeer;
  readonly description: string;
  /** Named exceptions for this one rule (e.g. SSH-FROM-INTERNET with a reason). @default none */
  readonly exceptions?: readonly AwsException[];
}

/** A checked rule: the CIDR in canonical form and the description with any exception's reason appended. */
export interface ResolvedSecurityGroupRule {
  readonly cidr?: { readonly family: 4 | 6; readonly text: string };
  readonly description: string;
}

/** Ports that must never be open to the whole internet, and the exception that excuses it. */
const ADMIN_PORTS: { port: number; rule: AwsRuleId; name: string }[] = [
  { port: 22, rule: "SSH-FROM-INTERNET", name: "SSH" },
  { port: 3389, rule: "RDP-FROM-INTERNET", name: "RDP" },
];

/** Checks one security group rule and returns what to write. Throws one SpecError listing every problem. */
export function resolveSecurityGroupRule(input: SecurityGroupRuleInput, where: string): ResolvedSecurityGroupRule {
  const errors = new SpecErrors(where);
  const description = typeof input.description === "string" ? input.description.trim() : "";
  if (description === "") {
    errors.add(
      "description",
      input.description,
      "every security group rule needs a description (checkov CKV_AWS_23)",
      "say what the traffic is for, e.g. 'HTTPS from the load balancer'",
    );
  } else if (!SECURITY_GROUP_DESCRIPTION.test(description)) {
    errors.add(
      "description",
      input.description,
      "AWS accepts only ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* in a rule description, at most 255 characters",
      "rewrite the description with those characters",
    );
  }

  let cidr: ResolvedSecurityGroupRule["cidr"];
  if (input.peer.kind === "cidr") {
    try {
      const network = parseCidr(input.peer.cidr, where, "peer", { family: input.peer.family });
      cidr = { family: network.family, text: formatCidr(network) };
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      errors.add(error.field, error.value, error.problem, error.fix);
    }
  }

  const needed = new Map<AwsRuleId, { field: string; value: unknown }>();
  const fromAnywhere = cidr !== undefined && (cidr.text === "0.0.0.0/0" || cidr.text === "::/0");
  if (input.direction === "ingress" && fromAnywhere) {
    for (const admin of ADMIN_PORTS) {
      if (input.port.includesTcp(admin.port)) needed.set(admin.rule, { field: "peer", value: `${cidr!.text} to ${input.port} (${admin.name})` });
    }
  }
  const reasons = resolveAwsExceptions(input.exceptions, needed, errors);
  errors.throwIfAny();

  const suffix = [...reasons].map(([rule, reason]) => ` [exception ${rule}: ${reason}]`).join("");
  const full = `${description}${suffix}`;
  if (full.length > 255) {
    errors.add(
      "description",
      full,
      `with the exception's reason the description has ${full.length} characters, AWS accepts 255`,
      "shorten the description or the reason",
    );
    errors.throwIfAny();
  }
  return { cidr, description: full };
}
