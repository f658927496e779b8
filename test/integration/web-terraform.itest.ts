import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { WebStack } from "../../stacks/web";
import type { WebStackProps } from "../../stacks/web";
import { hardeningAssertions } from "../support/aws-hardening-tftest";
import { guardAgainstReplacement, plannedActions, replacementPlanTest } from "../support/replacement-plan-tftest";
import type { TerraformJson } from "../support/replacement-plan-tftest";
import { offlineTerraform, synthStackToDir } from "../support/terraform";
import { CERTIFICATE, check, only, WEB_MOCK_PROVIDER, webAssertions } from "../support/web-tftest";

/**
 * The `web` stack through the real Terraform and the hashicorp/aws 5.100.0 provider, offline:
 * `terraform validate`; `terraform test` with `mock_provider "aws"` asserting the deploy
 * strategy, TLS, redirect, access logs, deletion protection, logs, alarms and the release
 * output on the computed values (and failing on a copy weakened through escape hatches); and
 * the real provider's plan of a release change against the state of the previous release,
 * which must update the launch template and replace nothing (a target-group port change, as a
 * control, must be caught as a replacement).
 */
const terraform = offlineTerraform();
const skip = terraform.unavailable !== undefined && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the Terraform tests of the web stack: ${terraform.unavailable} (CDKTFDE_ALLOW_SKIP=1)`);
const describeTerraform = skip ? describe.skip : describe;

type WebJson = TerraformJson & { output?: Record<string, unknown> };
const WATCHED = ["aws_lb", "aws_lb_target_group", "aws_lb_listener", "aws_autoscaling_group", "aws_launch_template"];

const synthesized: string[] = [];
afterAll(() => synthesized.forEach((dir) => fs.rmSync(path.resolve(dir, "..", ".."), { recursive: true, force: true })));

function synth(props: WebStackProps = {}, change?: (stack: WebStack) => void): { dir: string; json: WebJson } {
  const dir = synthStackToDir((outdir) => {
    const app = new App({ outdir });
    const stack = new WebStack(app, "web", props);
    change?.(stack);
    app.synth();
  }, "web");
  synthesized.push(dir);
  return { dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as WebJson };
}

function testFile(json: WebJson): string {
  const region = only(json, "aws_region", "aws-region", "data");
  const policy = `jsondecode(${only(json, "aws_s3_bucket_policy", "access-logs")}.policy).Statement`;
  const legacy = `[for s in ${policy} : s.Principal.AWS if s.Sid == "ElbAccountWritesAccessLogs"]`;
  return `${WEB_MOCK_PROVIDER}
variables {
  certificate_arn = "${CERTIFICATE}"
}

run "web_environment" {
  command = apply
${hardeningAssertions(json)}${webAssertions(json)}${check(`${legacy} == ["arn:aws:iam::156460612806:root"]`, "eu-west-1's ELB account may not deliver access logs")}}

run "a_region_opened_after_august_2022_has_no_elb_account" {
  command = apply
  override_data {
    target = ${region}
    values = { name = "eu-central-2" }
  }
${check(`length(${legacy}) == 0`, "a region without an ELB account still names one")}}

