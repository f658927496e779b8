/**
 * The registry hosts' bootstrap, checked by the real programs that consume it: `cloud-init schema`
 * on each replica's cloud-config, `shellcheck` on every script (garbage collection, htpasswd
 * builder, the units' embedded shell: secret fetch, pull, data volume; the Redis entrypoint and
 * health check), `systemd-analyze verify` on every unit (registry, Redis, htpasswd oneshot, GC
 * service and timer, with their drop-ins and scripts in place), and, run for real: the Redis
 * entrypoint with Debian's redis-server (password required, awkward characters intact) and the
 * secret-environment fetch with a stub `aws` (a 0600 file systemd's EnvironmentFile= reads back).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { parse, stringify } from "yaml";
import { Network, SecretRef, renderCloudInit } from "cdktf-docker-environments";
import type { HostPlan } from "cdktf-docker-environments";
import { PrivateRegistry } from "../../lib/constructs/private-registry";
import { redisCacheHostService, redisEntrypointScript } from "../../lib/render/registry-host-services";
import { RegistryStack } from "../../stacks/registry";
import { awsStack } from "../support/aws-stack";
import { execArgv, parseEnvironmentFile, unitValues } from "../support/systemd-exec";
import { runTool } from "./bootstrap-tool-readers";

const TOOLS = ["cloud-init", "shellcheck", "systemd-analyze", "unshare", "redis-server", "redis-cli", "docker-registry", "htpasswd", "curl"];
const missing = TOOLS.filter((tool) => runTool("sh", ["-c", 'command -v "$1"', "sh", tool]).status !== 0);
const skip = missing.length > 0 && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the registry bootstrap tool tests: ${missing.join(", ")} missing (CDKTFDE_ALLOW_SKIP=1)`);
const describeTools = skip ? describe.skip : describe;

/** The two replicas of the `registry` stack and a single filesystem replica serving TLS from host files. */
const STACK = new RegistryStack(Testing.app(), "registry");

