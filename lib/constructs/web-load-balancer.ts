import { Token } from "cdktf";
import { Construct } from "constructs";
import { awsExceptionTags, resolveAwsExceptions } from "../core/aws-exception";
import type { AwsException, AwsRuleId } from "../core/aws-exception";
import { Port } from "../core/security-group-port";
import { SpecError, SpecErrors } from "../core/spec-error";
import { resolveWebLoadBalancerSettings } from "../core/web-load-balancer-settings";
import type { WebLoadBalancerOptions, WebLoadBalancerSettings } from "../core/web-load-balancer-settings";
import { Lb, LbListener, LbTargetGroup } from "../providers/aws";
import { LoadBalancerLogBucket } from "./load-balancer-log-bucket";
import type { Network } from "./network";
import { Peer, SecurityGroup } from "./security-group";
import type { Connectable } from "./security-group";

export interface WebLoadBalancerProps extends WebLoadBalancerOptions {
  /** Name of the load balancer and its target group (1-26 lowercase letters, digits and '-'). */
  readonly name: string;
  readonly network: Network;
  /** The port the hosts serve the application on (the target group's port). */
  readonly targetPort: number;
  /** Named, reasoned weakenings (DELETION-PROTECTION-OFF). @default none */
  readonly exceptions?: AwsException[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,24}[a-z0-9])?$/;

/**
 * An Application Load Balancer that serves HTTPS only: port 443 with the ACM certificate and a
 * TLS 1.3 policy (TLS 1.2 at the oldest), port 80 answering every request with a 301 to HTTPS;
 * invalid header fields dropped (request smuggling), desync mitigation on, access logs to their
 * own bucket, deletion protection on unless excused. Its target group's health check decides
 * which hosts get requests; hosts being removed drain for the deregistration delay.
 * Internet-facing in the public subnets (or internal in the private ones), dual-stack with an
 * IPv6 network.
 */
export class WebLoadBalancer extends Construct implements Connectable {
  public readonly settings: WebLoadBalancerSettings;
  public readonly securityGroup: SecurityGroup;
  public readonly accessLogs: LoadBalancerLogBucket;
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;
  public readonly httpsListener: LbListener;
  public readonly httpRedirectListener: LbListener;

  constructor(scope: Construct, id: string, props: WebLoadBalancerProps) {
    super(scope, id);
    const where = this.node.path;
    const settings = (this.settings = resolveWebLoadBalancerSettings(props, where, (v) => Token.isUnresolved(v)));
    const errors = new SpecErrors(where);
    if (typeof props.name !== "string" || !NAME.test(props.name)) {
      errors.add("name", props.name, "not a load balancer name", "use 1 to 26 lowercase letters, digits and '-', not starting or ending with '-'");
    }
    if (!Number.isInteger(props.targetPort) || props.targetPort < 1 || props.targetPort > 65535) {
      errors.add("targetPort", props.targetPort, "not a port number 1-65535", "use the service's port, e.g. 8080");
    }
    const needed = new Map<AwsRuleId, { field: string; value: unknown }>();
    if (!settings.deletionProtection) needed.set("DELETION-PROTECTION-OFF", { field: "loadBalancer.deletionProtection", value: false });
    const reasons = resolveAwsExceptions(props.exceptions, needed, errors);
    errors.throwIfAny();
    const tags = { ...(props.tags ?? {}), Name: props.name, ...awsExceptionTags(reasons) };
    const network = props.network;

    this.securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: network.vpc.id,
      description: `Load balancer ${props.name}: HTTPS and the HTTP redirect`,
      name: `${props.name}-load-balancer`,
    });
    const sources = settings.allowedCidrs?.map((cidr) => Peer.ipv4(cidr)) ?? [Peer.anyIpv4(), ...(network.ipv6 ? [Peer.anyIpv6()] : [])];
    for (const source of sources) {
      this.securityGroup.allowFrom(source, Port.tcp(443), "HTTPS from clients");
      this.securityGroup.allowFrom(source, Port.tcp(80), "HTTP from clients, redirected to HTTPS");
    }

    this.accessLogs = new LoadBalancerLogBucket(this, "access-logs", { prefix: props.name, retentionDays: settings.accessLogRetentionDays, tags: props.tags });
    this.loadBalancer = new Lb(this, "load-balancer", {
      name: props.name,
      loadBalancerType: "application",
      internal: settings.internal,
      subnets: (settings.internal ? network.privateSubnets : network.publicSubnets).map((s) => s.id),
      securityGroups: [this.securityGroup.securityGroupId],
      ipAddressType: network.ipv6 ? "dualstack" : "ipv4",
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableHttp2: true,
      idleTimeout: settings.idleTimeoutSeconds,
      enableDeletionProtection: settings.deletionProtection,
      accessLogs: { bucket: this.accessLogs.bucket.id, prefix: this.accessLogs.prefix, enabled: true },
      tags,
      // The bucket policy must allow delivery before the load balancer checks it.
      dependsOn: [this.accessLogs.policy],
    });
    const h = settings.healthCheck;
    this.targetGroup = new LbTargetGroup(this, "target-group", {
      name: props.name,
      vpcId: network.vpc.id,
      targetType: "instance",
      port: props.targetPort,
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      deregistrationDelay: String(settings.deregistrationDelaySeconds),
      slowStart: settings.slowStartSeconds,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: h.path,
        matcher: h.matcher,
        interval: h.intervalSeconds,
        timeout: h.timeoutSeconds,
        healthyThreshold: h.healthyThreshold,
        unhealthyThreshold: h.unhealthyThreshold,
      },
      tags: { ...(props.tags ?? {}), Name: props.name },
    });
    this.httpsListener = new LbListener(this, "https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: settings.sslPolicy,
      certificateArn: settings.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      tags: props.tags,
    });
    this.httpRedirectListener = new LbListener(this, "http-redirect", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      tags: props.tags,
    });
  }

  /** Lets the load balancer reach `targets` on the target port (ingress on their group, egress on its own). */
  allowTargets(targets: Connectable, port: number): void {
    if (!Number.isInteger(port)) throw new SpecError(this.node.path, "port", port, "not a port", "pass the target port");
    targets.securityGroup.allowFrom(this, Port.tcp(port), "Application port from the load balancer");
  }
}
