import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import type { IamRolePolicy } from "../../lib/providers/aws";
import { EcrExampleStack } from "../../stacks/ecr-example";
import { hardeningAssertions, MOCK_AWS_PROVIDER } from "../support/aws-hardening-tftest";
import type { TerraformJson } from "../support/aws-hardening-tftest";
import { offlineTerraform, synthStackToDir } from "../support/terraform";

/**
 * The ECR example stack (stacks/ecr-example.ts) through the real Terraform and the real
 * hashicorp/aws 5.100.0 provider schema, offline: `terraform validate`, then `terraform test`
 * with `mock_provider "aws"` applying the graph and asserting, on the values Terraform computes,
 * IMMUTABLE tags, scan on push, the customer managed key, the lifecycle policy JSON and the
 * least-privilege grants. A weakened copy proves the assertions fail when the settings go.
 */
const terraform = offlineTerraform();
const skip = terraform.unavailable !== undefined && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the Terraform tests of the ECR example: ${terraform.unavailable} (CDKTFDE_ALLOW_SKIP=1)`);

const synthesized: string[] = [];
afterAll(() => {
  for (const dir of synthesized) fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
});

function synthExample(weaken?: (stack: EcrExampleStack) => void): { dir: string; json: TerraformJson } {
  const dir = synthStackToDir((outdir) => {
    const app = new App({ outdir });
    const stack = new EcrExampleStack(app, "ecr-example");
    weaken?.(stack);
    app.synth();
  }, "ecr-example");
  synthesized.push(dir);
  return { dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as TerraformJson };
}

const assert = (condition: string, message: string) => `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;
const names = (json: TerraformJson, type: string) => Object.keys(json.resource?.[type] ?? {});

function ecrAssertions(json: TerraformJson): string {
  const [key] = names(json, "aws_kms_key").map((k) => `aws_kms_key.${k}`);
  const repos = names(json, "aws_ecr_repository").map((r) => `aws_ecr_repository.${r}`);
  let out = "";
  for (const repo of repos) {
    const name = repo.split(".")[1];
    out += assert(`${repo}.image_tag_mutability == "IMMUTABLE"`, `${name}: tags are mutable`);
    out += assert(`${repo}.image_scanning_configuration[0].scan_on_push == true`, `${name}: no scan on push`);
    out += assert(
      `${repo}.encryption_configuration[0].encryption_type == "KMS" && ${repo}.encryption_configuration[0].kms_key == ${key}.arn`,
      `${name}: not encrypted with the registry's KMS key`,
    );
  }
  out += assert(`${key}.rotation_period_in_days == 365`, "the key does not rotate yearly");
  for (const policy of names(json, "aws_ecr_lifecycle_policy").map((p) => `aws_ecr_lifecycle_policy.${p}`)) {
    const name = policy.split(".")[1];
    const rules = `jsondecode(${policy}.policy).rules`;
    out += assert(`contains([${repos.map((r) => `${r}.name`).join(", ")}], ${policy}.repository)`, `${name}: not attached to a repository of the registry`);
    // try(): a policy of another shape fails the assertion instead of erroring on a missing attribute.
    out += assert(
      `try(${rules}[0].rulePriority == 1 && ${rules}[0].selection.tagStatus == "untagged" && ${rules}[0].selection.countType == "sinceImagePushed" && ${rules}[0].selection.countUnit == "days" && ${rules}[0].selection.countNumber == 3 && ${rules}[0].action.type == "expire", false)`,
      `${name}: untagged images do not expire after 3 days`,
    );
    out += assert(
      `try(${rules}[1].rulePriority == 2 && ${rules}[1].selection.tagStatus == "tagged" && jsonencode(${rules}[1].selection.tagPatternList) == jsonencode(["v*", "git-*"]) && ${rules}[1].selection.countType == "imageCountMoreThan" && ${rules}[1].selection.countNumber == 20 && length(${rules}) == 2, false)`,
      `${name}: does not keep the last 20 releases`,
    );
  }
  const grants = names(json, "aws_iam_role_policy").map((g) => `aws_iam_role_policy.${g}`);
  const repoArns = `toset([${repos.map((r) => `${r}.arn`).join(", ")}])`;
  const pull = `toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])`;
  const push = `toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"])`;
  for (const grant of grants) {
    const name = grant.split(".")[1];
    const statements = `jsondecode(${grant}.policy).Statement`;
    out += assert(
      `${statements}[0].Action == "ecr:GetAuthorizationToken" && ${statements}[0].Resource == "*" && ${statements}[0].Effect == "Allow"`,
      `${name}: no authorization token grant`,
    );
    out += assert(
      `try(length(${statements}) == 2 && toset(${statements}[1].Resource) == ${repoArns}, false)`,
      `${name}: the image actions are not limited to the registry's repositories`,
    );
    const expected = name.includes("pull") ? pull : push;
    out += assert(`try(toset(${statements}[1].Action) == ${expected}, false)`, `${name}: not exactly the ${name.includes("pull") ? "pull" : "push"} actions`);
  }
  const role = (fragment: string) => `aws_iam_role.${names(json, "aws_iam_role").find((r) => r.includes(fragment))}`;
  const grant = (fragment: string) => grants.find((g) => g.includes(fragment));
  out += assert(`${grant("pull-grant")}.role == ${role("docker-hosts")}.name`, "the hosts' role cannot pull");
  out += assert(`${grant("push-grant")}.role == ${role("ci")}.name`, "the CI role cannot push");
  return out;
}

