import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { BeanstalkStack } from "../../stacks/beanstalk";
import { offlineTerraform, synthStackToDir } from "../support/terraform";

/**
 * The `beanstalk` stack through the real Terraform and the hashicorp/aws 5.100.0 provider schema,
 * offline: `terraform validate`, then `terraform test` with `mock_provider "aws"` applying the graph
 * and asserting the settings on the values Terraform computes (deployment policy, IMDSv2 only,
 * HTTPS listener and redirect, log streaming, the bundle's hardening and secret ARNs, the bucket).
 * A copy weakened through the escape hatch proves the assertions fail when the settings are gone.
 */
const terraform = offlineTerraform();
const skip = terraform.unavailable !== undefined && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the Terraform tests of the beanstalk stack: ${terraform.unavailable} (CDKTFDE_ALLOW_SKIP=1)`);
const describeTerraform = skip ? describe.skip : describe;

type TerraformJson = { resource: Record<string, Record<string, unknown>>; data: Record<string, Record<string, unknown>> };
const ACCOUNT = "111122223333";
const REGISTRY = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`;

function synth(weaken?: (stack: BeanstalkStack) => void): { dir: string; json: TerraformJson } {
  const dir = synthStackToDir((outdir) => {
    const app = new App({ outdir });
    const stack = new BeanstalkStack(app, "beanstalk");
    weaken?.(stack);
    app.synth();
  }, "beanstalk");
  return { dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as TerraformJson };
}

function address(json: TerraformJson, type: string, fragment: string, kind: "resource" | "data" = "resource"): string {
  const names = Object.keys(json[kind][type] ?? {}).filter((n) => n.includes(fragment));
  if (names.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${names.join(", ")}`);
  return `${kind === "data" ? "data." : ""}${type}.${names[0]}`;
}

/** The mocks, the overrides that put the repositories in the expected account, and the variables. */
function testFile(json: TerraformJson): string {
  return `${preamble()}
${secureRuns(json)}`;
}

/** A file of its own (so its own state), where the web repository lands in another account. */
function wrongAccountFile(): string {
  return `${preamble()}
run "images_from_another_account_are_refused" {
  command = apply
  override_resource {
    target = aws_ecr_repository.repository-web
    values = { repository_url = "999999999999.dkr.ecr.eu-west-1.amazonaws.com/beanstalk-demo/web" }
  }
  expect_failures = [aws_ecr_repository.repository-web]
}
`;
}

function preamble(): string {
  const repository = (name: string) => `override_resource {
  target = aws_ecr_repository.repository-${name}
  values = { repository_url = "${REGISTRY}/beanstalk-demo/${name}", arn = "arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/beanstalk-demo/${name}" }
}
`;
  return `mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "${ACCOUNT}" }
  }
  mock_data "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/awseb-mock/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::${ACCOUNT}:role/mock" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::beanstalk-bundles-mock" }
  }
  mock_resource "aws_elastic_beanstalk_environment" {
    defaults = { load_balancers = ["arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/awseb-mock/0123456789abcdef"] }
  }
}

