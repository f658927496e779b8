import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { parse } from "yaml";
import type { IamRolePolicy } from "../../lib/providers/aws";
import { RegistryStack } from "../../stacks/registry";
import { hardeningAssertions, MOCK_AWS_PROVIDER } from "../support/aws-hardening-tftest";
import type { TerraformJson } from "../support/aws-hardening-tftest";
import { offlineTerraform, synthStackToDir } from "../support/terraform";

/**
 * The `registry` stack (stacks/registry.ts) through the real Terraform and the real
 * hashicorp/aws 5.100.0 provider schema, offline: `terraform validate`, then `terraform test`
 * with `mock_provider "aws"` applying the graph and asserting, on the values Terraform computes,
 * the storage bucket (SSE-KMS with the registry's key, versioning, the four public-access-block
 * flags, a TLS-only policy), the load balancer (TLS 1.3 policy, /v2/ health check taking 401),
 * and each replica's user data being Terraform's gzip of its bootstrap text with the real bucket
 * name, key and region in config.yml. A copy weakened through escape hatches must fail.
 */
const terraform = offlineTerraform();
const skip = terraform.unavailable !== undefined && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the Terraform tests of the registry stack: ${terraform.unavailable} (CDKTFDE_ALLOW_SKIP=1)`);

type Json = TerraformJson & { locals?: Record<string, string> };

const synthesized: string[] = [];
afterAll(() => {
  for (const dir of synthesized) fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
});

function synthRegistry(weaken?: (stack: RegistryStack) => void): { dir: string; json: Json; text: string } {
  const dir = synthStackToDir((outdir) => {
    const app = new App({ outdir });
    const stack = new RegistryStack(app, "registry");
    weaken?.(stack);
    app.synth();
  }, "registry");
  synthesized.push(dir);
  const text = fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8");
  return { dir, json: JSON.parse(text) as Json, text };
}

const assert = (condition: string, message: string) => `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;
const names = (json: Json, type: string) => Object.keys(json.resource?.[type] ?? {});
const only = (json: Json, type: string) => {
  const found = names(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.join(", ") || "none"}`);
  return `${type}.${found[0]}`;
};

/** The mock provider plus realistic values for the ARNs the provider validates in this stack. */
const MOCK_PROVIDER = MOCK_AWS_PROVIDER.replace(
  /}\n$/,
  `  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::registry-storage-mock", bucket = "registry-storage-mock", id = "registry-storage-mock" }
  }
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/reg-mock/0123456789abcdef" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/reg-mock/0123456789abcdef" }
  }
}
`,
);

function registryAssertions(json: Json): string {
  const bucket = only(json, "aws_s3_bucket");
  const key = `aws_kms_key.${names(json, "aws_kms_key").find((k) => k.startsWith("registry_storage"))}`;
  const sse = only(json, "aws_s3_bucket_server_side_encryption_configuration");
  const versioning = only(json, "aws_s3_bucket_versioning");
  const block = only(json, "aws_s3_bucket_public_access_block");
  const policy = only(json, "aws_s3_bucket_policy");
  const group = only(json, "aws_lb_target_group");
  const listener = only(json, "aws_lb_listener");
  let out = "";
  out += assert(
    `${sse}.bucket == ${bucket}.id && length(${sse}.rule) == 1 && alltrue([for r in ${sse}.rule : alltrue([for d in r.apply_server_side_encryption_by_default : d.sse_algorithm == "aws:kms" && d.kms_master_key_id == ${key}.arn])])`,
    "the registry bucket is not encrypted with SSE-KMS under the registry's key",
  );
  out += assert(
    `${versioning}.bucket == ${bucket}.id && ${versioning}.versioning_configuration[0].status == "Enabled"`,
    "the registry bucket is not versioned",
  );
  out += assert(
    `${block}.bucket == ${bucket}.id && ${block}.block_public_acls && ${block}.block_public_policy && ${block}.ignore_public_acls && ${block}.restrict_public_buckets`,
    "the registry bucket lacks one of the four public access block flags",
  );
  const statements = `jsondecode(${policy}.policy).Statement`;
  out += assert(
    `${policy}.bucket == ${bucket}.id && anytrue([for s in ${statements} : s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" && try(toset(s.Resource) == toset([${bucket}.arn, "\${${bucket}.arn}/*"]), false)])`,
    "the registry bucket policy does not deny requests without TLS",
  );
  out += assert(
    `${group}.health_check[0].path == "/v2/" && ${group}.health_check[0].matcher == "200,401" && ${group}.health_check[0].enabled`,
    "the target group health check is not /v2/ with 200,401",
  );
  out += assert(
    `${listener}.protocol == "HTTPS" && ${listener}.port == 443 && startswith(${listener}.ssl_policy, "ELBSecurityPolicy-TLS13-")`,
    "the HTTPS listener does not use a TLS 1.3 policy",
  );
  const instances = names(json, "aws_instance").sort();
  const locals = Object.keys(json.locals ?? {}).sort();
  if (instances.length !== 2 || locals.length !== 2) throw new Error(`expected 2 replicas with a user-data local each: ${instances} ${locals}`);
  instances.forEach((instance, i) => {
    const local = `local.${locals[i]}`;
    out += assert(`aws_instance.${instance}.user_data_base64 == base64gzip(${local})`, `${instance}: the user data is not the replica's rendered bootstrap`);
    out += assert(
      `strcontains(${local}, "        bucket: \${${bucket}.bucket}\\n") && strcontains(${local}, "        keyid: \${${key}.arn}\\n") && strcontains(${local}, "        region: eu-west-1\\n")`,
      `${instance}: config.yml does not carry the bucket, key and region Terraform computed`,
    );
  });
  return out;
}

function testFile(json: Json): string {
  return `${MOCK_PROVIDER}
variables {
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
}

run "registry" {
  command = apply
${hardeningAssertions(json)}${registryAssertions(json)}}
`;
}

/** Each replica's bootstrap text (the locals Terraform gzips), parsed as cloud-config. */
function writeFiles(json: Json): Record<string, string>[] {
  return Object.entries(json.locals ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, text]) => {
      const doc = parse(text) as { write_files: { path: string; content: string }[] };
      return Object.fromEntries(doc.write_files.map((f) => [f.path, f.content]));
    });
}