function hostPlans(): [string, HostPlan][] {
  const stack = STACK;
  const single = awsStack();
  const network = new Network(single, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
  const filesystem = new PrivateRegistry(single, "registry", {
    network,
    storage: { filesystem: {} },
    tls: { hostFiles: { certificate: "/etc/registry-tls/server.crt", key: "/etc/registry-tls/server.key" } },
    auth: { htpasswd: { users: [{ name: "ci", password: SecretRef.secretsManager("registry/users", "ci") }] } },
    httpSecret: SecretRef.hostFile("/etc/registry-secrets/http-secret"),
  });
  return [
    ["replica-0", stack.registry.hosts[0].plan!],
    ["replica-1", stack.registry.hosts[1].plan!],
    ["filesystem", filesystem.hosts[0].plan!],
  ];
}

const PLANS = hostPlans();
let work: string;

beforeAll(() => {
  if (missing.length > 0 && !skip) {
    throw new Error(`missing tools: ${missing.join(", ")}. Run test/integration/install-deps.sh, or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-registry-bootstrap-"));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function write(name: string, content: string, mode = 0o644): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { mode });
  return file;
}

function expectClean(result: { status: number | null; stdout: string; stderr: string }, what: string): void {
  if (result.status !== 0 || result.stdout !== "" || result.stderr !== "") {
    throw new Error(`${what} (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

const units = (plan: HostPlan) => plan.files.filter((f) => /^\/etc\/systemd\/system\/[^/]+\.(service|timer)$/.test(f.path));

/** Every shell script a plan ships or embeds: files with a shebang, `sh -c` in Exec lines, health checks. */
function scripts(plan: HostPlan): [string, string, string][] {
  const found: [string, string, string][] = [];
  for (const f of plan.files) {
    const shebang = /^#!\/bin\/(ba)?sh\n/.exec(f.content);
    if (shebang) found.push([f.path, f.content, shebang[1] ? "bash" : "sh"]);
  }
  for (const f of plan.files.filter((f) => f.path.startsWith("/etc/systemd/system/"))) {
    for (const key of ["ExecStartPre", "ExecStart", "ExecStop"]) {
      for (const line of unitValues(f.content, key)) {
        const argv = execArgv(line);
        if (argv[0] === "/bin/sh" && argv[1] === "-c") found.push([`${f.path} ${key} ${argv[3] ?? ""}`, argv[2], "sh"]);
        if (argv[0] !== "/usr/bin/docker" || argv[1] !== "run") continue;
        const health = argv.indexOf("--health-cmd");
        if (health > 0) found.push([`${f.path} health check`, argv[health + 1], "sh"]);
        const entrypoint = argv.indexOf("--entrypoint");
        if (entrypoint > 0 && argv[entrypoint + 1] === "/bin/sh") {
          const c = argv.indexOf("-c", entrypoint);
          found.push([`${f.path} entrypoint`, argv[c + 1], "sh"]);
        }
      }
    }
  }
  return found;
}

describeTools.each(PLANS)("the %s host", (name, plan) => {
  test("cloud-init schema accepts its cloud-config without a warning", () => {
    // Terraform fills in the references (bucket, key, region, zone) at apply; any word will do for the schema.
    const cloudConfig = renderCloudInit(plan).cloudConfig.replace(/\$\{TfToken\[TOKEN\.\d+\]\}/g, "filled-in-by-terraform");
    expect(cloudConfig).not.toContain("TfToken");
    const result = runTool("cloud-init", ["schema", "--config-file", write(`${name}/cloud-config.yaml`, cloudConfig)]);
    if (result.status !== 0) throw new Error(result.output);
    expect(result.output).toContain("Valid cloud-config");
    expect(result.output).not.toMatch(/deprecat|warning/i);
  });

  test("shellcheck accepts every script, at style severity", () => {
    const found = scripts(plan);
    const labels = found.map(([label]) => label).join("\n");
    expect(labels).toMatch(/fetch-secret-environment/);
    if (name !== "replica-1") expect(labels).toMatch(/build-htpasswd\.sh/);
    if (name !== "filesystem") expect(labels).toMatch(/garbage-collect\.sh/);
    if (name === "replica-0") expect(labels).toMatch(/registry-redis\.service entrypoint/);
    if (name === "filesystem") expect(labels).toMatch(/data-volume\.conf/);
    found.forEach(([label, script, shell], i) => {
      const result = runTool("shellcheck", ["--shell", shell, "--severity=style", write(`${name}/scripts/${i}.sh`, script)]);
      if (result.status !== 0) throw new Error(`shellcheck ${label}:\n${result.output}`);
    });
  });

  test("systemd-analyze verify accepts every unit (drop-ins and scripts in place) without a word", () => {
    const dir = path.join(work, name, "verify");
    const unitDir = path.join(dir, "units");
    fs.mkdirSync(unitDir, { recursive: true });
    // The units require docker.service: a stub keeps verify independent of the host's Docker package.
    fs.writeFileSync(path.join(unitDir, "docker.service"), "[Unit]\nDescription=Docker engine (stub for verify)\n\n[Service]\nExecStart=/usr/bin/true\n");
    for (const f of plan.files.filter((f) => f.path.startsWith("/etc/systemd/system/"))) {
      write(path.join(name, "verify", "units", f.path.slice("/etc/systemd/system/".length)), f.content);
    }
    // Scripts the units execute live under /etc: an overlay on /etc in a private mount namespace puts them there.
    const upper = path.join(dir, "upper");
    for (const f of plan.files.filter((f) => f.path.startsWith("/etc/") && !f.path.startsWith("/etc/systemd/"))) {
      write(path.join(name, "verify", "upper", f.path.slice("/etc/".length)), f.content, parseInt(f.mode, 8));
    }
    fs.mkdirSync(upper, { recursive: true });
    const names = units(plan).map((u) => path.basename(u.path));
    expect(names).toEqual(
      expect.arrayContaining(
        name === "filesystem" ? ["registry.service", "registry-htpasswd.service"] : ["registry.service", "registry-gc.service", "registry-gc.timer"],
      ),
    );
    for (const unit of names) {
      const result = runTool("unshare", [
        "--mount",
        "sh",
        "-c",
        'set -e; mount -t tmpfs tmpfs "$1"; mkdir "$1/u" "$1/w"; cp -a "$2/." "$1/u/"; mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/u,workdir=$1/w" /etc; SYSTEMD_UNIT_PATH="$3:" exec systemd-analyze verify --man=no --generators=no "$3/$4"',
        "sh",
        fs.mkdtempSync(path.join(dir, "mnt-")),
        upper,
        unitDir,
        unit,
      ]);
      expectClean(result, `systemd-analyze verify ${name} ${unit}`);
    }
  });
});

describeTools("run for real", () => {
  test("the verify would notice a missing script (the check is real)", () => {
    const unitDir = path.join(work, "broken-units");
    fs.mkdirSync(unitDir, { recursive: true });
    const [, service] = PLANS[0];
    const gc = service.files.find((f) => f.path === "/etc/systemd/system/registry-gc.service")!;
    fs.writeFileSync(path.join(unitDir, "registry-gc.service"), gc.content);
    fs.writeFileSync(path.join(unitDir, "registry.service"), "[Unit]\nDescription=stub\n[Service]\nExecStart=/usr/bin/true\n");
    const result = runTool("systemd-analyze", ["verify", "--man=no", "--generators=no", path.join(unitDir, "registry-gc.service")], {
      env: { ...process.env, SYSTEMD_UNIT_PATH: `${unitDir}:` },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Command /etc/docker-registry/garbage-collect.sh is not executable");
  });

  test("the Redis entrypoint: Debian's redis-server requires the password (awkward characters intact); the health check passes", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const password = String.raw`pa"ss w\ord $HOME 'q' #x` + "`id`";
    const service = redisCacheHostService("redis:7.2.5-alpine", port, SecretRef.ssmParameter("/registry/redis-password"));
    expect(service.spec.command).toEqual(["-c", redisEntrypointScript(port), "redis-entrypoint"]);
    const dir = fs.mkdtempSync(path.join(work, "redis-"));
    const env = { ...process.env, REDIS_PASSWORD: password };
    const server = spawn("/bin/sh", ["-c", redisEntrypointScript(port), "redis-entrypoint"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    server.stdout.on("data", (d) => (log += d));
    server.stderr.on("data", (d) => (log += d));
    try {
      const cli = (args: string[], auth?: string) =>
        runTool("redis-cli", ["-p", String(port), ...args], { env: { ...process.env, ...(auth === undefined ? {} : { REDISCLI_AUTH: auth }) } });
      for (let i = 0; i < 50 && !/Ready to accept connections/.test(log); i++) await new Promise((r) => setTimeout(r, 100));
      expect(log).toMatch(/Ready to accept connections/);
      expect(cli(["ping"]).stdout).toMatch(/NOAUTH/);
      expect(cli(["ping"], "wrong").output).toMatch(/WRONGPASS|invalid password/);
      expect(cli(["ping"], password).stdout.trim()).toBe("PONG");
      expect(cli(["config", "get", "save"], password).stdout.split("\n")[1]).toBe("");
      expect(cli(["config", "get", "maxmemory-policy"], password).stdout).toContain("allkeys-lru");
      // The health check as Docker runs it: in the container's environment, which has REDIS_PASSWORD.
      const health = runTool("/bin/sh", ["-c", service.spec.healthCheck!.command], { env });
      expect(health.status).toBe(0);
      expect(runTool("/bin/sh", ["-c", service.spec.healthCheck!.command], { env: { ...env, REDIS_PASSWORD: "wrong" } }).status).not.toBe(0);
      // Not on the command line (the process list shows arguments to every user).
      expect(fs.readFileSync(`/proc/${server.pid}/cmdline`, "utf8")).not.toContain('pa"ss');
    } finally {
      server.kill("SIGTERM");
    }
    expect(await new Promise((r) => server.on("exit", (code) => r(code)))).toBe(0);
    // Without the variable the entrypoint refuses to start rather than run an open cache.
    const { REDIS_PASSWORD: _dropped, ...without } = env;
    const refused = runTool("/bin/sh", ["-c", redisEntrypointScript(port), "redis-entrypoint"], { env: without });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("the cache password is not set");
  });

  test("the secret-environment fetch writes a 0600 file that EnvironmentFile= reads back exactly; a line break is refused", () => {
    const unit = PLANS[0][1].files.find((f) => f.path === "/etc/systemd/system/registry.service")!.content;
    const argv = execArgv(unitValues(unit, "ExecStartPre").find((l) => l.includes("fetch-secret-environment"))!);
    const bin = path.join(work, "aws-stub");
    fs.mkdirSync(bin, { recursive: true });
    // The stub answers each parameter from a file named after it, as `aws ssm get-parameter ... --output text` prints it.
    const values = path.join(work, "aws-values");
    fs.mkdirSync(values, { recursive: true });
    fs.writeFileSync(
      path.join(bin, "aws"),
      '#!/bin/sh\nwhile [ "$#" -gt 0 ]; do if [ "$1" = --name ]; then cat "$VALUES/$(printf %s "$2" | tr / _)"; exit; fi; shift; done; exit 2\n',
      { mode: 0o755 },
    );
    const awkward = String.raw`s3cr"et \n $HOME ` + "${X} `id` 'q' ;#";
    fs.writeFileSync(path.join(values, "_registry_http-secret"), `${awkward}\n`);
    fs.writeFileSync(path.join(values, "_registry_redis-password"), "redis-pass\n");
    const target = path.join(work, "run", "environment.env");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    expect(argv[4]).toBe("/run/cdktf-docker-environments/registry/secrets/environment.env");
    const args = [...argv.slice(1, 4), target, ...argv.slice(5)];
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, VALUES: values };
    const ok = runTool(argv[0], args, { env });
    if (ok.status !== 0) throw new Error(ok.output);
    expect((fs.statSync(target).mode & 0o777).toString(8)).toBe("600");
    expect(parseEnvironmentFile(fs.readFileSync(target, "utf8"))).toEqual({ REGISTRY_HTTP_SECRET: awkward, REGISTRY_REDIS_PASSWORD: "redis-pass" });

    fs.writeFileSync(path.join(values, "_registry_redis-password"), "two\nlines\n");
    const refused = runTool(argv[0], args, { env });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("REGISTRY_REDIS_PASSWORD: the secret is empty or has a line break");
  });
});

/** Starts a program in the background, collecting its output; `stop` sends SIGTERM and waits. */
function background(argv: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child: ChildProcess = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { log: () => log, stop: async () => (child.kill("SIGTERM"), exited) };
}

async function until(what: string, check: () => boolean, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up:\n${log()}`);
}

describeTools("the registry stack's config.yml run by Debian's docker-registry (storage switched to a local directory)", () => {
  test("secrets from the environment as the unit sets them, htpasswd (bcrypt) enforced, the blob-descriptor cache in a password-protected Redis", async () => {
    const dir = fs.mkdtempSync(path.join(work, "registry-run-"));
    const [port, debugPort, redisPort] = [0, 1, 2].map((i) => 20000 + Math.floor(Math.random() * 10000) * 3 + i);
    const redisPassword = randomBytes(18).toString("base64url");
    const redis = background(["/bin/sh", "-c", redisEntrypointScript(redisPort), "redis-entrypoint"], { ...process.env, REDIS_PASSWORD: redisPassword }, dir);
    const registryPassword = randomBytes(12).toString("base64url");
    const htpasswd = path.join(dir, "htpasswd");
    expect(runTool("htpasswd", ["-B", "-C", "10", "-i", "-c", htpasswd, "ci"], { input: registryPassword }).status).toBe(0);
    // The rendered file, with only what must differ here overridden: storage, addresses, the htpasswd path.
    const config = parse(STACK.registry.configYml.replace(/\$\{TfToken\[TOKEN\.\d+\]\}/g, "filled-in-by-terraform")) as Record<string, Record<string, unknown>>;
    expect(Object.keys(config.storage)).toContain("s3");
    delete config.storage.s3;
    config.storage.filesystem = { rootdirectory: path.join(dir, "storage") };
    config.http.addr = `127.0.0.1:${port}`;
    config.http.debug = { addr: `127.0.0.1:${debugPort}` };
    (config.auth.htpasswd as Record<string, unknown>).path = htpasswd;
    config.redis.addr = `127.0.0.1:${redisPort}`;
    const file = path.join(dir, "config.yml");
    fs.writeFileSync(file, stringify(config));
    const curl = (args: string[]) => runTool("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", ...args]).stdout;
    const env = { ...process.env, REGISTRY_HTTP_SECRET: randomBytes(32).toString("base64url"), REGISTRY_REDIS_PASSWORD: redisPassword };
    let registry: ReturnType<typeof background> | undefined;
    try {
      await until("redis", () => /Ready to accept connections/.test(redis.log()), redis.log);
      registry = background(["docker-registry", "serve", file], env, dir);
      const r = registry;
      await until("docker-registry", () => curl([`http://127.0.0.1:${debugPort}/debug/health`]) === "200", r.log);
      // The load balancer's health check: 401 on /v2/ for an anonymous probe.
      expect(curl([`http://127.0.0.1:${port}/v2/`])).toBe("401");
      expect(curl(["-u", `ci:${registryPassword}x`, `http://127.0.0.1:${port}/v2/`])).toBe("401");
      expect(curl(["-u", `ci:${registryPassword}`, `http://127.0.0.1:${port}/v2/`])).toBe("200");
      // A monolithic blob upload, then a HEAD: the descriptor goes through Redis, which needs the password.
      const blob = randomBytes(1024);
      const digest = `sha256:${createHash("sha256").update(blob).digest("hex")}`;
      const blobFile = path.join(dir, "blob");
      fs.writeFileSync(blobFile, blob);
      const auth = ["-u", `ci:${registryPassword}`];
      const start = runTool("curl", [
        "-s",
        "-D",
        "-",
        "-o",
        "/dev/null",
        ...auth,
        "-X",
        "POST",
        `http://127.0.0.1:${port}/v2/cdktfde/test/blobs/uploads/`,
      ]).stdout;
      expect(start).toMatch(/^HTTP\/1\.1 202/);
      const location = /^Location: (\S+)/im.exec(start)![1];
      // http.host (the public URL behind the load balancer) makes the Location absolute: follow its path here.
      expect(location).toMatch(/^https:\/\/registry\.example\.com\/v2\/cdktfde\/test\/blobs\/uploads\//);
      const publicLocation = new URL(location);
      const upload = new URL(`${publicLocation.pathname}${publicLocation.search}`, `http://127.0.0.1:${port}`);
      upload.searchParams.set("digest", digest);
      expect(curl([...auth, "-X", "PUT", "-H", "Content-Type: application/octet-stream", "--data-binary", `@${blobFile}`, upload.toString()])).toBe("201");
      expect(curl([...auth, "-I", `http://127.0.0.1:${port}/v2/cdktfde/test/blobs/${digest}`])).toBe("200");
      const keys = runTool("redis-cli", ["-p", String(redisPort), "--scan"], { env: { ...process.env, REDISCLI_AUTH: redisPassword } }).stdout;
      expect(keys).toContain(digest);
      expect(r.log()).not.toMatch(/NOAUTH|WRONGPASS|invalid password/);
      expect(fs.readFileSync(file, "utf8")).not.toContain(redisPassword);
    } finally {
      await registry?.stop();
      await redis.stop();
    }
  }, 60000);
});
