/**
 * The in-place deploy of MinimalEnvironment, run for real: the SSM document's shell program,
 * taken from the synthesized Terraform JSON, is run with `sh` against a private Docker engine
 * (test/integration/docker-engine.ts), with a stand-in systemctl that runs the rendered unit as
 * systemd does (test/integration/fake-systemctl.ts) and every host path under a scratch root.
 *
 *  1. release 1, then release 2: the unit's ExecStart with the three environment files starts the
 *     new image with the merged configuration (local over common over cluster), published on the
 *     host's private address;
 *  2. release 3, whose health check fails: the script puts release 2's files back, restarts it,
 *     and exits non-zero (so an association with max_errors 0 stops);
 *  3. rollbackTo release 1: one prop change, and release 1 runs again;
 *  4. replicas 0: the host retires the service (unit stopped, files removed);
 *  5. a support service through the same path: the node exporter's rendered unit, with Debian's
 *     node_exporter binary in the image, starts healthy with its flags on the host network.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { Network } from "../../lib/constructs/network";
import { MinimalEnvironment } from "../../lib/environments/minimal-environment";
import type { MinimalServiceProps } from "../../lib/environments/minimal-environment-props";
import type { SupportService } from "../../lib/core/support-service";
import { SupportServices } from "../../lib/render/support-services";
import { AwsProvider } from "../../lib/providers/aws";
import { unescapeTerraformTemplate } from "../../lib/render/terraform-template-escape";
import { TEST_IMAGE, run, startDockerEngineWithTestImage, ulimitsForThisHost } from "./docker-engine";
import type { DockerEngine } from "./docker-engine";
import { installFakeSystemctl } from "./fake-systemctl";

const APP = "cdktfde-test/app";
const HOST_IP = "10.30.0.10";
const NODE_EXPORTER_BINARY = "/usr/bin/prometheus-node-exporter";
const NODE_EXPORTER_TEST_IMAGE = "cdktfde-test/node-exporter:1";
const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

let engine: DockerEngine;
let work: string;
let root: string;
let bin: string;

beforeAll(async () => {
  engine = await startDockerEngineWithTestImage();
  // Three releases of one app: 1 and 2 healthy, 3 failing its health check.
  for (const [tag, healthy] of [
    ["1", "yes"],
    ["2", "yes"],
    ["3", "no"],
  ] as const) {
    const id = engine.dockerOk(["create", TEST_IMAGE]);
    engine.dockerOk(["commit", "--change", `ENV APP_RELEASE=${tag}`, "--change", `ENV APP_HEALTHY=${healthy}`, id, `${APP}:${tag}`]);
    engine.dockerOk(["rm", id]);
  }
  // The node exporter from Debian's prometheus-node-exporter (a Go binary linked only to libc), as an image.
  const exporter = engine.dockerOk(["create", TEST_IMAGE]);
  const layer = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-exporter-"));
  for (const [source, target] of [
    [NODE_EXPORTER_BINARY, "bin/node_exporter"],
    ["/lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libc.so.6"],
    ["/lib64/ld-linux-x86-64.so.2", "lib64/ld-linux-x86-64.so.2"],
  ]) {
    if (!fs.existsSync(source)) throw new Error(`${source} is missing: run test/integration/install-deps.sh (prometheus-node-exporter)`);
    fs.mkdirSync(path.dirname(path.join(layer, target)), { recursive: true });
    fs.copyFileSync(source, path.join(layer, target));
    fs.chmodSync(path.join(layer, target), 0o755);
  }
  engine.dockerOk(["cp", `${layer}/.`, `${exporter}:/`]);
  fs.rmSync(layer, { recursive: true, force: true });
  engine.dockerOk(["commit", "--change", 'ENTRYPOINT ["/bin/node_exporter"]', "--change", "CMD []", exporter, NODE_EXPORTER_TEST_IMAGE]);
  engine.dockerOk(["rm", exporter]);
  // The host's private address, inside the engine's namespace: the service publishes its port there.
  run(["ip", "-n", engine.netns, "address", "add", `${HOST_IP}/32`, "dev", "lo"]);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-deploy-"));
  root = path.join(work, "root");
  bin = path.join(work, "bin");
  fs.mkdirSync(path.join(root, "etc", "systemd", "system"), { recursive: true });
  installFakeSystemctl(bin);
}, 180000);

afterAll(async () => {
  await engine?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 60000);

function service(overrides: Partial<MinimalServiceProps> = {}): MinimalServiceProps {
  const ulimits = ulimitsForThisHost();
  return {
    spec: {
      name: "shop",
      command: ["sh", "-c", 'mkdir -p /tmp/www && echo "$APP_RELEASE $GREETING" > /tmp/www/release && exec httpd -f -p 8080 -h /tmp/www'],
      environment: { SERVICE_MODE: "systemd" },
      healthCheck: { command: 'test "$APP_HEALTHY" = yes && wget -q -O /dev/null http://127.0.0.1:8080/release', intervalSeconds: 1, retries: 2 },
      stopTimeoutSeconds: 2,
      security: ulimits ? { ulimits } : undefined,
    },
    releases: [`${APP}:1`],
    commonConfiguration: { LOG_LEVEL: "warn", GREETING: "hello from the service", DB_HOST: "db.shop.internal" },
    privatePorts: [{ name: "http", containerPort: 8080 }],
    ...overrides,
  };
}

/** Synthesizes a one-host environment and returns the deploy document's shell program for one service. */
function deployProgram(shop: MinimalServiceProps, support: SupportService[] = [], deployed = "shop"): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(work, "synth-")) });
  const stack = new TerraformStack(app, "deploy-test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const network = new Network(stack, "network", { name: "shop", cidr: "10.30.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
  const environment = new MinimalEnvironment(stack, "shop", {
    network,
    hosts: [{ name: "app-1", localConfiguration: { GREETING: "hello from this host", HOST_ROLE: "canary" } }],
    clusterConfiguration: { REGION: "eu-west-1", LOG_LEVEL: "info", GREETING: "hello from the cluster" },
    services: [shop],
    supportServices: support,
    deploy: { healthTimeoutSeconds: 30 },
  });
  expect(environment.hosts["app-1"].privateIp).toBe(HOST_IP);
  const json = JSON.parse(Testing.synth(stack, true)) as { resource: { aws_ssm_document: Record<string, { name: string; content: string }> } };
  const document = Object.values(json.resource.aws_ssm_document).find((d) => d.name === `shop-${deployed}-deploy`);
  if (!document) throw new Error(`no deploy document for ${deployed}`);
  const content = JSON.parse(unescapeTerraformTemplate(document.content)) as { mainSteps: { inputs: { runCommand: string[] } }[] };
  return content.mainSteps[0].inputs.runCommand.join("\n");
}

