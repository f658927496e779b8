/**
 * A `web` fleet host's bootstrap, checked by the real programs that consume it: `cloud-init
 * schema` (and shellcheck on runcmd as cloud-init builds it), `systemd-analyze verify` on the
 * web and CloudWatch agent units, shellcheck on every embedded script; the service's data volume
 * prepared for real on a loop device (formatted once, mounted, handed to the service's user);
 * and the web unit's `docker run` line on a private engine: awslogs in non-blocking mode starts
 * with CloudWatch unreachable, the health endpoint answers on the published port, the service
 * writes to the data volume and nowhere else.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { HostPlan } from "../../lib/core/host-plan";
import { renderCloudInit } from "../../lib/render/bootstrap/cloud-init";
import { dataVolumePreparation } from "../../lib/render/web-host-plan";
import { WebStack } from "../../stacks/web";
import { readCloudInit, storageCommand } from "../support/bootstrap-readers";
import { execArgv, unitValues } from "../support/systemd-exec";
import { runTool } from "./bootstrap-tool-readers";
import { TEST_IMAGE, TEST_IMAGE_APP_UID, run, runOk, startDockerEngineWithTestImage, ulimitsForThisHost, waitFor } from "./docker-engine";
import type { DockerEngine } from "./docker-engine";
import { createStorageSandbox, probe } from "./storage-sandbox";
import type { StorageSandbox } from "./storage-sandbox";

const PYTHON = "/usr/bin/python3";
const plan: HostPlan = new WebStack(Testing.app(), "web").environment.hostPlan;
const unit = (name: string) => plan.files.find((f) => f.path === `/etc/systemd/system/${name}.service`)?.content ?? "";
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-web-host-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function shellcheck(name: string, script: string, shell = "sh"): void {
  const result = runTool("shellcheck", ["--shell", shell, "--severity=style", write(`shellcheck/${name}`, script)]);
  expect({ name, status: result.status, output: result.output }).toEqual({ name, status: 0, output: "" });
}

describe("the web host's bootstrap under the real tools", () => {
  test("cloud-init schema accepts the cloud-config without a warning; shellcheck accepts runcmd and every embedded script", () => {
    const { cloudConfig } = renderCloudInit(plan);
    const file = write("cloud-config.yaml", cloudConfig);
    const schema = runTool("cloud-init", ["schema", "--config-file", file]);
    expect(schema.status).toBe(0);
    expect(schema.output).toContain("Valid cloud-config");
    expect(schema.output).not.toMatch(/deprecat|warning/i);
    const builder = 'import sys, yaml\nfrom cloudinit.util import shellify\nsys.stdout.write(shellify(yaml.safe_load(open(sys.argv[1]))["runcmd"]))';
    const runcmd = runTool(PYTHON, ["-c", builder, file]);
    expect(runcmd.status).toBe(0);
    shellcheck("runcmd.sh", runcmd.stdout);
    const state = readCloudInit(cloudConfig);
    const storage = state.storage.map((s) => storageCommand(s.argv));
    // The service's data volume is prepared after the Docker data volume, and handed to the service's user.
    expect(storage.filter((c) => c.includes("/dev/sdg")).length).toBeGreaterThanOrEqual(5);
    expect(storage).toContain("chown 10001:10001 /srv/web-data && chmod 0750 /srv/web-data");
    [state.keyFetchArgv[3], ...state.storage.flatMap((s) => [s.argv[3], storageCommand(s.argv)])].forEach((script, i) =>
      shellcheck(`embedded-${i}.sh`, script),
    );
    expect(state.services).toEqual(["docker.service", "web.service", "cloudwatch-agent.service"]);
  });

  test("systemd-analyze verify accepts the web and agent units; shellcheck their embedded scripts", () => {
    const dir = path.join(work, "units");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "docker.service"), "[Unit]\nDescription=Docker engine (stub for verify)\n\n[Service]\nExecStart=/usr/bin/true\n");
    for (const name of ["web", "cloudwatch-agent"]) {
      const file = path.join(dir, `${name}.service`);
      fs.writeFileSync(file, unit(name));
      const verify = run(["systemd-analyze", "verify", "--man=no", "--generators=no", file], { env: { SYSTEMD_UNIT_PATH: `${dir}:` } });
      expect({ name, status: verify.status, stderr: verify.stderr, stdout: verify.stdout }).toEqual({ name, status: 0, stderr: "", stdout: "" });
      for (const line of unitValues(unit(name), "ExecStartPre").filter((l) => l.startsWith("/bin/sh "))) {
        const argv = execArgv(line);
        shellcheck(`${name}-${argv[3]}.sh`, argv[2]);
      }
    }
  });
});

describe("the web service on a real engine, with its data volume prepared on a loop device", () => {
  let engine: DockerEngine;
  let sandbox: StorageSandbox;
  let mountPoint: string;

  beforeAll(async () => {
    sandbox = createStorageSandbox(512);
    engine = await startDockerEngineWithTestImage();
    mountPoint = path.join(sandbox.dir, "web-data");
  }, 120000);
  afterAll(async () => {
    await engine?.stop();
    if (mountPoint) run(["umount", mountPoint]);
    sandbox?.remove();
  });

  test("the preparation formats the volume once, mounts it nodev,nosuid,noexec, hands it to the service's user and makes the unit wait for it", () => {
    const commands = dataVolumePreparation({ device: sandbox.device, hostPath: mountPoint, containerPath: "/var/lib/shop" }, "10001:10001", "web.service");
    const first = sandbox.prepare(commands, `stat -c '%u:%g %a' ${mountPoint}; findmnt -n -o OPTIONS --mountpoint ${mountPoint}`);
    expect(first.status).toBe(0);
    const [owner, options] = first.stdout.trim().split("\n").slice(-2);
    expect(owner).toBe("10001:10001 750");
    expect(options.split(",")).toEqual(expect.arrayContaining(["nodev", "nosuid", "noexec"]));
    expect(sandbox.mkfsCalls()).toEqual([`mkfs.xfs -L svc-data ${sandbox.device}`]);
    const uuid = probe(sandbox.device, "UUID");
    expect(fs.readFileSync(sandbox.fstab, "utf8")).toBe(`UUID=${uuid} ${mountPoint} xfs defaults,nofail,nodev,nosuid,noexec 0 0\n`);
    expect(fs.readFileSync(path.join(sandbox.systemd, "web.service.d", "10-cdktfde-data-volume.conf"), "utf8")).toBe(
      `[Unit]\nRequiresMountsFor=${mountPoint}\n`,
    );
    // Run again (a reboot, a re-run bootstrap): nothing is formatted, nothing added.
    const second = sandbox.prepare(commands);
    expect(second.status).toBe(0);
    expect(sandbox.mkfsCalls()).toHaveLength(1);
    expect(probe(sandbox.device, "UUID")).toBe(uuid);
  });

  test("the unit's docker run line: awslogs (non-blocking) starts without CloudWatch, the health endpoint answers on the published port, data goes to the volume", async () => {
    fs.mkdirSync(mountPoint, { recursive: true });
    runOk(["mount", "-o", "nodev,nosuid,noexec", sandbox.device, mountPoint]); // in dockerd's mount namespace this time
    const argv = execArgv(unitValues(unit("web"), "ExecStart")[0]);
    expect(argv.slice(0, 3)).toEqual(["/usr/bin/docker", "run", "--rm"]);
    const image = argv[argv.length - 1];
    expect(image).toMatch(/@sha256:[0-9a-f]{64}$/);
    const limits = ulimitsForThisHost();
    const args = argv.slice(1, -1).map((a) => {
      if (a.startsWith("type=bind,source=/srv/web-data,")) return a.replace("source=/srv/web-data", `source=${mountPoint}`);
      if (limits && a === "nofile=1024:65536") return `nofile=${limits.nofile.soft}:${limits.nofile.hard}`;
      return a;
    });
    expect(args).toEqual(expect.arrayContaining(["--log-driver", "awslogs", "--publish", "0.0.0.0:8080:8080/tcp"]));
    // On EC2 the region comes from instance metadata; here the engine is told, and CloudWatch stays unreachable.
    const started = engine.docker(
      [
        ...args.slice(0, 1),
        "--detach",
        "--log-opt",
        "awslogs-region=eu-west-1",
        ...args.slice(1),
        TEST_IMAGE,
        "sh",
        "-c",
        "echo ok > /tmp/healthz && exec httpd -f -p 8080 -h /tmp",
      ],
      { timeoutMs: 60000 },
    );
    expect({ status: started.status, stderr: started.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(engine.inspect("web", "{{json .HostConfig.LogConfig}}"))).toEqual({
      Type: "awslogs",
      Config: {
        "awslogs-create-group": "false",
        "awslogs-group": "/web/shop/web",
        "awslogs-region": "eu-west-1",
        "max-buffer-size": "4m",
        mode: "non-blocking",
      },
    });
    await waitFor("the container to be healthy", () => (engine.inspect("web", "{{.State.Health.Status}}") === "healthy" ? true : undefined), 60000, 1000);
    const probeResult = engine.inNetns(["wget", "-qO-", "http://127.0.0.1:8080/healthz"]);
    expect(probeResult.stdout.trim()).toBe("ok");
    const write = engine.docker([
      "exec",
      "web",
      "sh",
      "-c",
      "echo order-1 > /var/lib/shop/orders && cat /var/lib/shop/orders && id -u && ! touch /etc/x 2>/dev/null",
    ]);
    expect(write.status).toBe(0);
    expect(write.stdout.split("\n").slice(0, 2)).toEqual(["order-1", String(TEST_IMAGE_APP_UID)]);
    expect(fs.readFileSync(path.join(mountPoint, "orders"), "utf8")).toBe("order-1\n");
  });

  test("control: in blocking mode the same line does not even start while CloudWatch is unreachable", () => {
    const argv = execArgv(unitValues(unit("web"), "ExecStart")[0]);
    const limits = ulimitsForThisHost();
    const replacements: Record<string, string> = {
      web: "web-blocking",
      "0.0.0.0:8080:8080/tcp": "0.0.0.0:8081:8080/tcp",
      "type=bind,source=/srv/web-data,target=/var/lib/shop": "type=tmpfs,target=/var/lib/shop",
      ...(limits ? { "nofile=1024:65536": `nofile=${limits.nofile.soft}:${limits.nofile.hard}` } : {}),
    };
    const args = argv.slice(2, -1).map((a) => replacements[a] ?? a);
    // The same options without mode=non-blocking and its buffer size: Docker's default, blocking mode.
    const blocking = args.filter((a, i) => !/^(mode|max-buffer-size)=/.test(a) && !(a === "--log-opt" && /^(mode|max-buffer-size)=/.test(args[i + 1])));
    expect(blocking.length).toBe(args.length - 4);
    const started = engine.docker(["run", "--detach", "--log-opt", "awslogs-region=eu-west-1", ...blocking, TEST_IMAGE, "sleep", "60"], { timeoutMs: 120000 });
    expect(started.status).not.toBe(0);
    expect(started.stderr).toMatch(/failed to initialize logging driver: failed to create Cloudwatch log stream/);
  });

  test("the engine accepts the CloudWatch agent's run line (host network, tmpfs, awslogs) and refuses an unknown log option", () => {
    const argv = execArgv(unitValues(unit("cloudwatch-agent"), "ExecStart")[0]);
    const limits = ulimitsForThisHost();
    const args = argv.slice(2, -1).map((a) => (limits && a === "nofile=1024:65536" ? `nofile=${limits.nofile.soft}:${limits.nofile.hard}` : a));
    const created = engine.docker(["create", ...args, TEST_IMAGE, "true"]);
    expect({ status: created.status, stderr: created.stderr }).toEqual({ status: 0, stderr: "" });
    expect(engine.inspect("cloudwatch-agent", "{{.HostConfig.NetworkMode}} {{.HostConfig.ReadonlyRootfs}} {{.Config.User}}")).toBe("host true 65534:65534");
    const bogus = engine.docker([
      "create",
      "--log-driver",
      "awslogs",
      "--log-opt",
      "awslogs-group=/web/shop/web",
      "--log-opt",
      "awslogs-bogus=1",
      TEST_IMAGE,
      "true",
    ]);
    expect(bogus.status).not.toBe(0);
    expect(bogus.stderr).toMatch(/unknown log opt 'awslogs-bogus'/);
  });
});
