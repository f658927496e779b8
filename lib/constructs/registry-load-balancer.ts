import { Construct } from "constructs";
import { registryTargetGroupHealthCheck } from "../core/registry-health-check";
import { Port } from "../core/security-group-port";
import { SpecError } from "../core/spec-error";
import { Lb, LbListener, LbTargetGroup, LbTargetGroupAttachment } from "../providers/aws";
import type { DockerHost } from "./docker-host";
import type { Network } from "./network";
import { Peer, SecurityGroup } from "./security-group";

/** TLS at the application load balancer. */
export interface RegistryLoadBalancerTls {
  /** The ACM certificate ARN of the HTTPS listener. */
  readonly certificateArn: string;
  /** The listener's TLS policy (TLS 1.3 and 1.2 only). @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
  readonly sslPolicy?: "ELBSecurityPolicy-TLS13-1-2-2021-06" | "ELBSecurityPolicy-TLS13-1-3-2021-06" | "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";
  /** Client address ranges allowed to reach port 443. @default the VPC's CIDR block */
  readonly allowedCidrs?: string[];
  /** Internet-facing in the public subnets instead of internal in the private ones. @default false */
  readonly internetFacing?: boolean;
  /** Turn deletion protection off, with the reason (tagged on the load balancer). @default deletion protection on */
  readonly deletionProtectionDisabled?: { readonly reason: string };
}

export interface RegistryLoadBalancerProps {
  readonly network: Network;
  /** The registry's port on the hosts. */
  readonly port: number;
  readonly tls: RegistryLoadBalancerTls;
}

/**
 * An application load balancer in front of registry replicas: HTTPS with an ACM certificate and
 * a TLS 1.3/1.2 policy, invalid headers dropped, deletion protection on, a target group whose
 * health check takes 401 on /v2/ as healthy, and security groups that admit only clients to the
 * load balancer and only the load balancer to the replicas.
 */
export class RegistryLoadBalancer extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;
  public readonly listener: LbListener;
  private readonly port: number;

  constructor(scope: Construct, id: string, props: RegistryLoadBalancerProps) {
    super(scope, id);
    const where = this.node.path;
    const tls = props.tls;
    if (typeof tls?.certificateArn !== "string" || !(/^arn:aws[\w-]*:acm:/.test(tls.certificateArn) || tls.certificateArn.includes("${"))) {
      throw new SpecError(
        where,
        "tls.loadBalancer.certificateArn",
        tls?.certificateArn,
        "not an ACM certificate ARN",
        "pass the certificate's ARN (arn:aws:acm:...)",
      );
    }
    const reason = tls.deletionProtectionDisabled?.reason;
    if (tls.deletionProtectionDisabled !== undefined && (typeof reason !== "string" || reason.trim().length < 10)) {
      throw new SpecError(
        where,
        "tls.loadBalancer.deletionProtectionDisabled.reason",
        reason,
        "turning deletion protection off needs a reason of at least 10 characters",
        "say why, or remove deletionProtectionDisabled",
      );
    }
    this.port = props.port;
    const internetFacing = tls.internetFacing ?? false;
    this.securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.network.vpc.id,
      description: `Registry load balancer ${where}`.replace(/[^a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/g, "-").slice(0, 255),
    });
    for (const cidr of tls.allowedCidrs ?? [props.network.cidr]) this.securityGroup.allowFrom(Peer.ipv4(cidr), Port.tcp(443), "Registry clients (HTTPS)");
    this.loadBalancer = new Lb(this, "load-balancer", {
      namePrefix: "reg-",
      loadBalancerType: "application",
      internal: !internetFacing,
      subnets: (internetFacing ? props.network.publicSubnets : props.network.privateSubnets).map((s) => s.id),
      securityGroups: [this.securityGroup.securityGroupId],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: reason === undefined,
      desyncMitigationMode: "strictest",
      // Layer pushes are long requests: give them time.
      idleTimeout: 300,
      tags: reason === undefined ? {} : { "cdktf-docker-environments:deletion-protection-disabled": reason },
    });
    const check = registryTargetGroupHealthCheck({ where });
    this.targetGroup = new LbTargetGroup(this, "replicas", {
      namePrefix: "reg-",
      port: props.port,
      protocol: "HTTP",
      vpcId: props.network.vpc.id,
      targetType: "instance",
      deregistrationDelay: "60",
      healthCheck: {
        enabled: check.enabled,
        protocol: check.protocol,
        path: check.path,
        port: check.port,
        matcher: check.matcher,
        interval: check.interval,
        timeout: check.timeout,
        healthyThreshold: check.healthyThreshold,
        unhealthyThreshold: check.unhealthyThreshold,
      },
      lifecycle: { createBeforeDestroy: true },
    });
    this.listener = new LbListener(this, "https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: tls.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: tls.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });
  }

  /** Registers a replica's host and lets the load balancer (only) reach its registry port. */
  addTarget(host: DockerHost, index: number): void {
    new LbTargetGroupAttachment(this, `replica-${index}`, { targetGroupArn: this.targetGroup.arn, targetId: host.instance.id, port: this.port });
    host.securityGroup.allowFrom(this.securityGroup, Port.tcp(this.port), "Registry from its load balancer");
  }
}