/** Runs the program as the SSM agent would (with sh), on the scratch host. */
function deploy(program: string) {
  fs.mkdirSync(path.join(root, "etc", "cdktf-docker-environments"), { recursive: true });
  fs.writeFileSync(path.join(root, "etc", "cdktf-docker-environments", "host-name"), "app-1\n");
  return run(["sh", "-c", program], {
    timeoutMs: 170000,
    env: { PATH: `${bin}:${SYSTEM_PATH}`, DOCKER_HOST: engine.host, CDKTFDE_ROOT: root, CDKTFDE_POLL_SECONDS: "1" },
  });
}

const container = () => engine.inspect("shop", "{{.Config.Image}} {{.State.Health.Status}}");
const served = () => engine.inNetns(["wget", "-q", "-O", "-", `http://${HOST_IP}:8080/release`]).stdout.trim();
const hostFile = (p: string) => fs.readFileSync(path.join(root, p), "utf8");

describe("the in-place deploy on a real engine", () => {
  let release2Unit: string;

  test("releases 1 then 2: the unit starts the new image with the merged layers, on the host's private address", () => {
    const first = deploy(deployProgram(service()));
    expect({ status: first.status, stderr: first.stderr }).toMatchObject({ status: 0 });
    expect(first.stderr).toContain(`${APP}:1 is running and healthy on app-1`);
    expect(container()).toBe(`${APP}:1 healthy`);

    const second = deploy(deployProgram(service({ releases: [`${APP}:2`, `${APP}:1`] })));
    expect(second.status).toBe(0);
    expect(container()).toBe(`${APP}:2 healthy`);
    const seen = Object.fromEntries(
      engine
        .dockerOk(["exec", "shop", "env"])
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(seen).toMatchObject({
      REGION: "eu-west-1", // cluster
      LOG_LEVEL: "warn", // common over cluster
      DB_HOST: "db.shop.internal", // common
      GREETING: "hello from this host", // local over common over cluster
      HOST_ROLE: "canary", // local
      SERVICE_MODE: "systemd", // the spec's own
      APP_RELEASE: "2",
    });
    expect(served()).toBe("2 hello from this host");
    const unit = hostFile("etc/systemd/system/shop.service");
    expect(unit).toContain(`--publish ${HOST_IP}:8080:8080`);
    expect(unit.match(/^EnvironmentFile=.*$/gm)).toEqual([
      "EnvironmentFile=/etc/cdktf-docker-environments/shop/cluster.env",
      "EnvironmentFile=/etc/cdktf-docker-environments/shop/common.env",
      "EnvironmentFile=/etc/cdktf-docker-environments/shop/local.env",
    ]);
    expect(hostFile("var/lib/cdktf-docker-environments/deploy/shop/running").trim()).toBe(`${APP}:2`);
    release2Unit = unit;
  });

  test("a release whose health check fails is rolled back to the previous one, and the deploy exits non-zero", () => {
    const broken = deploy(deployProgram(service({ releases: [`${APP}:3`, `${APP}:2`, `${APP}:1`] })));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`the container of ${APP}:3 is unhealthy`);
    expect(broken.stderr).toContain(`rolled back to ${APP}:2, which is healthy; the deploy of ${APP}:3 failed`);
    expect(container()).toBe(`${APP}:2 healthy`);
    expect(served()).toBe("2 hello from this host");
    expect(hostFile("etc/systemd/system/shop.service")).toBe(release2Unit);
    expect(hostFile("var/lib/cdktf-docker-environments/deploy/shop/running").trim()).toBe(`${APP}:2`);
  });

  test("rolling back is one prop change: rollbackTo release 1", () => {
    const rollback = deploy(deployProgram(service({ releases: [`${APP}:3`, `${APP}:2`, `${APP}:1`], rollbackTo: `${APP}:1` })));
    expect(rollback.status).toBe(0);
    expect(container()).toBe(`${APP}:1 healthy`);
    expect(served()).toBe("1 hello from this host");
    const log = hostFile("var/lib/cdktf-docker-environments/deploy/shop/releases").trim().split("\n");
    expect(log.map((line) => line.split(" ")[1])).toEqual([`${APP}:1`, `${APP}:2`, `${APP}:1`]);
  });

  test("an unchanged deploy changes nothing; replicas 0 retires the service from the host", () => {
    const again = deploy(deployProgram(service({ releases: [`${APP}:3`, `${APP}:2`, `${APP}:1`], rollbackTo: `${APP}:1` })));
    expect(again.status).toBe(0);
    expect(again.stderr).toContain("is already running and healthy");

    const retire = deploy(deployProgram(service({ replicas: 0 })));
    expect(retire.status).toBe(0);
    expect(engine.docker(["inspect", "shop"]).status).not.toBe(0);
    expect(fs.existsSync(path.join(root, "etc/systemd/system/shop.service"))).toBe(false);
    expect(fs.existsSync(path.join(root, "etc/cdktf-docker-environments/shop/local.env"))).toBe(false);
  });
});