function testFile(json: TerraformJson): string {
  return `${MOCK_AWS_PROVIDER}\nrun "ecr_registry" {\n  command = apply\n${hardeningAssertions(json)}${ecrAssertions(json)}}\n`;
}

const describeTerraform = skip ? describe.skip : describe;

describeTerraform("the ECR example stack under Terraform (offline)", () => {
  beforeAll(() => {
    if (terraform.unavailable !== undefined) {
      throw new Error(`terraform cannot run here: ${terraform.unavailable}. Install it and the provider mirror, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
    }
  });

  test("terraform validate accepts it and terraform test proves the settings on the computed values", () => {
    const { dir, json } = synthExample();
    expect(names(json, "aws_ecr_repository")).toHaveLength(2);
    expect(names(json, "aws_ecr_lifecycle_policy")).toHaveLength(2);
    expect(names(json, "aws_iam_role_policy")).toHaveLength(2);
    const validate = terraform.validate(dir);
    expect(validate.output).toContain("The configuration is valid");
    expect(validate.valid).toBe(true);
    const result = terraform.test(dir, { "ecr.tftest.hcl": testFile(json) });
    if (!result.passed) throw new Error(result.output);
    expect(result.output).toMatch(/run "ecr_registry"\.\.\. pass/);
    expect(result.output).toMatch(/Success! 1 passed, 0 failed/);
  });

  test("the same assertions fail on a registry weakened through escape hatches", () => {
    const { dir, json } = synthExample((stack) => {
      const web = stack.registry.repositories["shop/web"];
      web.addOverride("image_tag_mutability", "MUTABLE");
      web.addOverride("image_scanning_configuration.scan_on_push", false);
      web.addOverride("encryption_configuration.0.encryption_type", "AES256");
      web.addOverride("encryption_configuration.0.kms_key", undefined);
      stack.registry.key.addOverride("enable_key_rotation", false);
      (stack.registry.node.findChild("pull-grant-0") as IamRolePolicy).addOverride(
        "policy",
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Action: "ecr:GetAuthorizationToken", Effect: "Allow", Resource: "*" },
            { Action: "ecr:*", Effect: "Allow", Resource: "*" },
          ],
        }),
      );
      stack.registry.lifecyclePolicies["shop/worker"].addOverride(
        "policy",
        JSON.stringify({
          rules: [{ rulePriority: 1, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1000 }, action: { type: "expire" } }],
        }),
      );
    });
    expect(terraform.validate(dir).valid).toBe(true);
    const result = terraform.test(dir, { "ecr.tftest.hcl": testFile(json) });
    expect(result.passed).toBe(false);
    const output = result.output.replace(/\s+/g, " ");
    for (const failure of [
      /images_repository-shop-web_\w+: tags are mutable/,
      /images_repository-shop-web_\w+: no scan on push/,
      /images_repository-shop-web_\w+: not encrypted with the registry's KMS key/,
      /images_key_\w+: key rotation is off/,
      /images_repository-shop-worker-lifecycle_\w+: untagged images do not expire after 3 days/,
      /images_repository-shop-worker-lifecycle_\w+: does not keep the last 20 releases/,
      /images_pull-grant-0_\w+: the image actions are not limited to the registry's repositories/,
      /images_pull-grant-0_\w+: not exactly the pull actions/,
    ]) {
      expect(output).toMatch(failure);
    }
    // The untouched repository passes; no condition failed for want of a value.
    expect(output).not.toMatch(/images_repository-shop-worker_\w+: /);
    expect(output).not.toMatch(/images_repository-shop-web-lifecycle_\w+: /);
    expect(output).not.toMatch(/images_push-grant-0_\w+: /);
    expect(output).not.toMatch(/Operation failed|Unknown condition value/);
  });
});
