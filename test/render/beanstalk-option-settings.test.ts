import type { BeanstalkSettingsInput } from "../../lib/core/beanstalk-settings";
import type { RenderedOptionSettings } from "../../lib/render/beanstalk-option-settings";
import { renderBeanstalkOptionSettings } from "../../lib/render/beanstalk-option-settings";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "test/env";
const CERT = "arn:aws:acm:eu-west-1:111122223333:certificate/0d2b1c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const BASE: BeanstalkSettingsInput = {
  loadBalancer: { certificateArn: CERT },
  network: {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    instanceSubnetIds: ["subnet-0a1b2c3d4e5f60718"],
    loadBalancerSubnetIds: ["subnet-0c3d4e5f607182930", "subnet-0d4e5f60718293041"],
  },
  instanceProfile: "shop-eb-ec2",
  serviceRole: "shop-eb-service",
  applicationPort: 80,
};

function render(extra: Partial<BeanstalkSettingsInput> = {}): RenderedOptionSettings {
  return renderBeanstalkOptionSettings({ ...BASE, ...extra }, WHERE);
}

function value(rendered: RenderedOptionSettings, namespace: string, name: string): string | undefined {
  const found = rendered.settings.filter((s) => s.namespace === namespace && s.name === name);
  if (found.length > 1) throw new Error(`${namespace} ${name} is set ${found.length} times`);
  return found[0]?.value;
}

