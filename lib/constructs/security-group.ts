import { TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsException } from "../core/aws-exception";
import type { Port } from "../core/security-group-port";
import { resolveSecurityGroupRule, SECURITY_GROUP_DESCRIPTION } from "../core/security-group-rule";
import type { RulePeer } from "../core/security-group-rule";
import { SpecError } from "../core/spec-error";
import { SecurityGroup as Ec2SecurityGroup, VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule } from "../providers/aws";
import { escapeTerraformTemplate } from "../render/terraform-template-escape";

/** Anything that has a security group: a DockerHost, a DockerHostTemplate, a load balancer... */
export interface Connectable {
  readonly securityGroup: SecurityGroup;
}

/** An address range or prefix list at the other end of a rule (a security group is passed as itself). */
export class Peer {
  /** An IPv4 block, e.g. `10.0.0.0/16`. */
  static ipv4(cidr: string): Peer {
    return new Peer({ kind: "cidr", cidr, family: 4 });
  }
  /** An IPv6 block, e.g. `2001:db8::/56`. */
  static ipv6(cidr: string): Peer {
    return new Peer({ kind: "cidr", cidr, family: 6 });
  }
  /** The whole IPv4 internet, `0.0.0.0/0`. */
  static anyIpv4(): Peer {
    return new Peer({ kind: "cidr", cidr: "0.0.0.0/0" });
  }
  /** The whole IPv6 internet, `::/0`. */
  static anyIpv6(): Peer {
    return new Peer({ kind: "cidr", cidr: "::/0" });
  }
  /** A managed prefix list, e.g. the S3 gateway endpoint's `pl-...`. */
  static prefixList(prefixListId: string): Peer {
    return new Peer({ kind: "prefix-list", prefixListId });
  }
  private constructor(public readonly target: Exclude<RulePeer, { kind: "security-group" }>) {}
}

/** The other end of a rule: an address range, a security group, or something that has one. */
export type RulePeerLike = Peer | SecurityGroup | Connectable;

/** Options of one rule. */
export interface RuleOptions {
  /**
   * Named exceptions for this rule; the reason is appended to the rule's description.
   * Ingress from 0.0.0.0/0 or ::/0 to port 22 needs `SSH-FROM-INTERNET`, to 3389 `RDP-FROM-INTERNET`.
   * @default none
   */
  readonly exceptions?: AwsException[];
}

export interface SecurityGroupProps {
  /** The VPC. */
  readonly vpcId: string;
  /** What the group is for (AWS-accepted characters; checkov CKV_AWS_23). */
  readonly description: string;
  /** The Name tag. @default the construct path */
  readonly name?: string;
  /** Extra tags. @default none */
  readonly tags?: Record<string, string>;
}

/**
 * A security group with no rules but the ones you add, each with a description, through a
 * connections-style API: `db.securityGroup.allowFrom(web, Port.tcp(5432), "PostgreSQL from web")`
 * writes the ingress on the database's group and the matching egress on the web group.
 * Terraform removes AWS's default allow-all egress rule, so a group allows nothing outbound
 * until told (checkov CKV_AWS_382).
 */
