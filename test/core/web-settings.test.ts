import { resolveFleetSettings } from "../../lib/core/web-fleet-settings";
import type { FleetCapacity, FleetDeployment, FleetScaling } from "../../lib/core/web-fleet-settings";
import { resolveWebLoadBalancerSettings } from "../../lib/core/web-load-balancer-settings";
import type { WebLoadBalancerOptions } from "../../lib/core/web-load-balancer-settings";
import { resolveWebMonitoring } from "../../lib/core/web-monitoring-settings";
import { resolveReleases } from "../../lib/core/web-release";
import type { WebRelease } from "../../lib/core/web-release";
import { awslogsOptions, cloudWatchAgentService } from "../../lib/render/cloudwatch-agent";
import { webContainerSpec } from "../../lib/render/web-host-plan";
import type { WebServiceSpec } from "../../lib/render/web-host-plan";
import { expectRefusal } from "../support/expect-refusal";

const W = "test/shop";
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const R = (version: string, n: number): WebRelease => ({ version, image: `ghcr.io/acme/web:${version}@${digest(n)}` });
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0d2b1c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const literal = () => false;

describe("release history", () => {
  test("the newest release runs unless activeRelease names an older one (a rollback is that one prop)", () => {
    const releases = [R("1.5.0", 1), R("1.4.2", 2)];
    expect(resolveReleases(releases, undefined, W)).toMatchObject({ active: releases[0], activeIndex: 0 });
    expect(resolveReleases(releases, "1.4.2", W)).toMatchObject({ active: releases[1], activeIndex: 1, history: releases });
  });

  test.each<[string, WebRelease[] | undefined, string | undefined, string, unknown, RegExp]>([
    ["no release", [], undefined, "releases", [], /at least one release/],
    [
      "a tag without a digest",
      [{ version: "1.0.0", image: "ghcr.io/acme/web:1.0.0" }],
      undefined,
      "releases[0].image",
      "ghcr.io/acme/web:1.0.0",
      /pinned by digest/,
    ],
    ["a malformed image", [{ version: "1.0.0", image: "Web:1" }], undefined, "releases[0].image", "Web:1", /lowercase/],
    ["a version twice", [R("1.0.0", 1), R("1.0.0", 2)], undefined, "releases[1].version", "1.0.0", /releases\[0\] has the same version/],
    ["a version with a space", [{ ...R("1", 1), version: "1 0" }], undefined, "releases[0].version", "1 0", /not a release version/],
    [
      "the same digest twice",
      [R("1.0.1", 1), R("1.0.0", 1)],
      undefined,
      "releases[1].image",
      R("1.0.0", 1).image,
      /releases\[0\] \(1\.0\.1\) runs the same image digest/,
    ],
    [
      "a rollback to a dropped release",
      [R("1.5.0", 1), R("1.4.2", 2)],
      "1.3.0",
      "activeRelease",
      "1.3.0",
      /not one of the retained releases.*1\.5\.0, 1\.4\.2/,
    ],
  ])("refuses %s", (_label, releases, active, field, value, problem) => {
    expectRefusal(() => resolveReleases(releases, active, W), { where: W, field, value, problem });
  });
});