run "a_certificate_must_be_an_acm_arn" {
  command = plan
  variables {
    certificate_arn = "my-certificate"
  }
  expect_failures = [var.certificate_arn]
}
`;
}

/** The computed attributes of every resource type, from the provider schema of an initialized directory. */
function computedAttributes(dir: string): (type: string) => Set<string> {
  const result = spawnSync("terraform", ["providers", "schema", "-json"], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`terraform providers schema failed: ${result.stderr}`);
  const schemas = JSON.parse(result.stdout).provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas as Record<
    string,
    { block: { attributes: Record<string, { computed?: boolean }> } }
  >;
  return (type) => new Set(Object.entries(schemas[type].block.attributes).flatMap(([name, a]) => (a.computed ? [name] : [])));
}

/** Writes `after` as a module next to `before`, generates the replacement test, initializes once and runs it verbosely. */
function planAgainst(before: { dir: string; json: WebJson }, after: WebJson, runName: string, computed: (type: string) => Set<string>) {
  // No backend block: a module under test has none, and the directory's own state needs no backend init.
  fs.writeFileSync(path.join(before.dir, "cdk.tf.json"), JSON.stringify(guardAgainstReplacement(before.json, []), null, 2));
  fs.mkdirSync(path.join(before.dir, "after"), { recursive: true });
  fs.writeFileSync(path.join(before.dir, "after", "cdk.tf.json"), JSON.stringify(guardAgainstReplacement(after, WATCHED), null, 2));
  fs.mkdirSync(path.join(before.dir, "tests"), { recursive: true });
  const test = replacementPlanTest({
    before: before.json,
    afterModule: "./after",
    watched: WATCHED,
    computedAttributes: computed,
    variables: `  certificate_arn = "${CERTIFICATE}"`,
    runName,
  });
  fs.writeFileSync(path.join(before.dir, "tests", "replacement.tftest.hcl"), test);
  // validate() initializes the directory, the test's module included, and proves the configuration valid.
  expect(terraform.validate(before.dir).valid).toBe(true);
  const result = spawnSync("terraform", ["test", "-no-color", "-verbose"], {
    cwd: before.dir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
  });
  return { passed: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

describeTerraform("the web stack under Terraform (offline)", () => {
  let stack: { dir: string; json: WebJson };
  let computed: (type: string) => Set<string>;
  beforeAll(() => {
    if (terraform.unavailable !== undefined) {
      throw new Error(`terraform cannot run here: ${terraform.unavailable}. Install it and the provider mirror, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
    }
    stack = synth();
    // Without the local backend block, `terraform providers schema` needs no backend initialization.
    fs.writeFileSync(path.join(stack.dir, "cdk.tf.json"), JSON.stringify(guardAgainstReplacement(stack.json, []), null, 2));
    expect(terraform.validate(stack.dir).output).toContain("The configuration is valid");
    computed = computedAttributes(stack.dir);
  });

  test("terraform validate accepts it and terraform test proves the deploy strategy, TLS, logs and alarms on the computed values", () => {
    const { dir, json } = stack;
    const result = terraform.test(dir, { "web.tftest.hcl": testFile(json) });
    if (!result.passed) throw new Error(result.output);
    for (const run of ["web_environment", "a_region_opened_after_august_2022_has_no_elb_account", "a_certificate_must_be_an_acm_arn"]) {
      expect(result.output).toMatch(new RegExp(`run "${run}"\\.\\.\\. pass`));
    }
    expect(result.output).toMatch(/3 passed, 0 failed/);
  });

  test("the same assertions fail on a copy weakened through escape hatches", () => {
    const { dir, json } = synth({}, (stack) => {
      const lb = stack.environment.loadBalancer;
      lb.httpsListener.sslPolicy = "ELBSecurityPolicy-2016-08";
      lb.loadBalancer.dropInvalidHeaderFields = false;
      lb.loadBalancer.enableDeletionProtection = false;
      lb.httpRedirectListener.addOverride("default_action.0.redirect.protocol", "HTTP");
      stack.environment.fleet.group.addOverride("instance_refresh.preferences.auto_rollback", false);
      stack.environment.logs.groups.web.retentionInDays = 7;
    });
    const result = terraform.test(dir, { "web.tftest.hcl": testFile(json) });
    expect(result.passed).toBe(false);
    const output = result.output.replace(/\s+/g, " ");
    for (const message of [
      "the HTTPS listener does not use the TLS 1.3/1.2 policy",
      "the load balancer passes invalid header fields",
      "the load balancer has no deletion protection",
      "port 80 does not redirect to HTTPS",
      "deploys are not rolling instance refreshes with automatic rollback",
      "the service log groups are not kept 365 days and encrypted with their key",
    ]) {
      expect(output).toContain(message);
    }
    expect(output).not.toContain("the target group health check is not the configured one");
    expect(output).not.toMatch(/Unknown condition value|Operation failed/);
  });

  test("the real provider plans a new release (here: rolling back to 1.4.2) as a launch template update that replaces nothing", () => {
    const before = synth();
    const after = synth({ activeRelease: "1.4.2" }).json;
    const { passed, output } = planAgainst(before, after, "roll_back_to_1_4_2", computed);
    if (!passed) throw new Error(output);
    const plan = plannedActions(output, "roll_back_to_1_4_2");
    expect(plan.replaced).toEqual([]);
    expect(plan.created).toEqual([]);
    expect(plan.summary).toMatch(/Plan: 0 to add, \d+ to change, 0 to destroy\./);
    expect(plan.updated).toContain(only(before.json, "aws_launch_template", "shop_fleet"));
    // The new launch template version reaches the group (which starts the instance refresh).
    expect(output).toMatch(/~ version\s+= "1" -> \(known after apply\)/);
    expect(output).toMatch(/"io\.cdktf-docker-environments\.release"\s+= "1\.5\.0" -> "1\.4\.2"/);
  });

  test("control: the same plan catches a real replacement (a new target group port)", () => {
    const before = synth();
    const after = synth({}, (stack) => {
      stack.environment.loadBalancer.targetGroup.port = 8081;
    }).json;
    const { passed, output } = planAgainst(before, after, "change_the_target_port", computed);
    expect(passed).toBe(false);
    const text = output.replace(/\s+/g, " ");
    expect(text).toMatch(/Error: Instance cannot be destroyed/);
    expect(text).toContain(`Resource ${only(before.json, "aws_lb_target_group", "shop_load-balancer")} has lifecycle.prevent_destroy set`);
    expect(text).not.toMatch(/Resource aws_lb\.\S+ has lifecycle\.prevent_destroy/);
  });
});
