/**
 * The `terraform test` assertions of the `web` stack (run against `mock_provider "aws"`), on
 * the values Terraform computes: the deploy strategy, the load balancer's TLS, redirect,
 * header, access-log and deletion-protection settings, the log groups, grants, alarms and the
 * release output. Addresses are looked up in the synthesized JSON; the conditions are Terraform's.
 */
import { MOCK_AWS_PROVIDER } from "./aws-hardening-tftest";
import type { TerraformJson } from "./aws-hardening-tftest";

export const ACCOUNT = "123456789012";
export const CERTIFICATE = `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/0d2b1c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;

/** MOCK_AWS_PROVIDER plus realistic ARNs and ids for what the provider validates downstream (listener ARNs, launch template ids). */
export const WEB_MOCK_PROVIDER = MOCK_AWS_PROVIDER.replace(
  /}\n$/,
  `  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/shop/0123456789abcdef", arn_suffix = "app/shop/0123456789abcdef", dns_name = "shop-123.eu-west-1.elb.amazonaws.com" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/shop/0123456789abcdef", arn_suffix = "targetgroup/shop/0123456789abcdef" }
  }
  mock_resource "aws_launch_template" {
    defaults = { id = "lt-0123456789abcdef0", latest_version = 7 }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::alb-access-logs-mock", id = "alb-access-logs-mock" }
  }
  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = { arn = "arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:mock" }
  }
  mock_resource "aws_autoscaling_group" {
    defaults = { arn = "arn:aws:autoscaling:eu-west-1:${ACCOUNT}:autoScalingGroup:mock:autoScalingGroupName/shop" }
  }
}
`,
);

export function only(json: TerraformJson, type: string, fragment: string, kind: "resource" | "data" = "resource"): string {
  const found = Object.keys(json[kind]?.[type] ?? {}).filter((n) => n.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${found.join(", ") || "none"}`);
  return `${kind === "data" ? "data." : ""}${type}.${found[0]}`;
}