describe("typed Beanstalk settings", () => {
  test("the defaults are the secure choices", () => {
    const r = render();
    const expected: [string, string, string][] = [
      ["aws:elasticbeanstalk:command", "DeploymentPolicy", "Immutable"],
      ["aws:elasticbeanstalk:command", "IgnoreHealthCheck", "false"],
      ["aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateType", "Health"],
      ["aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true"],
      ["aws:autoscaling:launchconfiguration", "IamInstanceProfile", "shop-eb-ec2"],
      ["aws:elasticbeanstalk:environment", "LoadBalancerType", "application"],
      ["aws:elasticbeanstalk:environment", "ServiceRole", "shop-eb-service"],
      ["aws:elbv2:listener:443", "Protocol", "HTTPS"],
      ["aws:elbv2:listener:443", "SSLCertificateArns", CERT],
      ["aws:elbv2:listener:443", "SSLPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"],
      ["aws:elbv2:listener:default", "ListenerEnabled", "true"],
      ["aws:ec2:vpc", "AssociatePublicIpAddress", "false"],
      ["aws:ec2:vpc", "Subnets", "subnet-0a1b2c3d4e5f60718"],
      ["aws:ec2:vpc", "ELBSubnets", "subnet-0c3d4e5f607182930,subnet-0d4e5f60718293041"],
      ["aws:elasticbeanstalk:environment:process:default", "Port", "80"],
      ["aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"],
      ["aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"],
      ["aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "365"],
      ["aws:elasticbeanstalk:cloudwatch:logs:health", "HealthStreamingEnabled", "true"],
      ["aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"],
      ["aws:elasticbeanstalk:managedactions", "PreferredStartTime", "Sun:10:00"],
      ["aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"],
      ["aws:elasticbeanstalk:managedactions:platformupdate", "InstanceRefreshEnabled", "true"],
    ];
    for (const [namespace, name, v] of expected) expect([namespace, name, value(r, namespace, name)]).toEqual([namespace, name, v]);
    expect(value(r, "aws:elasticbeanstalk:command", "BatchSize")).toBeUndefined();
    expect(r.exceptions).toEqual({});
  });

  test("each deployment policy gets its own settings", () => {
    const rolling = render({ deployment: { policy: "Rolling" } });
    expect([value(rolling, "aws:elasticbeanstalk:command", "BatchSizeType"), value(rolling, "aws:elasticbeanstalk:command", "BatchSize")]).toEqual([
      "Percentage",
      "25",
    ]);
    const split = render({ deployment: { policy: "TrafficSplitting", trafficSplitting: { newVersionPercent: 20 } } });
    expect(value(split, "aws:elasticbeanstalk:trafficsplitting", "NewVersionPercent")).toBe("20");
    expect(value(split, "aws:elasticbeanstalk:trafficsplitting", "EvaluationTime")).toBe("5");
    const allAtOnce = render({ deployment: { policy: "AllAtOnce", allowAllAtOnce: { reason: "a nightly batch service nobody calls" } } });
    expect(value(allAtOnce, "aws:elasticbeanstalk:command", "DeploymentPolicy")).toBe("AllAtOnce");
    expect(allAtOnce.exceptions).toEqual({ "exception:deployment-all-at-once": "a nightly batch service nobody calls" });
  });

  test("HTTP can be disabled instead of redirected, and managed updates off with a reason", () => {
    expect(value(render({ loadBalancer: { certificateArn: CERT, http: "disabled" } }), "aws:elbv2:listener:default", "ListenerEnabled")).toBe("false");
    const off = render({ managedUpdates: { disabled: { reason: "patched by the golden AMI pipeline" } } });
    expect(value(off, "aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled")).toBe("false");
    expect(value(off, "aws:elasticbeanstalk:managedactions", "PreferredStartTime")).toBeUndefined();
  });

  test("Terraform references pass through unchecked and lists are joined by the caller's join", () => {
    const r = renderBeanstalkOptionSettings(
      { ...BASE, network: { vpcId: "${var.vpc_id}", instanceSubnetIds: ["#list-token"], loadBalancerSubnetIds: ["#list-token"] } },
      WHERE,
      { isUnresolved: (v) => String(v).includes("var.") || String(v).includes("#list-token"), joinList: () => '${join(",", var.subnets)}' },
    );
    expect(value(r, "aws:ec2:vpc", "VPCId")).toBe("${var.vpc_id}");
    expect(value(r, "aws:ec2:vpc", "Subnets")).toBe('${join(",", var.subnets)}');
  });

  test("environment properties and secret ARNs land in their namespaces", () => {
    const arn = "arn:aws:ssm:eu-west-1:111122223333:parameter/shop/db-password";
    const r = render({ environmentProperties: { PORT: "8080" }, environmentSecrets: { DB_PASSWORD: arn } });
    expect(value(r, "aws:elasticbeanstalk:application:environment", "PORT")).toBe("8080");
    expect(value(r, "aws:elasticbeanstalk:application:environmentsecrets", "DB_PASSWORD")).toBe(arn);
  });

  test("raw settings pass after the table check", () => {
    const r = render({ rawSettings: [{ namespace: "aws:elasticbeanstalk:xray", name: "XRayEnabled", value: "true" }] });
    expect(value(r, "aws:elasticbeanstalk:xray", "XRayEnabled")).toBe("true");
  });
});

describe("refusals of typed Beanstalk settings", () => {
  const lb = (extra: object) => ({ loadBalancer: { certificateArn: CERT, ...extra } });
  test.each([
    ["deployment.policy", { deployment: { policy: "AllAtOnce" } }, /takes every instance out of service/],
    ["deployment.policy", { deployment: { policy: "BlueGreen" } }, /not a deployment policy/],
    ["deployment.allowAllAtOnce", { deployment: { allowAllAtOnce: { reason: "because reasons" } } }, /the policy is Immutable, not AllAtOnce/],
    ["deployment.allowAllAtOnce.reason", { deployment: { policy: "AllAtOnce", allowAllAtOnce: { reason: "fast" } } }, /at least 10 characters/],
    ["deployment.batchSize", { deployment: { batchSize: { type: "Fixed", value: 1 } } }, /apply to Rolling and RollingWithAdditionalBatch, not Immutable/],
    ["deployment.batchSize.value", { deployment: { policy: "Rolling", batchSize: { type: "Fixed", value: 9 } } }, /from 1 to 4/],
    ["deployment.trafficSplitting", { deployment: { policy: "Rolling", trafficSplitting: {} } }, /not TrafficSplitting/],
    [
      "deployment.trafficSplitting.evaluationTimeMinutes",
      { deployment: { policy: "TrafficSplitting", trafficSplitting: { evaluationTimeMinutes: 1 } } },
      /from 3 to 600/,
    ],
    ["deployment.timeoutSeconds", { deployment: { timeoutSeconds: 0 } }, /from 1 to 3600/],
    ["configurationUpdates.type", { configurationUpdates: { type: "Rolling" } }, /not Health, Immutable or Time/],
    ["configurationUpdates.pauseTime", { configurationUpdates: { pauseTime: "PT5M" } }, /only Time-based updates pause/],
    ["configurationUpdates.pauseTime", { configurationUpdates: { type: "Time", pauseTime: "5 minutes" } }, /ISO 8601 duration from PT0S to PT1H/],
    ["configurationUpdates.timeout", { configurationUpdates: { timeout: "PT2M" } }, /from PT5M to PT1H/],
    ["configurationUpdates.minInstancesInService", { configurationUpdates: { minInstancesInService: 4 } }, /not below capacity.maxSize 4/],
    ["capacity.maxSize", { capacity: { minSize: 3, maxSize: 2 } }, /below minSize 3/],
    ["capacity.instanceTypes", { capacity: { instanceTypes: ["t3 small"] } }, /1-10 EC2 instance types/],
    ["network.vpcId", { network: { ...BASE.network, vpcId: "my-vpc" } }, /not a VPC id/],
    ["network.loadBalancerSubnetIds", { network: { ...BASE.network, loadBalancerSubnetIds: ["subnet-0c3d4e5f607182930"] } }, /at least 2 subnet ids/],
    ["network.associatePublicIpAddress", { network: { ...BASE.network, associatePublicIpAddress: true } }, /public IP addresses/],
    ["loadBalancer.scheme", lb({ scheme: "private" }), /not public or internal/],
    ["loadBalancer.certificateArn", lb({ certificateArn: "my-cert" }), /ACM or IAM certificate ARN/],
    ["loadBalancer.sslPolicy", lb({ sslPolicy: "ELBSecurityPolicy-2016-08" }), /not a TLS 1.2\+ load balancer security policy/],
    ["loadBalancer.sslPolicy", lb({ sslPolicy: "ELBSecurityPolicy-FS-2018-06" }), /not a TLS 1.2\+/],
    ["loadBalancer.http", lb({ http: "allow" }), /not redirect or disabled/],
    ["loadBalancer.healthCheck.path", lb({ healthCheck: { path: "health" } }), /not a URL path/],
    ["loadBalancer.healthCheck.matcher", lb({ healthCheck: { matcher: "OK" } }), /not HTTP codes/],
    ["loadBalancer.healthCheck.timeoutSeconds", lb({ healthCheck: { intervalSeconds: 5, timeoutSeconds: 5 } }), /not below the interval 5/],
    ["loadBalancer.deregistrationDelaySeconds", lb({ deregistrationDelaySeconds: -1 }), /from 0 to 3600/],
    ["logs.retentionDays", { logs: { retentionDays: 10 } }, /not a CloudWatch Logs retention/],
    ["managedUpdates.preferredStartTime", { managedUpdates: { preferredStartTime: "Sunday 10am" } }, /not Day:HH:MM in UTC/],
    ["managedUpdates.updateLevel", { managedUpdates: { updateLevel: "major" } }, /not minor or patch/],
    ["managedUpdates.disabled.reason", { managedUpdates: { disabled: { reason: "no" } } }, /at least 10 characters/],
  ] as [string, Partial<BeanstalkSettingsInput>, RegExp][])("%s: %p", (field, extra, problem) => {
    expectRefusal(() => render(extra), { where: WHERE, field, problem });
  });

  const raw =
    (namespace: string, name: string, v = "x") =>
    () =>
      render({ rawSettings: [{ namespace, name, value: v }] });
  test("a raw setting may not override a typed one", () => {
    expectRefusal(raw("aws:autoscaling:launchconfiguration", "DisableIMDSv1", "false"), {
      where: WHERE,
      field: "rawSettings[0]",
      value: "aws:autoscaling:launchconfiguration DisableIMDSv1",
      problem: /already set by always \(IMDSv2 only\)/,
    });
    expectRefusal(raw("aws:elbv2:listener:443", "SSLPolicy", "ELBSecurityPolicy-2016-08"), {
      where: WHERE,
      field: "rawSettings[0]",
      problem: /already set by loadBalancer.sslPolicy/,
    });
  });

  test("a raw secret-looking property or a secret value is refused", () => {
    expectRefusal(raw("aws:elasticbeanstalk:application:environment", "STRIPE_API_KEY", "sk_live_x"), {
      where: WHERE,
      field: "rawSettings[0]",
      value: "STRIPE_API_KEY",
      problem: /looks like a secret/,
    });
    expectRefusal(raw("aws:elasticbeanstalk:application:environmentsecrets", "DB_PASSWORD", "hunter2"), {
      where: WHERE,
      field: "rawSettings[0].value",
      value: "<redacted>",
      problem: /never a value/,
    });
  });
});