${repository("web")}${repository("proxy")}
variables {
  vpc_id                   = "vpc-0a1b2c3d4e5f60718"
  instance_subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
  load_balancer_subnet_ids = ["subnet-0c3d4e5f607182930", "subnet-0d4e5f60718293041"]
  certificate_arn          = "arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/0d2b1c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
}
`;
}

function secureRuns(json: TerraformJson): string {
  const env = address(json, "aws_elastic_beanstalk_environment", "environment");
  const setting = (namespace: string, name: string) => `one([for s in ${env}.setting : s.value if s.namespace == "${namespace}" && s.name == "${name}"])`;
  const object = address(json, "aws_s3_object", "source-bundle");
  const bundle = `jsondecode(${object}.content)`;
  const version = address(json, "aws_elastic_beanstalk_application_version", "version");
  const bucket = (type: string, fragment: string) => address(json, type, `bundles_${fragment}`);
  const rule = address(json, "aws_lb_listener_rule", "http-to-https");
  const listener = address(json, "aws_lb_listener", "http-listener", "data");
  const check = (condition: string, message: string) => `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;
  return `run "secure_environment" {
  command = apply
${check(`${setting("aws:elasticbeanstalk:command", "DeploymentPolicy")} == "RollingWithAdditionalBatch" && ${setting("aws:elasticbeanstalk:command", "BatchSize")} == "1"`, "the deployment policy is not RollingWithAdditionalBatch with batches of one")}${check(`${setting("aws:autoscaling:launchconfiguration", "DisableIMDSv1")} == "true"`, "IMDSv1 is not disabled")}${check(
    `${setting("aws:elasticbeanstalk:environment", "LoadBalancerType")} == "application" && ${setting("aws:elbv2:listener:443", "Protocol")} == "HTTPS" && ${setting("aws:elbv2:listener:443", "SSLCertificateArns")} == var.certificate_arn`,
    "there is no HTTPS listener with the certificate on an application load balancer",
  )}${check(`${setting("aws:elbv2:listener:443", "SSLPolicy")} == "ELBSecurityPolicy-TLS13-1-2-2021-06"`, "the HTTPS listener does not require TLS 1.2+")}${check(
    `${rule}.listener_arn == ${listener}.arn && ${listener}.port == 80 && ${rule}.action[0].redirect[0].protocol == "HTTPS" && ${rule}.action[0].redirect[0].status_code == "HTTP_301"`,
    "port 80 does not redirect to HTTPS",
  )}${check(
    `${setting("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs")} == "true" && ${setting("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays")} == "365" && ${setting("aws:elasticbeanstalk:cloudwatch:logs:health", "HealthStreamingEnabled")} == "true"`,
    "logs and health are not streamed to CloudWatch for a year",
  )}${check(`${setting("aws:elasticbeanstalk:healthreporting:system", "SystemType")} == "enhanced" && ${setting("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled")} == "true"`, "enhanced health or managed updates are off")}${check(
    `${setting("aws:ec2:vpc", "Subnets")} == join(",", var.instance_subnet_ids) && ${setting("aws:ec2:vpc", "AssociatePublicIpAddress")} == "false"`,
    "the instances are not in the given private subnets",
  )}${check(`${env}.version_label == ${version}.name && ${version}.key == ${object}.key && ${object}.key == "bundles/beanstalk-demo/\${sha256(${object}.content)}/Dockerrun.aws.json"`, "the environment does not run the uploaded, content-addressed bundle")}${check(
    `${bundle}.executionRoleArn == ${address(json, "aws_iam_role", "execution-role")}.arn && alltrue([for c in ${bundle}.containerDefinitions : c.readonlyRootFilesystem && c.linuxParameters.capabilities.drop == ["ALL"] && c.dockerSecurityOptions == ["no-new-privileges"] && !c.privileged])`,
    "the bundle's containers are not hardened or the execution role is not the stack's",
  )}${check(
    `contains([for s in ${bundle}.containerDefinitions[0].secrets : s.valueFrom], "arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/beanstalk-demo/database-password") && length([for e in ${bundle}.containerDefinitions[0].environment : e if can(regex("(?i)password|secret", e.name))]) == 0`,
    "the database password is not referenced by ARN only",
  )}${check(
    `alltrue([${bucket("aws_s3_bucket_public_access_block", "public-access-block")}.block_public_acls, ${bucket("aws_s3_bucket_public_access_block", "public-access-block")}.block_public_policy, ${bucket("aws_s3_bucket_public_access_block", "public-access-block")}.ignore_public_acls, ${bucket("aws_s3_bucket_public_access_block", "public-access-block")}.restrict_public_buckets])`,
    "the bundle bucket is not private",
  )}${check(
    `one(${bucket("aws_s3_bucket_server_side_encryption_configuration", "encryption")}.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == ${bucket("aws_kms_key", "key")}.arn && ${bucket("aws_kms_key", "key")}.enable_key_rotation && ${bucket("aws_s3_bucket_versioning", "versioning")}.versioning_configuration[0].status == "Enabled"`,
    "the bundle bucket is not versioned and encrypted with its rotated key",
  )}${check(`jsondecode(${bucket("aws_s3_bucket_policy", "policy")}.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"`, "the bucket accepts requests without TLS")}${check(
    `jsondecode(${address(json, "aws_iam_role_policy", "ecr-pull")}.policy).Statement[1].Resource == [aws_ecr_repository.repository-web.arn, aws_ecr_repository.repository-proxy.arn]`,
    "the instances may pull from more (or other) repositories than the stack's",
  )}${check(
    `${address(json, "aws_elastic_beanstalk_application", "application")}.appversion_lifecycle[0].delete_source_from_s3 == false && ${address(json, "aws_elastic_beanstalk_application", "application")}.appversion_lifecycle[0].max_count == 20`,
    "old bundles are deleted or versions are not capped",
  )}}

run "a_certificate_must_be_an_acm_arn" {
  command = plan
  variables {
    certificate_arn = "my-certificate"
  }
  expect_failures = [var.certificate_arn]
}
`;
}

describeTerraform("the beanstalk stack under Terraform (offline)", () => {
  beforeAll(() => {
    if (terraform.unavailable !== undefined) {
      throw new Error(`terraform cannot run here: ${terraform.unavailable}. Install it and the provider mirror, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
    }
  });

  test("terraform validate accepts it and terraform test proves the settings on the computed values", () => {
    const { dir, json } = synth();
    const validation = terraform.validate(dir);
    expect(validation.output).toContain("The configuration is valid");
    const result = terraform.test(dir, { "beanstalk.tftest.hcl": testFile(json), "wrong-account.tftest.hcl": wrongAccountFile() });
    if (!result.passed) throw new Error(result.output);
    expect(result.output).toMatch(/run "secure_environment"\.\.\. pass/);
    expect(result.output).toMatch(/run "images_from_another_account_are_refused"\.\.\. pass/);
    expect(result.output).toMatch(/run "a_certificate_must_be_an_acm_arn"\.\.\. pass/);
    expect(result.output).toMatch(/3 passed, 0 failed/);
    expect(result.output).toMatch(/tests\/wrong-account\.tftest\.hcl\.\.\. pass/);
  });

  test("the assertions fail when an escape hatch weakens the settings", () => {
    const { dir, json } = synth((stack) => {
      const weakened = stack.environment.optionSettings.settings.map((s) => {
        if (s.name === "DisableIMDSv1") return { ...s, value: "false" };
        if (s.name === "DeploymentPolicy") return { ...s, value: "AllAtOnce" };
        if (s.namespace === "aws:elbv2:listener:443" && s.name === "Protocol") return { ...s, value: "HTTP" };
        if (s.name === "StreamLogs") return { ...s, value: "false" };
        return s;
      });
      stack.environment.environment.putSetting(weakened);
    });
    const result = terraform.test(dir, { "beanstalk.tftest.hcl": testFile(json) });
    expect(result.passed).toBe(false);
    // Terraform wraps long messages; compare with the whitespace collapsed.
    const output = result.output.replace(/\s+/g, " ");
    for (const message of [
      "the deployment policy is not RollingWithAdditionalBatch with batches of one",
      "IMDSv1 is not disabled",
      "there is no HTTPS listener with the certificate on an application load balancer",
      "logs and health are not streamed to CloudWatch for a year",
    ]) {
      expect(output).toContain(message);
    }
    expect(output).not.toContain("the bundle bucket is not private");
  });
});