describe("fleet capacity, scaling and deployment", () => {
  const resolve = (capacity: FleetCapacity = {}, scaling: FleetScaling = {}, deployment: FleetDeployment = {}) =>
    resolveFleetSettings(capacity, scaling, deployment, 2, W);

  test("defaults: 2..4 hosts, full capacity during deploys, checkpoints at 50% and 100%", () => {
    expect(resolve()).toMatchObject({
      minSize: 2,
      maxSize: 4,
      desiredCapacity: 2,
      warnings: [],
      deployment: { minHealthyPercentage: 100, maxHealthyPercentage: 150, checkpointPercentages: [50, 100], checkpointDelaySeconds: 300 },
    });
    expect(resolve({ minSize: 1, maxSize: 2 }).warnings).toEqual([expect.stringMatching(/minSize 1 is below the 2 availability zones/)]);
  });

  test.each<[string, FleetCapacity, FleetScaling, FleetDeployment, string, unknown, RegExp]>([
    ["inverted bounds", { minSize: 5, maxSize: 3 }, {}, {}, "capacity.minSize", 5, /above maxSize \(3\): the bounds are inverted/],
    ["desired below the bounds", { minSize: 2, maxSize: 4, desiredCapacity: 1 }, {}, {}, "capacity.desiredCapacity", 1, /outside the bounds 2\.\.4/],
    ["desired above the bounds", { minSize: 2, maxSize: 4, desiredCapacity: 9 }, {}, {}, "capacity.desiredCapacity", 9, /outside the bounds 2\.\.4/],
    ["a fractional size", { minSize: 1.5 }, {}, {}, "capacity.minSize", 1.5, /whole number from 1 to 1000/],
    ["no hosts", { minSize: 0 }, {}, {}, "capacity.minSize", 0, /whole number from 1/],
    ["a CPU target above 100", {}, { cpuUtilizationPercent: 120 }, {}, "scaling.cpuUtilizationPercent", 120, /1 to 100/],
    ["scaling with fixed bounds", { minSize: 3, maxSize: 3 }, { cpuUtilizationPercent: 60 }, {}, "scaling", { cpuUtilizationPercent: 60 }, /nothing to scale/],
    [
      "a healthy range over 100 points",
      {},
      {},
      { minHealthyPercentage: 50, maxHealthyPercentage: 200 },
      "deployment.maxHealthyPercentage",
      200,
      /more than 100 above/,
    ],
    [
      "a refresh that cannot move",
      {},
      {},
      { minHealthyPercentage: 100, maxHealthyPercentage: 100 },
      "deployment.maxHealthyPercentage",
      100,
      /never makes progress/,
    ],
    [
      "checkpoints that stop short of 100",
      {},
      {},
      { checkpointPercentages: [25, 50] },
      "deployment.checkpointPercentages",
      [25, 50],
      /does not end at 100.*\[25, 50, 100\]/,
    ],
    ["checkpoints out of order", {}, {}, { checkpointPercentages: [50, 25, 100] }, "deployment.checkpointPercentages", [50, 25, 100], /strictly ascending/],
    ["a checkpoint of 0", {}, {}, { checkpointPercentages: [0, 100] }, "deployment.checkpointPercentages", [0, 100], /1 to 100/],
    ["a negative grace period", {}, {}, { healthCheckGracePeriodSeconds: -1 }, "deployment.healthCheckGracePeriodSeconds", -1, /0 to 7200/],
  ])("refuses %s", (_label, capacity, scaling, deployment, field, value, problem) => {
    expectRefusal(() => resolve(capacity, scaling, deployment), { where: W, field, value, problem });
  });
});

