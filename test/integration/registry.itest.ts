/**
 * The rendered registry configuration, run by the real programs: Debian's docker-registry
 * (distribution 2.8) started with every rendered config.yml that can run here, inside a private
 * Docker engine's network namespace, and used by the real docker client (TLS from a test CA,
 * htpasswd from `htpasswd -B`, from renderHtpasswd and from the host-side script); two replicas
 * behind the rendered nginx.conf sharing storage, http.secret and a redis cache; and the S3
 * variant started against distribution's S3 driver (S3 itself is out of reach).
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SecretRef } from "cdktf-docker-environments";
import { renderRegistryConfigYml } from "../../lib/render/registry-config-yml";
import { renderHtpasswd, renderHtpasswdScript } from "../../lib/render/registry-htpasswd";
import { renderRegistryNginxConf } from "../../lib/render/registry-nginx-conf";
import type { RegistryConfig } from "../../lib/core/registry-config";
import { registryVariants } from "../support/registry-configs";
import type { RegistryPaths } from "../support/registry-configs";
import { TEST_IMAGE, run, runOk, startDockerEngineWithTestImage, waitFor } from "./docker-engine";
import type { DockerEngine } from "./docker-engine";
import { DockerTrustStore, NetnsProcesses, addTestAddress, countLines, dockerClient, makeCa, waitForHttp } from "./registry-fixtures";
import type { NetnsProcess, TestCa } from "./registry-fixtures";

let engine: DockerEngine;
let work: string;
let procs: NetnsProcesses;
let trust: DockerTrustStore;
let ip: string;
let ca: TestCa;
let server: { cert: string; key: string };
let paths: RegistryPaths;
let docker: ReturnType<typeof dockerClient>;
let imageId: string;
const REDIS_PASSWORD = randomBytes(18).toString("base64url");
const HTTP_SECRET = randomBytes(32).toString("base64url");
const REDIS_ADDR = "127.0.0.1:6379";
const variants = () => registryVariants(paths, { tls: `${ip}:5000`, plain: "127.0.0.1:5101", redis: REDIS_ADDR });

beforeAll(async () => {
  for (const tool of ["docker-registry", "htpasswd", "nginx", "redis-server", "redis-cli", "openssl", "curl"]) {
    if (run(["sh", "-c", 'command -v "$1"', "sh", tool]).status !== 0) throw new Error(`${tool} is not installed: run test/integration/install-deps.sh`);
  }
  engine = await startDockerEngineWithTestImage();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-registry-"));
  procs = new NetnsProcesses(engine, work);
  trust = new DockerTrustStore();
  ip = addTestAddress(engine);
  ca = makeCa(path.join(work, "pki"), "ca-1");
  server = ca.issue("registry", ip);
  const tokenSigner = makeCa(path.join(work, "token-pki"), "token-signer");
  paths = {
    storage: path.join(work, "storage"),
    certificate: server.cert,
    key: server.key,
    htpasswd: path.join(work, "htpasswd"),
    tokenBundle: tokenSigner.cert,
    secretFile: path.join(work, "http-secret"),
    redisPasswordFile: path.join(work, "redis-password"),
  };
  fs.writeFileSync(paths.secretFile, `${HTTP_SECRET}\n`, { mode: 0o600 });
  fs.writeFileSync(paths.redisPasswordFile, `${REDIS_PASSWORD}\n`, { mode: 0o600 });
  docker = dockerClient(engine, path.join(work, "docker-client"));
  imageId = engine.inspect(TEST_IMAGE, "{{.Id}}");
  const redisConf = path.join(work, "redis.conf");
  fs.mkdirSync(path.join(work, "redis"));
  fs.writeFileSync(redisConf, `bind 127.0.0.1\nport 6379\nrequirepass ${REDIS_PASSWORD}\nsave ""\nappendonly no\ndir ${work}/redis\n`, { mode: 0o600 });
  procs.start("redis", ["redis-server", redisConf]);
  await waitFor(
    "redis",
    () => (procs.run(["redis-cli", "-h", "127.0.0.1", "--no-auth-warning", "-a", REDIS_PASSWORD, "ping"]).stdout.trim() === "PONG" ? true : undefined),
    15000,
  );
}, 180000);

afterAll(async () => {
  await procs?.stopAll();
  trust?.cleanUp();
  await engine?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 120000);

/** Renders a config variant (optionally changed) to a file and starts the registry with it; waits until it answers. */
async function startRegistry(name: string, config: RegistryConfig, env: Record<string, string | undefined> = {}): Promise<NetnsProcess> {
  const file = path.join(work, `${name}.yml`);
  fs.writeFileSync(file, renderRegistryConfigYml(config, { where: name }));
  const proc = procs.start(name, ["docker-registry", "serve", file], { AWS_CA_BUNDLE: undefined, ...env });
  const addr = config.http.addr ?? ":5000";
  const url = config.http.tls ? `https://${addr}/` : `http://${addr}/`;
  await waitForHttp(procs, proc, url, config.http.tls ? ["--cacert", ca.cert] : []);
  return proc;
}

