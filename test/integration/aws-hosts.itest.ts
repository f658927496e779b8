import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { VpcSecurityGroupIngressRule } from "../../lib/providers/aws";
import { HostsExampleStack } from "../../stacks/hosts-example";
import { hardeningAssertions, MOCK_AMI, MOCK_AWS_PROVIDER, MOCK_VPC_IPV6 } from "../support/aws-hardening-tftest";
import type { TerraformJson } from "../support/aws-hardening-tftest";
import { offlineTerraform, synthStackToDir } from "../support/terraform";

/**
 * The example stack with hosts (stacks/hosts-example.ts) through the real Terraform and the
 * real hashicorp/aws 5.100.0 provider schema, offline: `terraform validate`, then
 * `terraform test` with `mock_provider "aws"` applying the whole graph and asserting the
 * hardening on the values Terraform computes. A second stack, weakened through escape
 * hatches, proves the assertions fail when the hardening is gone.
 */
const terraform = offlineTerraform();
const skip = terraform.unavailable !== undefined && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the Terraform tests of the AWS hosts: ${terraform.unavailable} (CDKTFDE_ALLOW_SKIP=1)`);

function synthExample(weaken?: (stack: HostsExampleStack) => void): { dir: string; json: TerraformJson } {
  const dir = synthStackToDir((outdir) => {
    const app = new App({ outdir });
    const stack = new HostsExampleStack(app, "hosts-example");
    weaken?.(stack);
    app.synth();
  }, "hosts-example");
  return { dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as TerraformJson };
}

function only(json: TerraformJson, type: string, fragment: string): string {
  const found = Object.keys(json.resource?.[type] ?? json.data?.[type] ?? {}).filter((n) => n.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${found.join(", ")}`);
  return found[0];
}