describe("load balancer settings", () => {
  const resolve = (options: Partial<WebLoadBalancerOptions>, isReference: (v: string) => boolean = literal) =>
    resolveWebLoadBalancerSettings({ certificateArn: CERT, ...options } as WebLoadBalancerOptions, W, isReference);

  test("defaults: TLS 1.3/1.2 policy, /healthz 200 every 15 s, 60 s draining, deletion protection, logs for a year", () => {
    expect(resolve({})).toMatchObject({
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      healthCheck: { path: "/healthz", matcher: "200", intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
      deregistrationDelaySeconds: 60,
      slowStartSeconds: 0,
      deletionProtection: true,
      accessLogRetentionDays: 365,
    });
    expect(resolve({ certificateArn: "${var.certificate_arn}" }, () => true).certificateArn).toBe("${var.certificate_arn}");
  });

  test.each<[string, Partial<WebLoadBalancerOptions>, string, unknown, RegExp]>([
    ["HTTPS without a certificate", { certificateArn: undefined }, "loadBalancer.certificateArn", undefined, /needs a certificate/],
    ["an empty certificate", { certificateArn: " " }, "loadBalancer.certificateArn", " ", /needs a certificate/],
    [
      "a certificate that is not from ACM",
      { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" },
      "loadBalancer.certificateArn",
      "arn:aws:iam::123456789012:server-certificate/x",
      /not an ACM certificate ARN/,
    ],
    [
      "a TLS 1.0 policy",
      { sslPolicy: "ELBSecurityPolicy-2016-08" },
      "loadBalancer.sslPolicy",
      "ELBSecurityPolicy-2016-08",
      /TLS 1\.3 security policy.*CKV_AWS_103/,
    ],
    ["a health path without /", { healthCheck: { path: "healthz" } }, "loadBalancer.healthCheck.path", "healthz", /must start with \//],
    ["a health path with a query", { healthCheck: { path: "/health?full=1" } }, "loadBalancer.healthCheck.path", "/health?full=1", /no spaces, query string/],
    ["a health path with a space", { healthCheck: { path: "/health check" } }, "loadBalancer.healthCheck.path", "/health check", /not an HTTP path/],
    ["a 5xx matcher", { healthCheck: { matcher: "200-503" } }, "loadBalancer.healthCheck.matcher", "200-503", /200-499/],
    ["a word as matcher", { healthCheck: { matcher: "ok" } }, "loadBalancer.healthCheck.matcher", "ok", /200-499/],
    [
      "a timeout as long as the interval",
      { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } },
      "loadBalancer.healthCheck.timeoutSeconds",
      10,
      /shorter than the interval \(10s\).*at most 9/,
    ],
    ["one success to be healthy", { healthCheck: { healthyThreshold: 1 } }, "loadBalancer.healthCheck.healthyThreshold", 1, /2 to 10/],
    ["a slow start of 10 s", { slowStartSeconds: 10 }, "loadBalancer.slowStartSeconds", 10, /30 to 900/],
    ["a draining delay of two hours", { deregistrationDelaySeconds: 7200 }, "loadBalancer.deregistrationDelaySeconds", 7200, /0 to 3600/],
    ["nobody allowed in", { allowedCidrs: [] }, "loadBalancer.allowedCidrs", [], /let nobody in/],
    ["an allowed block that is not a CIDR", { allowedCidrs: ["10.0.0.0/33"] }, "loadBalancer.allowedCidrs[0]", "10.0.0.0/33", /IPv4 CIDR/],
  ])("refuses %s", (_label, options, field, value, problem) => {
    expectRefusal(() => resolve(options), { where: W, field, value, problem });
  });
});

describe("monitoring settings", () => {
  test.each<[string, object, string, unknown, RegExp]>([
    ["a 5xx threshold above 100%", { thresholds: { http5xxPercent: 150 } }, "monitoring.thresholds.http5xxPercent", 150, /percentage/],
    ["zero unhealthy hosts", { thresholds: { unhealthyHosts: 0 } }, "monitoring.thresholds.unhealthyHosts", 0, /at least 1/],
    [
      "an alarm action that is not SNS",
      { alarmActions: ["arn:aws:sqs:eu-west-1:123456789012:q"] },
      "monitoring.alarmActions[0]",
      "arn:aws:sqs:eu-west-1:123456789012:q",
      /SNS topic ARN/,
    ],
  ])("refuses %s", (_label, options, field, value, problem) => {
    expectRefusal(() => resolveWebMonitoring({ cloudWatchAgentImage: "x", ...options }, W, literal), { where: W, field, value, problem });
  });
});

describe("the web container and the CloudWatch agent", () => {
  const service: WebServiceSpec = { name: "web", containerPort: 8080, user: "10001:10001", healthCheck: { command: "true" } };
  const release = R("1.0.0", 3);

  test("the environment publishes the port for the load balancer (excused CIS 5.14), logs through awslogs and mounts the data volume", () => {
    const spec = webContainerSpec(service, release, "/web/shop/web", { containerPath: "/data", hostPath: "/srv/web-data", device: "/dev/sdg" }, W);
    expect(spec).toMatchObject({
      image: release.image,
      ports: [{ containerPort: 8080, hostPort: 8080, hostIp: "0.0.0.0" }],
      logging: { driver: "awslogs", options: { "awslogs-group": "/web/shop/web", mode: "non-blocking", "awslogs-create-group": "false" } },
      mounts: [{ type: "bind", source: "/srv/web-data", target: "/data", readOnly: false }],
      exceptions: [{ rule: "CIS-5.14", reason: expect.stringMatching(/security group admits only the load balancer/) }],
    });
  });

  test.each<[string, Record<string, unknown>, boolean, string, unknown, RegExp]>([
    ["an image in the service", { image: "nginx:1.27" }, false, "service.image", "nginx:1.27", /set by the environment.*list the image in releases/],
    ["ports in the service", { ports: [{ containerPort: 80 }] }, false, "service.ports", [{ containerPort: 80 }], /set by the environment.*containerPort/],
    ["logging in the service", { logging: { driver: "local" } }, false, "service.logging", { driver: "local" }, /set by the environment/],
    ["port 0", { containerPort: 0 }, false, "service.containerPort", 0, /1-65535/],
    ["a user name with a data volume", { user: "app" }, true, "service.user", "app", /numeric "uid:gid"/],
  ])("refuses %s", (_label, change, withVolume, field, value, problem) => {
    const volume = withVolume ? { containerPath: "/data", hostPath: "/srv/web-data", device: "/dev/sdg" } : undefined;
    expectRefusal(() => webContainerSpec({ ...service, ...change } as WebServiceSpec, release, "/web/shop/web", volume, W), {
      where: W,
      field,
      value,
      problem,
    });
  });

  test("the agent is pinned, confined and logs to its group; a tag alone or a bad group is refused", () => {
    const agent = cloudWatchAgentService({
      image: `public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.3@${digest(4)}`,
      logGroupName: "/web/shop/cloudwatch-agent",
      where: W,
    });
    expect(agent).toMatchObject({ security: { hostNamespaces: ["network"] }, exceptions: [{ rule: "CIS-5.10" }] });
    expect(JSON.parse(agent.environment!.CW_CONFIG_CONTENT).metrics.aggregation_dimensions).toEqual([["AutoScalingGroupName"]]);
    expectRefusal(() => cloudWatchAgentService({ image: "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.3", logGroupName: "/g", where: W }), {
      where: W,
      field: "cloudWatchAgent.image",
      value: "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.3",
      problem: /pinned by digest/,
    });
    expectRefusal(() => awslogsOptions("group with spaces", W), {
      where: W,
      field: "logGroupName",
      value: "group with spaces",
      problem: /CloudWatch Logs group name/,
    });
  });
});