/** The password as a registry user's file reference would deliver it (the host reads the reference at start). */
const fromFile = (file: string) => fs.readFileSync(file, "utf8").trim();

function makeHtpasswdB(file: string, user: string, password: string): void {
  runOk(["htpasswd", "-B", "-C", "10", "-i", "-c", file, user], { input: password });
}

function pushAndPull(registry: string, repository: string, tag: string): void {
  const ref = `${registry}/${repository}:${tag}`;
  engine.dockerOk(["tag", TEST_IMAGE, ref]);
  const push = docker.run(["push", ref]);
  expect({ status: push.status, stderr: push.stderr }).toEqual({ status: 0, stderr: "" });
  expect(push.stdout).toMatch(new RegExp(`${tag}: digest: sha256:[a-f0-9]{64} size: \\d+`));
  engine.dockerOk(["image", "rm", ref]);
  const pull = docker.run(["pull", ref]);
  expect({ status: pull.status, stderr: pull.stderr }).toEqual({ status: 0, stderr: "" });
  expect(engine.inspect(ref, "{{.Id}}")).toBe(imageId);
  engine.dockerOk(["image", "rm", ref]);
}

describe("a TLS registry with htpasswd auth, used by the real docker client", () => {
  const password = randomBytes(12).toString("base64url");

  test("htpasswd -B: an untrusted certificate, a wrong password and anonymous pushes are refused; the authorised push and pull work", async () => {
    makeHtpasswdB(paths.htpasswd, "alice", password);
    const config = variants()["filesystem-tls-htpasswd"].config;
    // Log fields that YAML 1.1 (distribution's yaml.v2) would read as a boolean and a number if written plain.
    const fields = { service: "registry", maintenance: "on", window: "12:30" };
    const registry = await startRegistry("tls-htpasswd-b", { ...config, log: { ...config.log, fields } });
    try {
      const host = `${ip}:5000`;
      // Before the engine trusts the CA, the certificate is refused (not in 127.0.0.0/8, so really verified).
      expect(docker.login(host, "alice", password).stderr).toMatch(/x509: certificate signed by unknown authority/);
      trust.trust(host, ca.cert);
      const wrong = docker.login(host, "alice", `${password}x`);
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/401 Unauthorized/);
      engine.dockerOk(["tag", TEST_IMAGE, `${host}/cdktfde/anonymous:1`]);
      expect(docker.run(["push", `${host}/cdktfde/anonymous:1`]).stderr).toMatch(/no basic auth credentials/);
      expect(docker.login(host, "alice", password)).toMatchObject({ status: 0, stdout: expect.stringContaining("Login Succeeded") });
      pushAndPull(host, "cdktfde/busybox", "htpasswd-b");
      expect(registry.log()).toMatch(/listening on 198\.18\.\d+\.\d+:5000, tls/);
      expect(registry.log()).toMatch(/restricting TLS version to tls1\.2 or higher/);
      expect(registry.log()).toMatch(/ maintenance=on /);
      expect(registry.log()).toMatch(/ window="12:30"/);
    } finally {
      docker.logout(`${ip}:5000`);
      await registry.stop();
    }
  });

  test("renderHtpasswd (bcryptjs, $2b$): the registry accepts its hashes", async () => {
    const htpasswd = path.join(work, "htpasswd-bcryptjs");
    const bobPassword = randomBytes(12).toString("base64url");
    fs.writeFileSync(htpasswd, renderHtpasswd([{ name: "bob", password: bobPassword }]), { mode: 0o600 });
    expect(fs.readFileSync(htpasswd, "utf8")).toMatch(/^bob:\$2b\$10\$/);
    const base = variants()["filesystem-tls-htpasswd"].config;
    const registry = await startRegistry("tls-htpasswd-bcryptjs", { ...base, auth: { htpasswd: { path: htpasswd } } });
    try {
      expect(docker.login(`${ip}:5000`, "bob", "wrong").stderr).toMatch(/401 Unauthorized/);
      expect(docker.login(`${ip}:5000`, "bob", bobPassword).status).toBe(0);
      pushAndPull(`${ip}:5000`, "cdktfde/busybox", "htpasswd-bcryptjs");
    } finally {
      docker.logout(`${ip}:5000`);
      await registry.stop();
    }
  });

  test("the host-side script hashes passwords fetched by reference, and the registry accepts them", async () => {
    const dir = path.join(work, "htpasswd-script");
    fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
    const carolFile = path.join(dir, "carol's password");
    fs.writeFileSync(carolFile, "carol-from-a-host-file\n", { mode: 0o600 });
    // A stand-in for the AWS CLI: answers exactly the SSM call the script must make.
    const awsLog = path.join(dir, "aws-calls.log");
    fs.writeFileSync(
      path.join(dir, "bin", "aws"),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${awsLog}'\nif [ "$*" = "ssm get-parameter --name /registry/users/ci --with-decryption --query Parameter.Value --output text" ]; then echo 'ci-from-ssm'; exit 0; fi\nexit 254\n`,
      { mode: 0o755 },
    );
    const target = path.join(dir, "htpasswd");
    const script = renderHtpasswdScript(
      [
        { name: "ci", password: SecretRef.ssmParameter("/registry/users/ci") },
        { name: "carol", password: SecretRef.hostFile(carolFile) },
      ],
      { path: target },
    );
    const lint = run(["shellcheck", "--shell=bash", "--severity=style", "-"], { input: script });
    expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({ status: 0, output: "" });
    const result = run(["bash", "-c", script], { env: { PATH: `${path.join(dir, "bin")}:/usr/sbin:/usr/bin:/sbin:/bin` } });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(fs.readFileSync(awsLog, "utf8")).toBe("ssm get-parameter --name /registry/users/ci --with-decryption --query Parameter.Value --output text\n");
    const text = fs.readFileSync(target, "utf8");
    expect(text).toMatch(/^ci:\$2y\$10\$\S{53}\ncarol:\$2y\$10\$\S{53}\n$/);
    expect(text).not.toMatch(/from-ssm|host-file/);
    expect(fs.statSync(target).mode & 0o777).toBe(0o440);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".new"))).toEqual([]);

    const base = variants()["filesystem-tls-htpasswd"].config;
    const registry = await startRegistry("tls-htpasswd-script", { ...base, auth: { htpasswd: { path: target } } });
    try {
      expect(docker.login(`${ip}:5000`, "carol", "carol-from-a-host-file").status).toBe(0);
      expect(docker.login(`${ip}:5000`, "ci", "ci-from-ssm").status).toBe(0);
      expect(docker.login(`${ip}:5000`, "ci", "ci-from-ssm ").stderr).toMatch(/401 Unauthorized/);
    } finally {
      docker.logout(`${ip}:5000`);
      await registry.stop();
    }
    // A failing reference stops the script before the old file is replaced.
    const failing = renderHtpasswdScript([{ name: "ops", password: SecretRef.ssmParameter("/registry/users/ops") }], { path: target });
    const failed = run(["bash", "-c", failing], { env: { PATH: `${path.join(dir, "bin")}:/usr/sbin:/usr/bin:/sbin:/bin` } });
    expect(failed.status).not.toBe(0);
    expect(fs.readFileSync(target, "utf8")).toBe(text);
  });

  test("a registry whose certificate comes from another CA is refused", async () => {
    const impostorCa = makeCa(path.join(work, "pki-2"), "ca-2");
    const impostor = impostorCa.issue("impostor", ip);
    const base = variants()["filesystem-tls-htpasswd"].config;
    const config: RegistryConfig = { ...base, http: { addr: `${ip}:5001`, tls: { certificate: impostor.cert, key: impostor.key } } };
    const file = path.join(work, "impostor.yml");
    fs.writeFileSync(file, renderRegistryConfigYml(config));
    const registry = procs.start("impostor", ["docker-registry", "serve", file]);
    try {
      await waitForHttp(procs, registry, `https://${ip}:5001/`, ["--insecure"]);
      trust.trust(`${ip}:5001`, ca.cert);
      const login = docker.login(`${ip}:5001`, "alice", password);
      expect(login.status).not.toBe(0);
      expect(login.stderr).toMatch(/x509: certificate signed by unknown authority/);
      engine.dockerOk(["tag", TEST_IMAGE, `${ip}:5001/cdktfde/busybox:impostor`]);
      expect(docker.run(["push", `${ip}:5001/cdktfde/busybox:impostor`]).stderr).toMatch(/x509: certificate signed by unknown authority/);
    } finally {
      await registry.stop();
    }
  });

  test("read-only maintenance mode: pulls work, pushes are refused, garbage collection runs", async () => {
    const config = variants()["read-only-maintenance"].config;
    const registry = await startRegistry("read-only", config);
    try {
      expect(docker.login(`${ip}:5000`, "alice", password).status).toBe(0);
      const ref = `${ip}:5000/cdktfde/busybox:htpasswd-b`;
      expect(docker.run(["pull", ref]).status).toBe(0);
      expect(engine.inspect(ref, "{{.Id}}")).toBe(imageId);
      engine.dockerOk(["tag", TEST_IMAGE, `${ip}:5000/cdktfde/busybox:during-maintenance`]);
      const push = docker.run(["push", `${ip}:5000/cdktfde/busybox:during-maintenance`]);
      expect(push.status).not.toBe(0);
      expect(push.stderr).toMatch(/HTTP 405 response body.*Method not allowed/);
      const gc = run(["docker-registry", "garbage-collect", "--dry-run", path.join(work, "read-only.yml")]);
      expect(gc.status).toBe(0);
      expect(gc.stdout).toMatch(/\d+ blobs marked, 0 blobs and 0 manifests eligible for deletion/);
    } finally {
      docker.logout(`${ip}:5000`);
      await registry.stop();
    }
  });

  test("token auth: anonymous requests are sent to the token service; TLS below 1.3 is refused", async () => {
    const registry = await startRegistry("token", variants()["token-auth"].config);
    try {
      const probe = procs.run(["curl", "--silent", "--include", "--cacert", ca.cert, `https://${ip}:5000/v2/`]);
      expect(probe.stdout).toMatch(/^HTTP\/[\d.]+ 401/);
      expect(probe.stdout).toMatch(/^www-authenticate: Bearer realm="https:\/\/auth\.example\.com\/token",service="registry\.example\.com"/im);
      expect(probe.stdout).toMatch(/^x-content-type-options: nosniff/im);
      const tls12 = procs.run(["openssl", "s_client", "-connect", `${ip}:5000`, "-tls1_2", "-CAfile", ca.cert], { input: "" });
      expect(tls12.status).not.toBe(0);
      const tls13 = procs.run(["openssl", "s_client", "-connect", `${ip}:5000`, "-tls1_3", "-CAfile", ca.cert, "-verify_return_error"], { input: "" });
      expect(tls13.status).toBe(0);
      expect(tls13.stdout).toMatch(/Protocol\s*: TLSv1\.3/);
    } finally {
      await registry.stop();
    }
  });

  test("no authentication (the declared exception): anonymous push and pull", async () => {
    const registry = await startRegistry("open", variants()["open-pull-mirror"].config);
    try {
      pushAndPull(`${ip}:5000`, "cdktfde/busybox", "anonymous");
    } finally {
      await registry.stop();
    }
  });
});