describe("a support service deployed the same way: the node exporter with its rendered flags", () => {
  test("starts healthy on the host network at the host's private address, with the filesystem collector off", () => {
    const ulimits = ulimitsForThisHost();
    // Replacing a support service: the default one, with the test image (and this machine's nofile limit).
    const exporter: SupportService = (host) => {
      const definition = SupportServices.nodeExporter({ image: NODE_EXPORTER_TEST_IMAGE })(host);
      return ulimits ? { ...definition, spec: { ...definition.spec, security: { ...definition.spec.security, ulimits } } } : definition;
    };
    const result = deploy(deployProgram(service({ replicas: 0 }), [exporter], "node-exporter"));
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(engine.inspect("node-exporter", "{{.State.Health.Status}} {{.HostConfig.NetworkMode}} {{.Config.User}} {{.HostConfig.ReadonlyRootfs}}")).toBe(
      "healthy host 65534:65534 true",
    );
    const metrics = engine.inNetns(["wget", "-q", "-O", "-", `http://${HOST_IP}:9100/metrics`]).stdout;
    expect(metrics).toMatch(/^node_cpu_seconds_total\{/m);
    // The engine's bridge exists only in the host's network namespace: the exporter sees the host's interfaces.
    expect(metrics).toMatch(/^node_network_receive_bytes_total\{device="docker0"\}/m);
    expect(metrics).not.toMatch(/^node_filesystem_/m);
    expect(engine.inNetns(["wget", "-q", "-O", "-", "http://127.0.0.1:9100/metrics"]).status).not.toBe(0); // the private address only
  });
});