/** What the example's wiring must produce, on top of the generic hardening. */
function wiringAssertions(json: TerraformJson): string {
  const web = `aws_instance.${only(json, "aws_instance", "web_")}`;
  const db = `aws_instance.${only(json, "aws_instance", "database_")}`;
  const template = `aws_launch_template.${only(json, "aws_launch_template", "fleet_")}`;
  const privateSubnets = Object.keys(json.resource!.aws_subnet).filter((n) => n.includes("private"));
  const subnets = Object.keys(json.resource!.aws_subnet).map((n) => `aws_subnet.${n}`);
  const check = (condition: string, message: string) => `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;
  return [
    check(`${web}.ami == "${MOCK_AMI}"`, "the web host's AMI is not the SSM parameter's value"),
    check(`${template}.image_id == "ami-0123456789abcdef0"`, "the template's explicit AMI is lost"),
    check(
      `${web}.user_data_replace_on_change == false && ${db}.user_data_replace_on_change == true`,
      "user_data_replace_on_change does not follow userDataChange",
    ),
    check(`startswith(base64decode(${template}.user_data), "#cloud-config\\n")`, "the template's user data is not base64 of the cloud-config"),
    check(`${template}.metadata_options[0].http_put_response_hop_limit == 2`, "the fleet's hop limit 2 (with its exception) is lost"),
    check(`length(distinct([${subnets.map((s) => `${s}.ipv6_cidr_block`).join(", ")}])) == ${subnets.length}`, "subnets share an IPv6 block"),
    check(
      `alltrue([${subnets.map((s) => `endswith(${s}.ipv6_cidr_block, "/64") && startswith(${s}.ipv6_cidr_block, "2a05:d018:1234:56")`).join(", ")}])`,
      "a subnet's IPv6 block is not a /64 of the VPC's /56",
    ),
    check(
      `length(distinct([${privateSubnets.map((s) => `aws_subnet.${s}.availability_zone`).join(", ")}])) == ${privateSubnets.length}`,
      "two private subnets share an availability zone",
    ),
    check(`${db}.ipv6_address_count == 1`, "the private host has no IPv6 address"),
  ].join("");
}

function testFile(json: TerraformJson, extraRuns = ""): string {
  const zones = only(json, "aws_availability_zones", "zones");
  return `${MOCK_AWS_PROVIDER}
run "hardened_hosts_and_network" {
  command = apply
${hardeningAssertions(json)}${wiringAssertions(json)}}
${extraRuns.replace(/ZONES/g, `data.aws_availability_zones.${zones}`)}`;
}

const describeTerraform = skip ? describe.skip : describe;

describeTerraform("the AWS hosts example stack under Terraform (offline)", () => {
  beforeAll(() => {
    if (terraform.unavailable !== undefined) {
      throw new Error(`terraform cannot run here: ${terraform.unavailable}. Install it and the provider mirror, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
    }
  });

  test("terraform validate accepts it and terraform test proves the hardening on the computed values", () => {
    const { dir, json } = synthExample();
    // The generated assertions must have something to check.
    expect(Object.keys(json.resource!.aws_instance)).toHaveLength(2);
    expect(Object.keys(json.resource!.aws_launch_template)).toHaveLength(1);
    expect(Object.keys(json.resource!.aws_ebs_volume)).toHaveLength(2);
    expect(Object.keys(json.resource!.aws_vpc_security_group_ingress_rule).length).toBeGreaterThanOrEqual(2);

    const validate = terraform.validate(dir);
    expect(validate.output).toContain("The configuration is valid");
    expect(validate.valid).toBe(true);

    const zonesRun = `
run "refuses_a_region_with_too_few_zones" {
  command = plan
  override_data {
    target = ZONES
    values = { names = ["eu-west-1a"] }
  }
  expect_failures = [ZONES]
}
`;
    const result = terraform.test(dir, { "hosts.tftest.hcl": testFile(json, zonesRun) });
    if (!result.passed) throw new Error(result.output);
    expect(result.output).toMatch(/run "hardened_hosts_and_network"\.\.\. pass/);
    expect(result.output).toMatch(/run "refuses_a_region_with_too_few_zones"\.\.\. pass/);
    expect(result.output).toMatch(/Success! 2 passed, 0 failed/);
    expect(MOCK_VPC_IPV6).toMatch(/\/56$/);
  });

  test("the same assertions fail on a stack weakened through escape hatches", () => {
    const { dir, json } = synthExample((stack) => {
      stack.web.instance.addOverride("metadata_options.http_tokens", "optional");
      stack.web.instance.addOverride("associate_public_ip_address", true);
      stack.web.instance.addOverride("monitoring", false);
      stack.database.dataVolume.addOverride("encrypted", false);
      stack.fleet.launchTemplate.addOverride("metadata_options.http_put_response_hop_limit", 3);
      stack.network.flowLogs.key.addOverride("enable_key_rotation", false);
      stack.network.defaultSecurityGroup.addOverride("ingress", [
        {
          protocol: "-1",
          from_port: 0,
          to_port: 0,
          self: true,
          cidr_blocks: [],
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          security_groups: [],
          description: "all from members",
        },
      ]);
      new VpcSecurityGroupIngressRule(stack, "open-ssh", {
        securityGroupId: stack.web.securityGroup.securityGroupId,
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: "0.0.0.0/0",
        description: "SSH from anywhere",
      });
      new VpcSecurityGroupIngressRule(stack, "everything-v6", {
        securityGroupId: stack.web.securityGroup.securityGroupId,
        ipProtocol: "-1",
        cidrIpv6: "::/0",
        description: " ",
      });
    });
    expect(terraform.validate(dir).valid).toBe(true);
    const result = terraform.test(dir, { "hosts.tftest.hcl": testFile(json) });
    expect(result.passed).toBe(false);
    const failures = [
      /web_instance_\w+: IMDSv2 is not required/,
      /web_instance_\w+: public IP without the PUBLIC-IP exception/,
      /web_instance_\w+: detailed monitoring is off/,
      /database_docker-data_\w+: EBS volume not encrypted/,
      /fleet_launch-template_\w+: metadata hop limit above 1 without the IMDS-HOP-LIMIT-2 exception/,
      /network_flow-logs_key_\w+: key rotation is off/,
      /network_default-security-group_\w+: the default security group has rules/,
      /open-ssh: port 22 open to the internet without the exception/,
      /everything-v6: port 22 open to the internet without the exception/,
      /everything-v6: port 3389 open to the internet without the exception/,
      /everything-v6: rule without a description/,
    ];
    // Terraform wraps long messages: compare with the whitespace folded.
    const output = result.output.replace(/\s+/g, " ");
    for (const failure of failures) expect(output).toMatch(failure);
    // Nothing else failed: the untouched database host and network pass the same assertions.
    expect(output).not.toMatch(/database_instance_\w+: /);
    expect(output).not.toMatch(/subnet assigns public IPs|no flow log|not encrypted with KMS/);
    // Every condition was evaluated: none failed for a null or an unknown value instead of the check.
    expect(output).not.toMatch(/Operation failed|Unknown condition value/);
  });
});
