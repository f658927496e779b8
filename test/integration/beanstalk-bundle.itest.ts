import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { SecretRef } from "cdktf-docker-environments";
import { BeanstalkEnvironment } from "../../lib/environments/beanstalk-environment";
import { AwsProvider } from "../../lib/providers/aws";
import { renderBeanstalkBundle } from "../../lib/render/beanstalk-bundle";
import type { DockerrunV2 } from "../../lib/render/dockerrun-v2";
import { dockerrunV2AsTaskDefinition } from "../../lib/render/dockerrun-v2";
import { beanstalkDemoServices } from "../../stacks/beanstalk";

/**
 * The rendered bundles through the real programs, offline:
 * - Debian's awscli (/usr/bin/aws) validates the v2 container definitions against the ECS API model
 *   (`register-task-definition --cli-input-json`) before any network call; the endpoint is unreachable,
 *   so a valid document ends in a connection error and an invalid one in "Parameter validation failed".
 * - Debian's docker-compose validates the compose file against the Compose schema and interpolation.
 * - unzip tests and extracts the bundle archive a BeanstalkEnvironment stages at synth.
 */
const AWS = "/usr/bin/aws";
const tools = { aws: fs.existsSync(AWS), compose: spawnSync("docker-compose", ["version"]).status === 0, unzip: spawnSync("unzip", ["-v"]).status === 0 };
const missing = Object.entries(tools)
  .filter(([, ok]) => !ok)
  .map(([name]) => name);
const skip = missing.length > 0 && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the Beanstalk bundle tool tests: missing ${missing.join(", ")} (CDKTFDE_ALLOW_SKIP=1)`);
const describeTools = skip ? describe.skip : describe;

const REGISTRY = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
const DIGESTS = { web: `sha256:${"1a".repeat(32)}`, proxy: `sha256:${"2b".repeat(32)}` };
const SERVICES = beanstalkDemoServices(REGISTRY, "eu-west-1", "111122223333", DIGESTS);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-beanstalk-"));

function registerTaskDefinition(taskDefinition: Record<string, unknown>): { status: number | null; output: string } {
  const file = path.join(work, `task-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(taskDefinition));
  const result = spawnSync(
    AWS,
    ["ecs", "register-task-definition", "--family", "x", "--cli-input-json", `file://${file}`, "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"],
    {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: work,
        // Dummy values: the request never leaves the machine, and no real credentials are looked up.
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_MAX_ATTEMPTS: "1",
        AWS_RETRY_MODE: "standard",
        AWS_PAGER: "",
      },
      timeout: 60000,
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function composeConfig(dir: string, env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync("docker-compose", ["--ansi", "never", "config", "-q"], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...env },
    timeout: 60000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describeTools("Beanstalk bundles through the real tools", () => {
  beforeAll(() => {
    if (missing.length > 0) {
      throw new Error(`missing ${missing.join(", ")}: run test/integration/install-deps.sh, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly`);
    }
  });

  const v2 = renderBeanstalkBundle(SERVICES, {
    format: "dockerrun-v2",
    where: "beanstalk",
    policy: { requirePinnedImages: true },
    arnContext: { partition: "aws", region: "eu-west-1", accountId: "111122223333" },
    executionRoleArn: "arn:aws:iam::111122223333:role/beanstalk-demo-prod-ecs-execution",
  });
  const document = JSON.parse(v2.content) as DockerrunV2;

  test("awscli's ECS model accepts the stack's container definitions: only the (unreachable) endpoint fails", () => {
    const result = registerTaskDefinition(dockerrunV2AsTaskDefinition(document));
    expect(result.output).not.toContain("Parameter validation failed");
    expect(result.output).toContain('Could not connect to the endpoint URL: "http://127.0.0.1:9/"');
    expect(result.status).not.toBe(0);
  });

  test("awscli's ECS model rejects a broken definition before any network call", () => {
    const [web, ...others] = document.containerDefinitions;
    const { readonlyRootFilesystem, memory, ...rest } = web as Record<string, unknown>;
    const broken = {
      ...rest,
      readOnlyRootFilesystem: readonlyRootFilesystem,
      memory: String(memory),
      healthCheck: { ...(web.healthCheck as object), interval: "10s" },
    };
    const result = registerTaskDefinition(
      dockerrunV2AsTaskDefinition({ ...document, containerDefinitions: [broken as unknown as (typeof others)[number], ...others] }),
    );
    expect(result.output).toContain("Parameter validation failed");
    expect(result.output).toContain('Unknown parameter in containerDefinitions[0]: "readOnlyRootFilesystem"');
    expect(result.output).toContain("Invalid type for parameter containerDefinitions[0].memory");
    expect(result.output).toContain("Invalid type for parameter containerDefinitions[0].healthCheck.interval");
    expect(result.output).not.toContain("Could not connect");
  });

  test("docker-compose validates the compose rendering, and refuses it without the secret Beanstalk provides", () => {
    const compose = renderBeanstalkBundle(SERVICES, {
      format: "compose",
      where: "beanstalk",
      arnContext: { partition: "aws", region: "eu-west-1", accountId: "111122223333" },
    });
    const dir = fs.mkdtempSync(path.join(work, "compose-"));
    fs.writeFileSync(path.join(dir, "docker-compose.yml"), compose.content);
    const ok = composeConfig(dir, { DATABASE_PASSWORD: "from-ssm", SESSION_KEY: "from-secrets-manager" });
    expect(ok.output).toBe("");
    expect(ok.status).toBe(0);
    const withoutSecret = composeConfig(dir, { SESSION_KEY: "from-secrets-manager" });
    expect(withoutSecret.status).not.toBe(0);
    expect(withoutSecret.output).toMatch(/Missing mandatory value .*DATABASE_PASSWORD/);
    fs.writeFileSync(path.join(dir, "docker-compose.yml"), compose.content.replace("pids_limit:", "pid_limit:"));
    const broken = composeConfig(dir, { DATABASE_PASSWORD: "x", SESSION_KEY: "y" });
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain("Unsupported config option for services.web: 'pid_limit'");
  });

  test("unzip accepts the archive a static environment stages, and it holds exactly the rendered file", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "zip");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const services = SERVICES.map((s) =>
      s.name === "web"
        ? { ...s, secrets: { DATABASE_PASSWORD: SecretRef.ssmParameter("arn:aws:ssm:eu-west-1:111122223333:parameter/beanstalk-demo/database-password") } }
        : s,
    );
    const environment = new BeanstalkEnvironment(stack, "shop", {
      services,
      network: {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        instanceSubnetIds: ["subnet-0a1b2c3d4e5f60718"],
        loadBalancerSubnetIds: ["subnet-0c3d4e5f607182930", "subnet-0d4e5f60718293041"],
      },
      loadBalancer: { certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0d2b1c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    });
    app.synth();
    expect(environment.sourceBundle.packaging).toBe("zip");
    const archive = path.join(app.outdir, "stacks", "zip", environment.sourceBundle.asset!.path);
    const check = spawnSync("unzip", ["-t", archive], { encoding: "utf8" });
    expect(check.stdout).toContain("No errors detected");
    const listing = spawnSync("unzip", ["-Z1", archive], { encoding: "utf8" }).stdout.trim().split("\n");
    expect(listing).toEqual(["docker-compose.yml"]);
    expect(spawnSync("unzip", ["-p", archive, "docker-compose.yml"], { encoding: "utf8" }).stdout).toBe(environment.bundle.content);
  });
});