describe("two replicas behind nginx, sharing storage, http.secret and the redis cache", () => {
  const replicas: NetnsProcess[] = [];
  let nginx: NetnsProcess;
  let nginxConf: string;
  const userPassword = randomBytes(12).toString("base64url");
  const front = () => `${ip}:5443`;

  beforeAll(async () => {
    const htpasswd = path.join(work, "htpasswd-replicas");
    fs.writeFileSync(htpasswd, renderHtpasswd([{ name: "dave", password: userPassword }]));
    const base = variants()["replica-behind-nginx"].config;
    const storage = base.storage.filesystem!;
    const env = { REGISTRY_HTTP_SECRET: fromFile(paths.secretFile), REGISTRY_REDIS_PASSWORD: fromFile(paths.redisPasswordFile) };
    for (const port of [5101, 5102]) {
      const config: RegistryConfig = {
        ...base,
        storage: { ...base.storage, filesystem: { ...storage, rootDirectory: path.join(work, "shared-storage") } },
        http: { ...base.http, addr: `127.0.0.1:${port}` },
        auth: { htpasswd: { path: htpasswd } },
      };
      replicas.push(await startRegistry(`replica-${port}`, config, env));
    }
    const nginxDir = path.join(work, "nginx");
    fs.mkdirSync(path.join(nginxDir, "tmp"), { recursive: true });
    fs.chmodSync(work, 0o755);
    runOk(["chown", "www-data:www-data", path.join(nginxDir, "tmp")]);
    nginxConf = path.join(nginxDir, "nginx.conf");
    fs.writeFileSync(
      nginxConf,
      renderRegistryNginxConf({
        replicas: ["127.0.0.1:5101", "127.0.0.1:5102"],
        serverName: ip,
        listen: front(),
        tls: { certificate: server.cert, key: server.key },
        pidFile: path.join(nginxDir, "nginx.pid"),
        errorLog: path.join(nginxDir, "error.log"),
        accessLog: path.join(nginxDir, "access.log"),
        tempDirectory: path.join(nginxDir, "tmp"),
      }),
    );
    nginx = procs.start("nginx", ["nginx", "-c", nginxConf, "-g", "daemon off;"]);
    await waitForHttp(procs, nginx, `https://${front()}/healthz`, ["--cacert", ca.cert]);
    trust.trust(front(), ca.cert);
  }, 120000);

  test("nginx -t accepts the rendered configuration", () => {
    const result = procs.run(["nginx", "-t", "-c", nginxConf]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/syntax is ok/);
    expect(result.stderr).toMatch(/test is successful/);
  });

  test("the replicas took the shared secret and the redis cache from the environment", () => {
    for (const replica of replicas) {
      expect(replica.log()).not.toMatch(/No HTTP secret provided/);
      expect(replica.log()).toMatch(/using redis blob descriptor cache/);
    }
  });

  test("through nginx: health, one Docker-Distribution-Api-Version header, upload URLs on the public https address", () => {
    const health = procs.run(["curl", "--silent", "--include", "--cacert", ca.cert, `https://${front()}/healthz`]);
    expect(health.stdout).toMatch(/^HTTP\/[\d.]+ 200/);
    const v2 = procs.run(["curl", "--silent", "--include", "--cacert", ca.cert, `https://${front()}/v2/`]);
    expect(v2.stdout).toMatch(/^HTTP\/[\d.]+ 401/);
    expect(countLines(v2.stdout, /^docker-distribution-api-version: registry\/2\.0\r?$/i)).toBe(1);
    const upload = procs.run([
      "curl",
      "--silent",
      "--include",
      "--cacert",
      ca.cert,
      "--user",
      `dave:${userPassword}`,
      "--request",
      "POST",
      `https://${front()}/v2/cdktfde/probe/blobs/uploads/`,
    ]);
    expect(upload.stdout).toMatch(/^HTTP\/[\d.]+ 202/);
    expect(upload.stdout).toMatch(new RegExp(`^location: https://${front().replace(/\./g, "\\.")}/v2/cdktfde/probe/blobs/uploads/`, "im"));
  });

  test("an upload started on one replica continues on another only when they share http.secret", async () => {
    const blob = "a blob uploaded across replicas";
    const digest = `sha256:${createHash("sha256").update(blob).digest("hex")}`;
    const start = () => {
      const post = procs.run([
        "curl",
        "--silent",
        "--include",
        "--user",
        `dave:${userPassword}`,
        "--request",
        "POST",
        "http://127.0.0.1:5101/v2/cdktfde/cross/blobs/uploads/",
      ]);
      const location = /^location: (\S+)\r?$/im.exec(post.stdout)?.[1];
      if (!location) throw new Error(`no upload location:\n${post.stdout}`);
      return location;
    };
    const finish = (location: string, port: number) =>
      procs.run([
        "curl", "--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "--user", `dave:${userPassword}`, "--request", "PUT",
        "--header", "Content-Type: application/octet-stream", "--data-binary", blob,
        `${location.replace(/127\.0\.0\.1:5101/, `127.0.0.1:${port}`)}&digest=${digest}`,
      ]).stdout; // prettier-ignore
    expect(finish(start(), 5102)).toBe("201");

    const base = variants()["replica-behind-nginx"].config;
    const stranger = await startRegistry(
      "replica-other-secret",
      {
        ...base,
        storage: { ...base.storage, filesystem: { ...base.storage.filesystem!, rootDirectory: path.join(work, "shared-storage") } },
        http: { ...base.http, addr: "127.0.0.1:5103" },
        auth: { htpasswd: { path: path.join(work, "htpasswd-replicas") } },
      },
      { REGISTRY_HTTP_SECRET: "a-different-secret", REGISTRY_REDIS_PASSWORD: REDIS_PASSWORD },
    );
    try {
      expect(finish(start(), 5103)).toBe("404");
    } finally {
      await stranger.stop();
    }
  });

  test("docker pushes through nginx to both replicas; with one stopped, the pull still works", async () => {
    const before = replicas.map((r) => countLines(r.log(), /"(GET|HEAD|POST|PATCH|PUT) \/v2\/cdktfde\/busybox\//));
    expect(docker.login(front(), "dave", userPassword).status).toBe(0);
    const ref = `${front()}/cdktfde/busybox:balanced`;
    engine.dockerOk(["tag", TEST_IMAGE, ref]);
    const push = docker.run(["push", ref]);
    expect({ status: push.status, stderr: push.stderr }).toEqual({ status: 0, stderr: "" });
    const after = replicas.map((r) => countLines(r.log(), /"(GET|HEAD|POST|PATCH|PUT) \/v2\/cdktfde\/busybox\//));
    expect(after[0]).toBeGreaterThan(before[0]);
    expect(after[1]).toBeGreaterThan(before[1]);
    const keys = procs
      .run(["redis-cli", "-h", "127.0.0.1", "--no-auth-warning", "-a", REDIS_PASSWORD, "--scan", "--pattern", "*"])
      .stdout.split("\n")
      .filter(Boolean);
    expect(keys.some((k) => k.startsWith("blobs::sha256:"))).toBe(true);

    await replicas[0].stop();
    engine.dockerOk(["image", "rm", ref]);
    const survivorBefore = countLines(replicas[1].log(), /"(HEAD|GET) \/v2\/cdktfde\/busybox\/manifests\//);
    const pull = docker.run(["pull", ref]);
    expect({ status: pull.status, stderr: pull.stderr }).toEqual({ status: 0, stderr: "" });
    expect(engine.inspect(ref, "{{.Id}}")).toBe(imageId);
    expect(countLines(replicas[1].log(), /"(HEAD|GET) \/v2\/cdktfde\/busybox\/manifests\//)).toBeGreaterThan(survivorBefore);
    docker.logout(front());
  });
});

describe("the S3 variant", () => {
  test("distribution's S3 driver accepts the rendered section (S3 itself is not reachable here)", async () => {
    if (!fs.existsSync(paths.htpasswd)) makeHtpasswdB(paths.htpasswd, "alice", "irrelevant");
    const config = variants()["s3-load-balanced"].config;
    const env = { AWS_EC2_METADATA_DISABLED: "true", REGISTRY_HTTP_SECRET: HTTP_SECRET, REGISTRY_REDIS_PASSWORD: REDIS_PASSWORD };
    const registry = await startRegistry("s3", { ...config, http: { ...config.http, addr: "127.0.0.1:5201" } }, env);
    try {
      expect(registry.log()).toMatch(/using redis blob descriptor cache/);
      expect(procs.run(["curl", "--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "http://127.0.0.1:5201/v2/"]).stdout).toBe("401");
      const metrics = procs.run(["curl", "--silent", "http://127.0.0.1:5099/metrics"]);
      expect(metrics.stdout).toMatch(/^registry_/m);
    } finally {
      await registry.stop();
    }
    // The driver really reads the section: a region it does not know stops it.
    const file = path.join(work, "s3-bad-region.yml");
    fs.writeFileSync(file, fs.readFileSync(path.join(work, "s3.yml"), "utf8").replace("region: eu-west-1", "region: eu-nowhere-1"));
    const bad = procs.start("s3-bad-region", ["docker-registry", "serve", file], { AWS_CA_BUNDLE: undefined, ...env });
    await waitFor("the registry to refuse the region", () => (bad.exited() ? true : undefined), 15000);
    expect(bad.log()).toMatch(/invalid region provided: eu-nowhere-1/);
  });
});