const STATIC_KEYS = /accesskey|secretkey|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|aws_secret_access_key|aws_access_key_id/i;

const describeTerraform = skip ? describe.skip : describe;

describeTerraform("the registry stack under Terraform (offline)", () => {
  beforeAll(() => {
    if (terraform.unavailable !== undefined) {
      throw new Error(`terraform cannot run here: ${terraform.unavailable}. Install it and the provider mirror, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
    }
  });

  test("no static keys anywhere; every replica's user data carries the same config.yml, with Terraform's references", () => {
    const { json, text } = synthRegistry();
    expect(text).not.toMatch(STATIC_KEYS);
    expect(text).not.toContain("TfToken");
    const files = writeFiles(json);
    expect(files).toHaveLength(2);
    for (const f of files) expect(Object.values(f).join("\n")).not.toMatch(STATIC_KEYS);
    const config = files[0]["/etc/docker-registry/config.yml"];
    expect(config).toContain("bucket: ${aws_s3_bucket.");
    expect(files[1]["/etc/docker-registry/config.yml"]).toBe(config);
    expect(files[1]["/etc/docker-registry/config-readonly.yml"]).toBe(files[0]["/etc/docker-registry/config-readonly.yml"]);
  });

  test("terraform validate accepts it and terraform test proves the settings on the computed values", () => {
    const { dir, json } = synthRegistry();
    const validate = terraform.validate(dir);
    expect(validate.output).toContain("The configuration is valid");
    expect(validate.valid).toBe(true);
    const result = terraform.test(dir, { "registry.tftest.hcl": testFile(json) });
    if (!result.passed) throw new Error(result.output);
    expect(result.output).toMatch(/run "registry"\.\.\. pass/);
    expect(result.output).toMatch(/Success! 1 passed, 0 failed/);
  });

  test("the same assertions fail on a registry weakened through escape hatches", () => {
    const { dir, json, text } = synthRegistry((stack) => {
      const bucket = stack.registry.bucket!;
      bucket.encryption.addOverride("rule.0.apply_server_side_encryption_by_default.sse_algorithm", "AES256");
      bucket.encryption.addOverride("rule.0.apply_server_side_encryption_by_default.kms_master_key_id", null);
      bucket.versioning.addOverride("versioning_configuration.status", "Suspended");
      bucket.publicAccessBlock.addOverride("restrict_public_buckets", false);
      bucket.policy.addOverride(
        "policy",
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] }),
      );
      const lb = stack.registry.loadBalancer!;
      lb.targetGroup.addOverride("health_check.matcher", "200");
      lb.listener.addOverride("ssl_policy", "ELBSecurityPolicy-2016-08");
      stack.registry.hosts[1].instance.addOverride("user_data_base64", '${base64gzip("#cloud-config\\n")}');
      (stack.registry.node.findChild("replica-0-registry-access") as IamRolePolicy).addOverride("name", "still-there");
      stack.registry.hosts[0].instance.addOverride("tags.aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    });
    expect(text).toMatch(STATIC_KEYS);
    expect(terraform.validate(dir).valid).toBe(true);
    const result = terraform.test(dir, { "registry.tftest.hcl": testFile(json) });
    expect(result.passed).toBe(false);
    const output = result.output.replace(/\s+/g, " ");
    for (const failure of [
      /the registry bucket is not encrypted with SSE-KMS under the registry's key/,
      /the registry bucket is not versioned/,
      /the registry bucket lacks one of the four public access block flags/,
      /the registry bucket policy does not deny requests without TLS/,
      /the target group health check is not \/v2\/ with 200,401/,
      /the HTTPS listener does not use a TLS 1\.3 policy/,
      /registry_replica-1_instance_\w+: the user data is not the replica's rendered bootstrap/,
    ]) {
      expect(output).toMatch(failure);
    }
    // The untouched replica passes; no condition failed for want of a value.
    expect(output).not.toMatch(/registry_replica-0_instance_\w+: the user data/);
    expect(output).not.toMatch(/Operation failed|Unknown condition value/);
  });
});
