/**
 * Writes a `terraform test` file that checks the hardening of every host, volume, security
 * group rule and network resource in a synthesized AWS stack, on the values Terraform computes
 * (escape-hatch overrides included), against `mock_provider "aws"` offline. The assertions are
 * generated per resource from the stack's `cdk.tf.json`; the conditions are Terraform's.
 */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

export const MOCK_AMI = "ami-0abcdef0123456789";
export const MOCK_VPC_IPV6 = "2a05:d018:1234:5600::/56";
export const MOCK_ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

/**
 * The mock provider with realistic values for the computed attributes the provider itself
 * validates (ARNs, partition) or the configuration computes with (the VPC's IPv6 block).
 */
export const MOCK_AWS_PROVIDER = `mock_provider "aws" {
  mock_resource "aws_vpc" {
    defaults = { ipv6_cidr_block = "${MOCK_VPC_IPV6}" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/mock" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_instance" {
    defaults = { ipv6_addresses = ["2a05:d018:1234:5680::10"], private_ip = "10.20.0.10", key_name = "" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_ssm_parameter" {
    defaults = { insecure_value = "${MOCK_AMI}" }
  }
  mock_data "aws_ami" {
    defaults = { root_device_name = "/dev/sda1" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ${JSON.stringify(MOCK_ZONES)} }
  }
}
`;

const EXCEPTION_TAG = "io.cdktf-docker-environments.exception.";

function names(json: TerraformJson, type: string): string[] {
  return Object.keys(json.resource?.[type] ?? {});
}

