/**
 * Everything the `minimal` stack renders, checked by the program that consumes it: every unit of
 * every service on every host (application and support services) by `systemd-analyze verify`
 * with nothing on stderr, every host's cloud-config by `cloud-init schema`, and by `shellcheck`
 * every script: the deploy script, each SSM document's shell program, the shell the units embed
 * (image pull, secret fetch) and the cloud-config's runcmd as cloud-init builds it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { ConsulSupport, MinimalEnvironment, Network } from "cdktf-docker-environments";
import { renderDeployScript } from "../../lib/render/deploy-script";
import { awsStack } from "../support/aws-stack";
import { unescapeTerraformTemplate } from "../../lib/render/terraform-template-escape";
import { MinimalStack } from "../../stacks/minimal";
import { execArgv, unitValues } from "../support/systemd-exec";
import { run } from "./docker-engine";

const TOOLS = ["systemd-analyze", "cloud-init", "shellcheck", "/usr/bin/python3"];
const missing = TOOLS.filter((tool) => run(["sh", "-c", 'command -v "$1"', "sh", tool]).status !== 0);
const skip = missing.length > 0 && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the minimal artifact checks: ${missing.join(", ")} missing (CDKTFDE_ALLOW_SKIP=1)`);
const describeTools = skip ? describe.skip : describe;

const stack = new MinimalStack(Testing.app(), "minimal");
const json = JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
const environment = stack.environment;
/** The Consul option's units too (not in the stack: it is off by default). */
const consulStack = awsStack();
const consul = new MinimalEnvironment(consulStack, "shop", {
  network: new Network(consulStack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] }),
  hosts: [{ name: "app-1" }],
  services: [],
  supportServices: [ConsulSupport.agent(), ConsulSupport.registrator()],
});
const units = [...Object.values(environment.services), ...Object.values(consul.services)].flatMap((service) =>
  Object.entries(service.files).map(([host, files]) => [`${service.name} on ${host}`, service.name, files.find((f) => f.name === "unit")!.content] as const),
);
const documents = Object.values(json.resource.aws_ssm_document).map((d) => [String(d.name), JSON.parse(unescapeTerraformTemplate(String(d.content)))] as const);
const userData = Object.entries(json.resource.aws_instance).map(([id, i]) => [id, unescapeTerraformTemplate(String(i.user_data))] as const);

let work: string;
beforeAll(() => {
  if (missing.length > 0 && !skip)
    throw new Error(`missing tools: ${missing.join(", ")}. Run test/integration/install-deps.sh, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-minimal-"));
  fs.writeFileSync(path.join(work, "docker.service"), "[Unit]\nDescription=Docker engine (stub for verify)\n\n[Service]\nExecStart=/usr/bin/true\n");
});
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function shellcheck(name: string, script: string): void {
  const file = path.join(work, name);
  fs.writeFileSync(file, script);
  const result = run(["shellcheck", "--shell=sh", "--severity=style", file]);
  expect({ name, status: result.status, output: result.stdout + result.stderr }).toEqual({ name, status: 0, output: "" });
}

describeTools("the minimal stack's artifacts", () => {
  test("there is something to check: 6 services, 12 units (and 2 of the Consul option), 6 documents, 3 cloud-configs", () => {
    expect(Object.keys(environment.services)).toHaveLength(6);
    expect(units).toHaveLength(14);
    expect(documents).toHaveLength(6);
    expect(userData).toHaveLength(3);
  });

  test.each(units)("systemd-analyze verify accepts the unit of %s without a word", (label, service, unit) => {
    const dir = path.join(work, label.replace(/ /g, "_"));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${service}.service`);
    fs.writeFileSync(file, unit);
    const result = run(["systemd-analyze", "verify", "--man=no", "--generators=no", file], { env: { SYSTEMD_UNIT_PATH: `${work}:` } });
    expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }).toEqual({ status: 0, stderr: "", stdout: "" });
  });

  test.each(userData)("cloud-init schema accepts the cloud-config of %s; shellcheck its runcmd", (id, text) => {
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    const file = path.join(work, `${id}.yaml`);
    fs.writeFileSync(file, text);
    const schema = run(["cloud-init", "schema", "--config-file", file]);
    expect({ status: schema.status, output: schema.stdout + schema.stderr }).toMatchObject({ status: 0 });
    expect(schema.stdout + schema.stderr).toContain("Valid cloud-config");
    expect(schema.stdout + schema.stderr).not.toMatch(/deprecat|warning/i);
    const builder = 'import sys, yaml\nfrom cloudinit.util import shellify\nsys.stdout.write(shellify(yaml.safe_load(open(sys.argv[1]))["runcmd"]))';
    const runcmd = run(["/usr/bin/python3", "-c", builder, file]);
    expect(runcmd.status).toBe(0);
    shellcheck(`${id}-runcmd.sh`, runcmd.stdout);
    expect(text).toContain("/etc/cdktf-docker-environments/host-name");
  });

  test("shellcheck: the deploy script and every document's shell program", () => {
    shellcheck("deploy-service.sh", renderDeployScript());
    for (const [name, document] of documents) {
      expect(document.schemaVersion).toBe("2.2");
      const program = (document.mainSteps[0].inputs.runCommand as string[]).join("\n");
      shellcheck(`${name}.sh`, `#!/bin/sh\n${program}\n`);
    }
  });

  test("shellcheck: the shell the units embed (image pull, secret fetch)", () => {
    const snippets = new Map<string, string>();
    for (const [, , unit] of units) {
      for (const line of unitValues(unit, "ExecStartPre")) {
        const argv = execArgv(line);
        if (argv[0] === "/bin/sh" && argv[1] === "-c") snippets.set(argv[3], argv[2]);
      }
    }
    expect([...snippets.keys()].sort()).toEqual(["fetch-secret-DB_PASSWORD", "pull-if-missing"]);
    for (const [name, script] of snippets) shellcheck(`${name}.sh`, script);
  });
});
