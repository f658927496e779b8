import { gunzipSync } from "node:zlib";
import { Network } from "../../lib/constructs/network";
import { WebEnvironment } from "../../lib/environments/web-environment";
import type { WebEnvironmentProps } from "../../lib/environments/web-environment-props";
import { awsStack, one, resources, synthJson } from "../support/aws-stack";
import type { SynthJson } from "../support/aws-stack";
import { expectRefusal } from "../support/expect-refusal";

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0d2b1c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const AGENT = `public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300052.0b1024@sha256:${"c".repeat(64)}`;
const release = (version: string, hex: string) => ({ version, image: `ghcr.io/acme/web:${version}@sha256:${hex.repeat(64)}` });
const V1 = release("1.0.0", "a");
const V2 = release("1.1.0", "b");

function props(network: Network, change: Partial<WebEnvironmentProps>): WebEnvironmentProps {
  return {
    name: "shop",
    network,
    service: { name: "web", containerPort: 8080, user: "10001:10001", healthCheck: { command: "wget -qO- http://127.0.0.1:8080/healthz" } },
    releases: [V1],
    loadBalancer: { certificateArn: CERT },
    monitoring: { cloudWatchAgentImage: AGENT },
    ...change,
  };
}

function build(change: Partial<WebEnvironmentProps> = {}) {
  const stack = awsStack();
  const network = new Network(stack, "network", { name: "net", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
  const environment = new WebEnvironment(stack, "shop", props(network, change));
  return { stack, environment };
}

const synth = (change: Partial<WebEnvironmentProps> = {}) => synthJson(build(change).stack);
const decodeUserData = (json: SynthJson) => {
  const data = Buffer.from(String(one(json, "aws_launch_template").user_data), "base64");
  return (data[0] === 0x1f ? gunzipSync(data) : data).toString("utf8");
};

describe("WebEnvironment", () => {
  const common: Partial<WebEnvironmentProps> = { dataVolume: { containerPath: "/var/lib/shop" }, scaling: { cpuUtilizationPercent: 60 } };
  const json = synth({ ...common, releases: [V2, V1] });

  test("deploys are health-gated instance refreshes that roll back on their own", () => {
    const group = one(json, "aws_autoscaling_group");
    expect(group).toMatchObject({
      health_check_type: "ELB",
      health_check_grace_period: 600,
      min_size: 2,
      max_size: 4,
      launch_template: { version: expect.stringMatching(/^\$\{tostring\(aws_launch_template\.[\w-]+\.latest_version\)\}$/) },
      instance_refresh: {
        strategy: "Rolling",
        preferences: { auto_rollback: true, min_healthy_percentage: 100, max_healthy_percentage: 150, checkpoint_percentages: [50, 100], skip_matching: true },
      },
      lifecycle: { ignore_changes: ["desired_capacity"] },
    });
    const alarms = (group.instance_refresh as { preferences: { alarm_specification: { alarms: string[] } } }).preferences.alarm_specification.alarms;
    expect(alarms).toEqual([expect.stringMatching(/http-5xx-rate_\w+\.alarm_name\}$/), expect.stringMatching(/unhealthy-hosts_\w+\.alarm_name\}$/)]);
    expect(one(json, "aws_autoscaling_policy")).toMatchObject({ policy_type: "TargetTrackingScaling", target_tracking_configuration: { target_value: 60 } });
  });

  test("the load balancer serves HTTPS only with a TLS 1.3/1.2 policy, drops invalid headers, logs and is protected", () => {
    expect(one(json, "aws_lb")).toMatchObject({
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      access_logs: { enabled: true, prefix: "shop" },
    });
    expect(one(json, "aws_lb_listener", "https")).toMatchObject({
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: CERT,
    });
    expect(one(json, "aws_lb_listener", "http-redirect").default_action).toEqual([
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
    ]);
    expect(one(json, "aws_lb_target_group")).toMatchObject({ port: 8080, deregistration_delay: "60", health_check: { path: "/healthz", matcher: "200" } });
    expect(one(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(one(json, "aws_s3_bucket").tags).toMatchObject({
      "cdktf-docker-environments:encryption-reason": expect.stringMatching(/only Amazon S3 managed keys/),
    });
  });

  test("logs go to KMS-encrypted groups kept a year; the hosts get a per-host encrypted data volume and the release tag", () => {
    for (const group of Object.values(resources(json, "aws_cloudwatch_log_group"))) {
      expect(group).toMatchObject({ retention_in_days: 365, kms_key_id: expect.stringMatching(/aws_kms_key/) });
    }
    const template = one(json, "aws_launch_template");
    expect(template.block_device_mappings).toContainEqual({
      device_name: "/dev/sdg",
      ebs: { volume_type: "gp3", volume_size: 20, iops: 3000, throughput: 125, encrypted: "true", delete_on_termination: "true" },
    });
    expect(template.tags).toMatchObject({ "io.cdktf-docker-environments.release": "1.1.0" });
    const userData = decodeUserData(json);
    expect(userData).toContain(V2.image);
    expect(userData).not.toContain(V1.image);
    expect(userData).toContain("--log-driver awslogs --log-opt awslogs-create-group=false --log-opt awslogs-group=/web/shop/web");
  });

  test("the release output lists the active release and the history to roll back to", () => {
    const output = (json as unknown as { output: Record<string, { value: Record<string, unknown> }> }).output;
    const [, release] = Object.entries(output).find(([name]) => name.startsWith("shop_release_")) ?? [];
    expect(release?.value).toMatchObject({
      active: "1.1.0",
      image: V2.image,
      rolledBack: false,
      history: [
        { version: "1.1.0", image: V2.image },
        { version: "1.0.0", image: V1.image },
      ],
    });
  });

  test("a new release or a rollback changes only the launch template: the load balancer, target group and group stay as they are", () => {
    const diff = (a: SynthJson, b: SynthJson) =>
      Object.keys({ ...a.resource, ...b.resource }).flatMap((type) =>
        Object.keys({ ...a.resource[type], ...b.resource[type] }).flatMap((name) => {
          const [x, y] = [a.resource[type]?.[name] ?? {}, b.resource[type]?.[name] ?? {}];
          const fields = Object.keys({ ...x, ...y }).filter((f) => JSON.stringify(x[f]) !== JSON.stringify(y[f]));
          return fields.length ? [`${type}: ${fields.sort().join(", ")}`] : [];
        }),
      );
    const first = synth({ ...common, releases: [V1] });
    const { stack } = build({ ...common, releases: [V2, V1], activeRelease: "1.0.0" });
    const rolledBack = synthJson(stack);
    expect(diff(first, json)).toEqual(["aws_launch_template: tag_specifications, tags, user_data"]);
    expect(diff(json, rolledBack)).toEqual(["aws_launch_template: tag_specifications, tags, user_data"]);
    // Rolling back renders exactly the hosts the first release had, and says so at synth.
    expect(decodeUserData(rolledBack)).toBe(decodeUserData(first));
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === "@cdktf/warn")
      .map((m) => String(m.data));
    expect(warnings).toContainEqual(expect.stringMatching(/rolled back to release 1\.0\.0 \(the newest is 1\.1\.0\)/));
  });

  test("deletion protection and a shorter log retention come off only with named, reasoned exceptions, shown as tags; alarm actions reach every alarm", () => {
    const reason = "a throwaway staging environment rebuilt every night";
    const oncall = "arn:aws:sns:eu-west-1:123456789012:oncall";
    const weakened = synth({
      monitoring: { cloudWatchAgentImage: AGENT, alarmActions: [oncall] },
      loadBalancer: { certificateArn: CERT, deletionProtection: false },
      logRetentionInDays: 30,
      exceptions: [
        { rule: "DELETION-PROTECTION-OFF", reason },
        { rule: "LOG-RETENTION-UNDER-365", reason },
      ],
    });
    expect(one(weakened, "aws_lb")).toMatchObject({
      enable_deletion_protection: false,
      tags: { "io.cdktf-docker-environments.exception.deletion-protection-off": reason },
    });
    expect(one(weakened, "aws_cloudwatch_log_group", "shop_logs_group-web")).toMatchObject({
      retention_in_days: 30,
      tags: { "io.cdktf-docker-environments.exception.log-retention-under-365": reason },
    });
    for (const alarm of Object.values(resources(weakened, "aws_cloudwatch_metric_alarm"))) {
      expect(alarm).toMatchObject({ alarm_actions: [oncall], ok_actions: [oncall] });
    }
  });

  describe("refuses", () => {
    test.each<[string, Partial<WebEnvironmentProps>, string, string, unknown, RegExp]>([
      [
        "HTTPS without a certificate",
        { loadBalancer: { certificateArn: "" } },
        "test/shop/load-balancer",
        "loadBalancer.certificateArn",
        "",
        /needs a certificate/,
      ],
      [
        "an invalid health check path",
        { loadBalancer: { certificateArn: CERT, healthCheck: { path: "health" } } },
        "test/shop/load-balancer",
        "loadBalancer.healthCheck.path",
        "health",
        /must start with \//,
      ],
      ["inverted capacity bounds", { capacity: { minSize: 4, maxSize: 2 } }, "test/shop", "capacity.minSize", 4, /bounds are inverted/],
      [
        "desired capacity outside the bounds",
        { capacity: { minSize: 2, maxSize: 4, desiredCapacity: 5 } },
        "test/shop",
        "capacity.desiredCapacity",
        5,
        /outside the bounds/,
      ],
      [
        "deletion protection off without the exception",
        { loadBalancer: { certificateArn: CERT, deletionProtection: false } },
        "test/shop/load-balancer",
        "loadBalancer.deletionProtection",
        false,
        /deletion protection on load balancers; checkov CKV_AWS_150.*DELETION-PROTECTION-OFF/,
      ],
      [
        "an exception nothing needs",
        { exceptions: [{ rule: "DELETION-PROTECTION-OFF", reason: "not needed at all here" }] },
        "test/shop/load-balancer",
        "exceptions[0].rule",
        "DELETION-PROTECTION-OFF",
        /exception is unused/,
      ],
      [
        "a host exception at the environment",
        { exceptions: [{ rule: "IMDS-HOP-LIMIT-2", reason: "the agent wants metadata" }] },
        "test/shop",
        "exceptions",
        [{ rule: "IMDS-HOP-LIMIT-2", reason: "the agent wants metadata" }],
        /only DELETION-PROTECTION-OFF and LOG-RETENTION-UNDER-365/,
      ],
      ["logs kept 30 days without the exception", { logRetentionInDays: 30 }, "test/shop/logs", "retentionInDays", 30, /LOG-RETENTION-UNDER-365/],
      [
        "a rollback to a release no longer retained",
        { releases: [V2], activeRelease: "1.0.0" },
        "test/shop",
        "activeRelease",
        "1.0.0",
        /not one of the retained releases/,
      ],
      ["an environment name with capitals", { name: "Shop" }, "test/shop", "name", "Shop", /not an environment name/],
      [
        "a service named like the agent",
        { service: { name: "cloudwatch-agent", containerPort: 8080, healthCheck: { command: "true" } } },
        "test/shop",
        "service.name",
        "cloudwatch-agent",
        /name of the CloudWatch agent/,
      ],
      [
        "an agent image without a digest",
        { monitoring: { cloudWatchAgentImage: "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.3" } },
        "test/shop",
        "cloudWatchAgent.image",
        "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.3",
        /pinned by digest/,
      ],
    ])("%s", (_label, change, where, field, value, problem) => {
      expectRefusal(() => build(change), { where, field, value, problem });
    });
  });
});