function assert(condition: string, message: string): string {
  return `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;
}

/** Ingress from the whole internet that reaches TCP `port`. */
function openToInternet(rule: string, port: number): string {
  return (
    `(contains(["0.0.0.0/0", "::/0"], coalesce(${rule}.cidr_ipv4, ${rule}.cidr_ipv6, "none")) && ` +
    `(contains(["-1", "all"], ${rule}.ip_protocol) || (contains(["tcp", "6"], ${rule}.ip_protocol) && coalesce(${rule}.from_port, -1) <= ${port} && coalesce(${rule}.to_port, -1) >= ${port})))`
  );
}

/** The assert blocks for every resource of the stack that the hardening covers. */
export function hardeningAssertions(json: TerraformJson): string {
  let out = "";
  for (const name of names(json, "aws_instance")) {
    const i = `aws_instance.${name}`;
    out += assert(`${i}.metadata_options[0].http_tokens == "required"`, `${name}: IMDSv2 is not required`);
    out += assert(`${i}.metadata_options[0].http_endpoint == "enabled"`, `${name}: the metadata endpoint is off (SSM needs it)`);
    out += assert(
      `${i}.metadata_options[0].http_put_response_hop_limit == 1 || (${i}.metadata_options[0].http_put_response_hop_limit == 2 && length(try(${i}.tags["${EXCEPTION_TAG}imds-hop-limit-2"], "")) >= 10)`,
      `${name}: metadata hop limit above 1 without the IMDS-HOP-LIMIT-2 exception`,
    );
    out += assert(`${i}.root_block_device[0].encrypted == true`, `${name}: root volume not encrypted`);
    out += assert(`${i}.monitoring == true`, `${name}: detailed monitoring is off`);
    out += assert(`${i}.ebs_optimized == true`, `${name}: not EBS-optimized`);
    out += assert(
      `${i}.associate_public_ip_address == false || length(try(${i}.tags["${EXCEPTION_TAG}public-ip"], "")) >= 10`,
      `${name}: public IP without the PUBLIC-IP exception`,
    );
    out += assert(`${i}.iam_instance_profile != null && ${i}.iam_instance_profile != ""`, `${name}: no instance profile (SSM needs one)`);
    out += assert(`${i}.key_name == null || ${i}.key_name == ""`, `${name}: an SSH key pair is set`);
  }
  for (const name of names(json, "aws_launch_template")) {
    const t = `aws_launch_template.${name}`;
    out += assert(`${t}.metadata_options[0].http_tokens == "required"`, `${name}: IMDSv2 is not required`);
    out += assert(
      `${t}.metadata_options[0].http_put_response_hop_limit == 1 || (${t}.metadata_options[0].http_put_response_hop_limit == 2 && length(try(${t}.tags["${EXCEPTION_TAG}imds-hop-limit-2"], "")) >= 10)`,
      `${name}: metadata hop limit above 1 without the IMDS-HOP-LIMIT-2 exception`,
    );
    out += assert(
      `length(${t}.block_device_mappings) >= 2 && alltrue([for m in ${t}.block_device_mappings : m.ebs[0].encrypted == "true"])`,
      `${name}: a volume is not encrypted`,
    );
    out += assert(`contains([for m in ${t}.block_device_mappings : m.device_name], "/dev/sda1")`, `${name}: no mapping for the AMI's root device`);
    out += assert(`${t}.monitoring[0].enabled == true`, `${name}: detailed monitoring is off`);
    out += assert(`${t}.ebs_optimized == "true"`, `${name}: not EBS-optimized`);
    out += assert(`alltrue([for n in ${t}.network_interfaces : n.associate_public_ip_address == "false"])`, `${name}: hosts get a public IP`);
    out += assert(`${t}.iam_instance_profile[0].arn != ""`, `${name}: no instance profile`);
  }
  for (const name of names(json, "aws_ebs_volume")) {
    out += assert(`aws_ebs_volume.${name}.encrypted == true`, `${name}: EBS volume not encrypted`);
  }
  for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
    for (const name of names(json, type)) {
      const r = `${type}.${name}`;
      out += assert(`length(trimspace(coalesce(${r}.description, ""))) > 0`, `${name}: rule without a description`);
      if (type.endsWith("ingress_rule")) {
        for (const [port, rule] of [
          [22, "ssh-from-internet"],
          [3389, "rdp-from-internet"],
        ] as const) {
          out += assert(
            `!${openToInternet(r, port)} || strcontains(coalesce(${r}.description, ""), "[exception ${rule.toUpperCase()}: ")`,
            `${name}: port ${port} open to the internet without the exception`,
          );
        }
      }
    }
  }
  for (const name of names(json, "aws_security_group")) {
    out += assert(`length(aws_security_group.${name}.description) > 0`, `${name}: security group without a description`);
  }
  for (const name of names(json, "aws_default_security_group")) {
    const g = `aws_default_security_group.${name}`;
    out += assert(`length(${g}.ingress) == 0 && length(${g}.egress) == 0`, `${name}: the default security group has rules`);
  }
  for (const name of names(json, "aws_subnet")) {
    out += assert(`aws_subnet.${name}.map_public_ip_on_launch == false`, `${name}: subnet assigns public IPs`);
  }
  const vpcs = names(json, "aws_vpc");
  const flowLogs = names(json, "aws_flow_log");
  for (const name of vpcs) {
    out += assert(
      `length([for f in [${flowLogs.map((f) => `aws_flow_log.${f}`).join(", ")}] : f if f.vpc_id == aws_vpc.${name}.id]) > 0`,
      `${name}: no flow log`,
    );
  }
  for (const name of names(json, "aws_cloudwatch_log_group")) {
    const g = `aws_cloudwatch_log_group.${name}`;
    out += assert(`${g}.kms_key_id != null && ${g}.kms_key_id != ""`, `${name}: log group not encrypted with KMS`);
    out += assert(
      `${g}.retention_in_days >= 365 || ${g}.retention_in_days == 0 || length(try(${g}.tags["${EXCEPTION_TAG}log-retention-under-365"], "")) >= 10`,
      `${name}: retention under 365 days`,
    );
  }
  for (const name of names(json, "aws_kms_key")) {
    out += assert(`aws_kms_key.${name}.enable_key_rotation == true`, `${name}: key rotation is off`);
  }
  return out;
}
