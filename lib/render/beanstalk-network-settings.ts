import type { BeanstalkSettingsInput } from "../core/beanstalk-settings";
import type { SettingsWriter } from "./beanstalk-settings-writer";

/** Load balancer TLS policy families whose minimum protocol is TLS 1.2 or 1.3. */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-[A-Za-z0-9-]+$/;

/**
 * Where the environment runs and how traffic reaches it: `aws:ec2:vpc`, the application load
 * balancer with an HTTPS-only listener (`aws:elbv2:*`) and the default process's health check.
 */
export function writeNetworkSettings(w: SettingsWriter, input: BeanstalkSettingsInput): void {
  // Network placement.
  const network = input.network;
  const idList = (field: string, ids: string[] | undefined, prefix: string, min: number): string => {
    if (w.isUnresolved(ids)) return w.joinList(ids as string[]);
    if (!Array.isArray(ids) || ids.length < min || ids.some((id) => !w.isUnresolved(id) && !new RegExp(`^${prefix}-[0-9a-f]{8,17}$`).test(id))) {
      w.errors.add(field, ids, `not a list of at least ${min} ${prefix} ids`, `pass ids such as ["${prefix}-0123456789abcdef0"]`);
      return "";
    }
    return w.joinList(ids);
  };
  if (!w.isUnresolved(network?.vpcId) && !/^vpc-[0-9a-f]{8,17}$/.test(String(network?.vpcId)))
    w.errors.add("network.vpcId", network?.vpcId, "not a VPC id", 'pass e.g. "vpc-0123456789abcdef0"');
  w.set("aws:ec2:vpc", "VPCId", String(network?.vpcId), "network.vpcId");
  w.set("aws:ec2:vpc", "Subnets", idList("network.instanceSubnetIds", network?.instanceSubnetIds, "subnet", 1), "network.instanceSubnetIds");
  w.set("aws:ec2:vpc", "ELBSubnets", idList("network.loadBalancerSubnetIds", network?.loadBalancerSubnetIds, "subnet", 2), "network.loadBalancerSubnetIds");
  const publicInstances = network?.associatePublicIpAddress ?? false;
  const publicAllowed = w.justified("network.allowPublicInstances", network?.allowPublicInstances, "exception:public-instances");
  if (publicInstances && !publicAllowed) {
    w.errors.add(
      "network.associatePublicIpAddress",
      true,
      "instances would get public IP addresses",
      'put them in private subnets, or name the opt-out allowPublicInstances: { reason: "…" }',
    );
  }
  w.set("aws:ec2:vpc", "AssociatePublicIpAddress", String(publicInstances), "network.associatePublicIpAddress");

  // The application load balancer, HTTPS only.
  const lb = input.loadBalancer;
  const scheme = lb?.scheme ?? "public";
  if (scheme !== "public" && scheme !== "internal") w.errors.add("loadBalancer.scheme", scheme, "not public or internal", 'use "public" or "internal"');
  w.set("aws:ec2:vpc", "ELBScheme", scheme, "loadBalancer.scheme");
  w.set("aws:elasticbeanstalk:environment", "EnvironmentType", "LoadBalanced", "always (load balanced)");
  w.set("aws:elasticbeanstalk:environment", "LoadBalancerType", "application", "always (application load balancer, never classic)");
  w.set("aws:elasticbeanstalk:environment", "ServiceRole", input.serviceRole, "the service role of the environment");
  if (
    !w.isUnresolved(lb?.certificateArn) &&
    !/^arn:aws[\w-]*:(acm:[\w-]+:\d{12}:certificate\/[\w-]+|iam::\d{12}:server-certificate\/.+)$/.test(String(lb?.certificateArn))
  ) {
    w.errors.add(
      "loadBalancer.certificateArn",
      lb?.certificateArn,
      "not an ACM or IAM certificate ARN",
      'pass e.g. "arn:aws:acm:eu-west-1:123456789012:certificate/…"',
    );
  }
  const sslPolicy = lb?.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06";
  if (!TLS12_POLICY.test(sslPolicy)) {
    w.errors.add(
      "loadBalancer.sslPolicy",
      sslPolicy,
      "not a TLS 1.2+ load balancer security policy",
      'use "ELBSecurityPolicy-TLS13-1-2-2021-06" or another ELBSecurityPolicy-TLS13-1-2-*, TLS13-1-3-*, TLS-1-2-* or FS-1-2-* policy',
    );
  }
  w.set("aws:elbv2:listener:443", "ListenerEnabled", "true", "loadBalancer");
  w.set("aws:elbv2:listener:443", "Protocol", "HTTPS", "loadBalancer");
  w.set("aws:elbv2:listener:443", "SSLCertificateArns", String(lb?.certificateArn), "loadBalancer.certificateArn");
  w.set("aws:elbv2:listener:443", "SSLPolicy", sslPolicy, "loadBalancer.sslPolicy");
  w.set("aws:elbv2:listener:443", "DefaultProcess", "default", "loadBalancer");
  const http = lb?.http ?? "redirect";
  if (http !== "redirect" && http !== "disabled") w.errors.add("loadBalancer.http", http, "not redirect or disabled", 'use "redirect" or "disabled"');
  // A redirect needs the port 80 listener; the redirect rule itself is a listener rule the construct adds.
  w.set("aws:elbv2:listener:default", "ListenerEnabled", String(http === "redirect"), "loadBalancer.http");
  if (lb?.accessLogs !== undefined) {
    w.set("aws:elbv2:loadbalancer", "AccessLogsS3Enabled", "true", "loadBalancer.accessLogs");
    w.set("aws:elbv2:loadbalancer", "AccessLogsS3Bucket", lb.accessLogs.bucket, "loadBalancer.accessLogs.bucket");
    if (lb.accessLogs.prefix !== undefined) w.set("aws:elbv2:loadbalancer", "AccessLogsS3Prefix", lb.accessLogs.prefix, "loadBalancer.accessLogs.prefix");
  }
  if (lb?.idleTimeoutSeconds !== undefined) {
    w.set(
      "aws:elbv2:loadbalancer",
      "IdleTimeout",
      String(w.whole("loadBalancer.idleTimeoutSeconds", lb.idleTimeoutSeconds, 60, 1, 3600)),
      "loadBalancer.idleTimeoutSeconds",
    );
  }
  const health = lb?.healthCheck ?? {};
  const process = "aws:elasticbeanstalk:environment:process:default";
  const path = health.path ?? "/";
  if (!/^\/[\w./~%-]*$/.test(path)) w.errors.add("loadBalancer.healthCheck.path", path, "not a URL path", 'use e.g. "/health"');
  const matcher = health.matcher ?? "200";
  if (!/^(\d{3}(-\d{3})?)(,\d{3}(-\d{3})?)*$/.test(matcher))
    w.errors.add("loadBalancer.healthCheck.matcher", matcher, "not HTTP codes", 'use e.g. "200" or "200-299"');
  const interval = w.whole("loadBalancer.healthCheck.intervalSeconds", health.intervalSeconds, 15, 5, 300);
  const timeout = w.whole("loadBalancer.healthCheck.timeoutSeconds", health.timeoutSeconds, 5, 1, 60);
  if (timeout >= interval)
    w.errors.add("loadBalancer.healthCheck.timeoutSeconds", timeout, `not below the interval ${interval}`, "make the timeout shorter than the interval");
  w.set(process, "Port", String(input.applicationPort), "the bundle's published port");
  if (input.proxyServer !== undefined) w.set("aws:elasticbeanstalk:environment:proxy", "ProxyServer", input.proxyServer, "the bundle format");
  w.set(process, "Protocol", "HTTP", "always (TLS ends at the load balancer inside the VPC)");
  w.set(process, "HealthCheckPath", path, "loadBalancer.healthCheck.path");
  w.set(process, "MatcherHTTPCode", matcher, "loadBalancer.healthCheck.matcher");
  w.set(process, "HealthCheckInterval", String(interval), "loadBalancer.healthCheck.intervalSeconds");
  w.set(process, "HealthCheckTimeout", String(timeout), "loadBalancer.healthCheck.timeoutSeconds");
  w.set(
    process,
    "HealthyThresholdCount",
    String(w.whole("loadBalancer.healthCheck.healthyThreshold", health.healthyThreshold, 3, 2, 10)),
    "loadBalancer.healthCheck.healthyThreshold",
  );
  w.set(
    process,
    "UnhealthyThresholdCount",
    String(w.whole("loadBalancer.healthCheck.unhealthyThreshold", health.unhealthyThreshold, 5, 2, 10)),
    "loadBalancer.healthCheck.unhealthyThreshold",
  );
  w.set(
    process,
    "DeregistrationDelay",
    String(w.whole("loadBalancer.deregistrationDelaySeconds", lb?.deregistrationDelaySeconds, 20, 0, 3600)),
    "loadBalancer.deregistrationDelaySeconds",
  );
}