export class SecurityGroup extends Construct implements Connectable {
  public readonly group: Ec2SecurityGroup;
  public readonly securityGroupId: string;
  private readonly ruleDescriptions = new Map<string, string>();

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    if (typeof props.description !== "string" || (!Token.isUnresolved(props.description) && !SECURITY_GROUP_DESCRIPTION.test(props.description))) {
      throw new SpecError(
        this.node.path,
        "description",
        props.description,
        "a security group needs a description of 1 to 255 ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
        "say what the group is for, e.g. 'Docker host web'",
      );
    }
    this.group = new Ec2SecurityGroup(this, "group", {
      vpcId: props.vpcId,
      description: escapeTerraformTemplate(props.description),
      tags: { Name: props.name ?? this.node.path, ...(props.tags ?? {}) },
      // A replacement (description or VPC change) is created before the old group goes.
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = this.group.id;
  }

  /** This group: a SecurityGroup is its own Connectable. */
  get securityGroup(): SecurityGroup {
    return this;
  }

  /**
   * Lets `peer` reach this group's members on `port`: ingress here and, when the peer is a
   * security group, the matching egress on the peer.
   */
  allowFrom(peer: RulePeerLike, port: Port, description: string, options: RuleOptions = {}): void {
    this.connect("ingress", peer, port, description, options);
  }

  /**
   * Lets this group's members reach `peer` on `port`: egress here and, when the peer is a
   * security group, the matching ingress on the peer.
   */
  allowTo(peer: RulePeerLike, port: Port, description: string, options: RuleOptions = {}): void {
    this.connect("egress", peer, port, description, options);
  }

  private connect(direction: "ingress" | "egress", peer: RulePeerLike, port: Port, description: string, options: RuleOptions): void {
    if (peer instanceof Peer) {
      this.addRule(direction, peer.target, port, description, options);
      return;
    }
    const other = peer?.securityGroup;
    if (!(other instanceof SecurityGroup)) {
      throw new SpecError(
        this.node.path,
        "peer",
        String(peer),
        "not a Peer, SecurityGroup or Connectable",
        "pass Peer.ipv4(...), a SecurityGroup or a construct with a securityGroup",
      );
    }
    // Check both sides before writing either, so a refusal leaves no half-made connection.
    this.checkRule(direction, { kind: "security-group" }, port, description, options, other);
    other.checkRule(direction === "ingress" ? "egress" : "ingress", { kind: "security-group" }, port, description, {}, this);
    this.addRule(direction, { kind: "security-group" }, port, description, options, other);
    other.addRule(direction === "ingress" ? "egress" : "ingress", { kind: "security-group" }, port, description, {}, this);
  }

  /** A readable, unique construct id per rule: `from-web-security-group-tcp-5432`, `to-any-ipv4-tcp-443`, `from-10-0-0-0_8-tcp-22`, `from-2001xdb8xx_32-all`. */
  private ruleKey(direction: string, peer: RulePeer, port: Port, other?: SecurityGroup): string {
    const names: Record<string, string> = { "0.0.0.0/0": "any-ipv4", "::/0": "any-ipv6" };
    const peerKey =
      peer.kind === "cidr"
        ? (names[peer.cidr] ?? peer.cidr.replace(/:/g, "x").replace(/\./g, "-").replace("/", "_"))
        : peer.kind === "prefix-list"
          ? peer.prefixListId
          : other!.node.scopes
              .slice(other!.node.scopes.indexOf(TerraformStack.of(other!)) + 1)
              .map((s) => s.node.id)
              .join("-");
    return `${direction === "ingress" ? "from" : "to"}-${peerKey}-${port}`.replace(/[^A-Za-z0-9_-]+/g, "-");
  }

  private checkRule(direction: "ingress" | "egress", peer: RulePeer, port: Port, description: string, options: RuleOptions, other?: SecurityGroup) {
    const resolved = resolveSecurityGroupRule({ direction, port, peer, description, exceptions: options.exceptions }, this.node.path);
    // The canonical CIDR, so 2001:DB8::/56 and 2001:db8:0::/56 are the same rule.
    const key = this.ruleKey(direction, resolved.cidr ? { kind: "cidr", cidr: resolved.cidr.text } : peer, port, other);
    const existing = this.ruleDescriptions.get(key);
    if (existing !== undefined) {
      const target = other ? other.node.path : peer.kind === "cidr" ? peer.cidr : peer.kind === "prefix-list" ? peer.prefixListId : "";
      throw new SpecError(this.node.path, "rules", `${direction} ${port} ${target}`, `this rule exists already ("${existing}")`, "add each rule once");
    }
    return { resolved, key };
  }

  private addRule(direction: "ingress" | "egress", peer: RulePeer, port: Port, description: string, options: RuleOptions, other?: SecurityGroup): void {
    const { resolved, key } = this.checkRule(direction, peer, port, description, options, other);
    this.ruleDescriptions.set(key, resolved.description);
    const config = {
      securityGroupId: this.securityGroupId,
      ipProtocol: port.protocol,
      fromPort: port.fromPort,
      toPort: port.toPort,
      cidrIpv4: resolved.cidr?.family === 4 ? resolved.cidr.text : undefined,
      cidrIpv6: resolved.cidr?.family === 6 ? resolved.cidr.text : undefined,
      prefixListId: peer.kind === "prefix-list" ? peer.prefixListId : undefined,
      referencedSecurityGroupId: other?.securityGroupId,
      description: escapeTerraformTemplate(resolved.description),
    };
    if (direction === "ingress") new VpcSecurityGroupIngressRule(this, key, config);
    else new VpcSecurityGroupEgressRule(this, key, config);
  }
}