export function check(condition: string, message: string): string {
  return `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;
}

/** The assertions of the environment's settings. */
export function webAssertions(json: TerraformJson & { output?: Record<string, unknown> }): string {
  const asg = only(json, "aws_autoscaling_group", "shop_fleet_group");
  const lt = only(json, "aws_launch_template", "shop_fleet");
  const tg = only(json, "aws_lb_target_group", "shop_load-balancer");
  const lb = only(json, "aws_lb", "shop_load-balancer");
  const https = only(json, "aws_lb_listener", "https");
  const http = only(json, "aws_lb_listener", "http-redirect");
  const bucket = only(json, "aws_s3_bucket", "access-logs");
  const sse = only(json, "aws_s3_bucket_server_side_encryption_configuration", "access-logs");
  const versioning = only(json, "aws_s3_bucket_versioning", "access-logs");
  const pab = only(json, "aws_s3_bucket_public_access_block", "access-logs");
  const policy = `jsondecode(${only(json, "aws_s3_bucket_policy", "access-logs")}.policy).Statement`;
  const alarm5xx = only(json, "aws_cloudwatch_metric_alarm", "http-5xx-rate");
  const unhealthy = only(json, "aws_cloudwatch_metric_alarm", "unhealthy-hosts");
  const cpu = only(json, "aws_cloudwatch_metric_alarm", "_cpu_");
  const memory = only(json, "aws_cloudwatch_metric_alarm", "_memory_");
  const key = only(json, "aws_kms_key", "shop_logs");
  const groups = Object.keys(json.resource?.aws_cloudwatch_log_group ?? {})
    .filter((n) => n.startsWith("shop_logs_"))
    .map((n) => `aws_cloudwatch_log_group.${n}`);
  const writeGrant = `jsondecode(${only(json, "aws_iam_role_policy", "write-grant")}.policy).Statement[0]`;
  const metricsGrant = `jsondecode(${only(json, "aws_iam_role_policy", "metrics-grant")}.policy).Statement`;
  const privateSubnets = Object.keys(json.resource?.aws_subnet ?? {})
    .filter((n) => n.includes("private"))
    .map((n) => `aws_subnet.${n}`);
  const publicSubnets = Object.keys(json.resource?.aws_subnet ?? {})
    .filter((n) => n.includes("public"))
    .map((n) => `aws_subnet.${n}`);
  const release = `output.${Object.keys(json.output ?? {}).find((n) => n.startsWith("shop_release_"))}`;
  const prefs = `${asg}.instance_refresh[0].preferences[0]`;
  return [
    check(
      `${asg}.instance_refresh[0].strategy == "Rolling" && ${prefs}.auto_rollback == true`,
      "deploys are not rolling instance refreshes with automatic rollback",
    ),
    check(
      `toset(${prefs}.alarm_specification[0].alarms) == toset([${alarm5xx}.alarm_name, ${unhealthy}.alarm_name])`,
      "the refresh does not watch the 5xx and unhealthy-host alarms",
    ),
    check(
      `${prefs}.min_healthy_percentage == 100 && ${prefs}.max_healthy_percentage == 150 && jsonencode(${prefs}.checkpoint_percentages) == jsonencode([50, 100]) && ${prefs}.checkpoint_delay == "300"`,
      "the refresh does not keep full capacity with checkpoints",
    ),
    check(
      `${asg}.health_check_type == "ELB" && ${asg}.health_check_grace_period == 600 && contains(${asg}.target_group_arns, ${tg}.arn)`,
      "the group does not replace hosts that fail the load balancer health check",
    ),
    check(
      `${asg}.launch_template[0].id == ${lt}.id && ${asg}.launch_template[0].version == tostring(${lt}.latest_version) && !contains(["$Latest", "$Default"], ${asg}.launch_template[0].version)`,
      "the group does not pin the launch template's numbered latest version (rollback needs one)",
    ),
    check(
      `toset(${asg}.vpc_zone_identifier) == toset([${privateSubnets.map((s) => `${s}.id`).join(", ")}]) && length(distinct([${privateSubnets.map((s) => `${s}.availability_zone`).join(", ")}])) >= 2`,
      "the fleet is not in the private subnets of at least two zones",
    ),
    check(`${asg}.min_size == 2 && ${asg}.max_size == 6 && ${asg}.desired_capacity == 2`, "the capacity bounds are not 2..6"),
    check(
      `${tg}.health_check[0].path == "/healthz" && ${tg}.health_check[0].matcher == "200" && ${tg}.health_check[0].interval == 10 && ${tg}.health_check[0].timeout == 5 && ${tg}.health_check[0].healthy_threshold == 2 && ${tg}.health_check[0].unhealthy_threshold == 3`,
      "the target group health check is not the configured one",
    ),
    check(`${tg}.deregistration_delay == "30" && ${tg}.slow_start == 60 && ${tg}.port == 8080`, "draining or slow start is not configured"),
    check(
      `${https}.port == 443 && ${https}.protocol == "HTTPS" && ${https}.certificate_arn == var.certificate_arn && ${https}.default_action[0].target_group_arn == ${tg}.arn`,
      "there is no HTTPS listener with the certificate forwarding to the target group",
    ),
    check(`${https}.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"`, "the HTTPS listener does not use the TLS 1.3/1.2 policy"),
    check(
      `${http}.port == 80 && ${http}.default_action[0].type == "redirect" && ${http}.default_action[0].redirect[0].protocol == "HTTPS" && ${http}.default_action[0].redirect[0].status_code == "HTTP_301"`,
      "port 80 does not redirect to HTTPS",
    ),
    check(`${lb}.drop_invalid_header_fields == true && ${lb}.internal == false`, "the load balancer passes invalid header fields"),
    check(`${lb}.enable_deletion_protection == true`, "the load balancer has no deletion protection"),
    check(
      `${lb}.access_logs[0].enabled == true && ${lb}.access_logs[0].bucket == ${bucket}.id && toset(${lb}.subnets) == toset([${publicSubnets.map((s) => `${s}.id`).join(", ")}])`,
      "the load balancer does not write access logs to its bucket",
    ),
    check(
      `one(${sse}.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256" && ${versioning}.versioning_configuration[0].status == "Enabled" && alltrue([${pab}.block_public_acls, ${pab}.block_public_policy, ${pab}.ignore_public_acls, ${pab}.restrict_public_buckets])`,
      "the access log bucket is not encrypted, versioned and private",
    ),
    check(
      `length([for s in ${policy} : s if s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false"]) == 1 && one([for s in ${policy} : s.Resource if try(s.Principal.Service, "") == "logdelivery.elasticloadbalancing.amazonaws.com"]) == "\${${bucket}.arn}/shop/AWSLogs/${ACCOUNT}/*"`,
      "the access log bucket does not deny plain HTTP or does not let ELB log delivery write",
    ),
    check(
      `alltrue([${groups.map((g) => `${g}.retention_in_days == 365 && ${g}.kms_key_id == ${key}.arn`).join(", ")}]) && ${groups.length} == 2`,
      "the service log groups are not kept 365 days and encrypted with their key",
    ),
    check(
      `one([for s in jsondecode(${key}.policy).Statement : s.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] if try(s.Principal.Service, "") == "logs.eu-west-1.amazonaws.com"]) == "arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/web/shop/*"`,
      "the log key does not let CloudWatch Logs use it for the environment's groups only",
    ),
    check(
      `toset(${writeGrant}.Action) == toset(["logs:CreateLogStream", "logs:PutLogEvents"]) && toset(${writeGrant}.Resource) == toset([${groups.map((g) => `"\${${g}.arn}:*"`).join(", ")}])`,
      "the hosts may not write (only) their log groups",
    ),
    check(
      `one([for s in ${metricsGrant} : s.Condition.StringEquals["cloudwatch:namespace"] if s.Action == "cloudwatch:PutMetricData"]) == "CWAgent"`,
      "the agent's metric grant is not limited to its namespace",
    ),
    check(
      `${alarm5xx}.threshold == 5 && length(${alarm5xx}.metric_query) == 4 && ${unhealthy}.metric_name == "UnHealthyHostCount" && ${unhealthy}.dimensions.TargetGroup == ${tg}.arn_suffix`,
      "the 5xx-rate or unhealthy-host alarm is wrong",
    ),
    check(
      `${cpu}.dimensions.AutoScalingGroupName == ${asg}.name && ${memory}.namespace == "CWAgent" && ${memory}.metric_name == "mem_used_percent" && ${memory}.dimensions.AutoScalingGroupName == ${asg}.name`,
      "the CPU or memory alarm does not watch the fleet",
    ),
    check(`length(jsondecode(${only(json, "aws_cloudwatch_dashboard", "shop")}.dashboard_body).widgets) == 7`, "the dashboard is missing widgets"),
    check(
      `${release}.active == "1.5.0" && ${release}.rolledBack == false && length(${release}.history) == 3 && ${release}.history[1].version == "1.4.2"`,
      "the release output does not show the active release and the history",
    ),
    check(
      `contains([for m in ${lt}.block_device_mappings : m.device_name if m.ebs[0].encrypted == "true" && m.ebs[0].delete_on_termination == "true"], "/dev/sdg") && ${lt}.tags["io.cdktf-docker-environments.release"] == "1.5.0"`,
      "the hosts have no encrypted data volume or no release tag",
    ),
  ].join("");
}
