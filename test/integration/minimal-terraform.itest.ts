/**
 * The `minimal` stack through the real Terraform and the real hashicorp/aws 5.100.0 provider
 * schema, offline: `terraform validate`, then `terraform test` with `mock_provider "aws"`
 * applying the whole graph and asserting on the values Terraform computes: the generic hardening,
 * the hosts' fixed addresses and in-place user data, every deploy association's rollout settings
 * (one host at a time, stop at the first error, run on change) and target list, every deploy
 * document's schema, the service names resolving to the hosts that run them, and the outputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { MinimalStack } from "../../stacks/minimal";
import { hardeningAssertions, MOCK_AWS_PROVIDER } from "../support/aws-hardening-tftest";
import type { TerraformJson } from "../support/aws-hardening-tftest";
import { offlineTerraform, synthStackToDir } from "../support/terraform";

const terraform = offlineTerraform();
const skip = terraform.unavailable !== undefined && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the Terraform tests of the minimal stack: ${terraform.unavailable} (CDKTFDE_ALLOW_SKIP=1)`);
const describeTerraform = skip ? describe.skip : describe;

/** The shared mock provider, plus document versions as SSM numbers them (the association's schema checks the format). */
const MOCK_PROVIDER = MOCK_AWS_PROVIDER.replace(
  /\}\s*$/,
  '  mock_resource "aws_ssm_document" {\n    defaults = { latest_version = "3", default_version = "3" }\n  }\n}\n',
);

const check = (condition: string, message: string) => `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;

function environmentAssertions(json: TerraformJson, stack: MinimalStack): string {
  const resources = json.resource!;
  const address = (type: string, fragment: string) => {
    const found = Object.keys(resources[type] ?? {}).filter((n) => n.includes(fragment));
    if (found.length !== 1) throw new Error(`expected one ${type} like ${fragment}, found ${found.join(", ")}`);
    return `${type}.${found[0]}`;
  };
  const environment = stack.environment;
  const instances = Object.values(environment.hosts).map((h) => ({ host: h, ref: address("aws_instance", `minimal_${h.name}_instance`) }));
  let out = "";
  for (const { host, ref } of instances) {
    out += check(`${ref}.private_ip == "${host.privateIp}"`, `${host.name}: not at its fixed address`);
    out += check(`${ref}.user_data_replace_on_change == false`, `${host.name}: a user data change would replace the instance`);
    out += check(`startswith(${ref}.user_data, "#cloud-config\\n")`, `${host.name}: user data is not the cloud-config`);
    out += check(`!strcontains(${ref}.user_data, "/minimal/api/db-password")`, `${host.name}: user data names a secret`);
  }
  const ids = `[${instances.map((i) => `${i.ref}.id`).join(", ")}]`;
  for (const name of Object.keys(environment.services)) {
    const association = address("aws_ssm_association", `minimal_deploy-${name}_association`);
    const document = address("aws_ssm_document", `minimal_deploy-${name}_document`);
    out += check(`${association}.max_concurrency == "1" && ${association}.max_errors == "0"`, `${name}: not one host at a time, stopping at the first error`);
    out += check(`${association}.apply_only_at_cron_interval == false`, `${name}: does not run on change`);
    out += check(
      `${association}.document_version == ${document}.latest_version && ${association}.name == ${document}.name`,
      `${name}: not on the latest document`,
    );
    out += check(`tolist(${association}.targets[0].values) == tolist(${ids})`, `${name}: does not target every host`);
    out += check(`${document}.document_type == "Command" && jsondecode(${document}.content).schemaVersion == "2.2"`, `${name}: not a Command document 2.2`);
    out += check(`jsondecode(${document}.content).mainSteps[0].action == "aws:runShellScript"`, `${name}: not a shell step`);
  }
  for (const [service, records] of Object.entries(environment.dnsRecords)) {
    const a = address("aws_route53_record", `minimal_dns-${service}_a_`);
    const hosts = environment.placement.services[service].map((h) => instances.find((i) => i.host.name === h)!.ref);
    out += check(`${a}.records == toset([${hosts.map((h) => `${h}.private_ip`).join(", ")}])`, `${service}.${records.fqdn} does not resolve to its hosts`);
    out += check(`${a}.zone_id == ${address("aws_route53_zone", "private-zone")}.zone_id`, `${service}: not in the private zone`);
  }
  out += check(`jsondecode(output.minimal-effective-configuration).web["app-2"].LOG_LEVEL.layer == "local"`, "the local layer does not win in the output");
  out += check(
    `jsondecode(output.minimal-effective-configuration).web["app-1"].LOG_LEVEL.value == "warn"`,
    "the common layer does not win over the cluster layer",
  );
  out += check(`output.minimal-releases.web.running == output.minimal-releases.web.releases[0]`, "the newest release is not the running one");
  return out;
}

describeTerraform("the minimal stack under Terraform (offline)", () => {
  beforeAll(() => {
    if (terraform.unavailable !== undefined) {
      throw new Error(`terraform cannot run here: ${terraform.unavailable}. Install it and the provider mirror, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
    }
  });

  test("terraform validate accepts it; terraform test proves the hardening, the rollout settings and discovery on the computed values", () => {
    let stack: MinimalStack | undefined;
    const dir = synthStackToDir((outdir) => {
      const app = new App({ outdir });
      stack = new MinimalStack(app, "minimal");
      app.synth();
    }, "minimal");
    const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as TerraformJson;
    expect(Object.keys(json.resource!.aws_ssm_association)).toHaveLength(6);

    const validate = terraform.validate(dir);
    expect(validate.output).toContain("The configuration is valid");
    expect(validate.valid).toBe(true);

    expect(MOCK_PROVIDER).toContain('mock_resource "aws_ssm_document"');
    const tests = `${MOCK_PROVIDER}
run "minimal_environment" {
  command = apply
${hardeningAssertions(json)}${environmentAssertions(json, stack!)}}
`;
    const result = terraform.test(dir, { "minimal.tftest.hcl": tests });
    if (!result.passed) throw new Error(result.output);
    expect(result.output).toMatch(/run "minimal_environment"\.\.\. pass/);
    expect(result.output).toMatch(/Success! 1 passed, 0 failed/);
  });
});
