/**
 * The rendered systemd units, checked by the real tools: `systemd-analyze verify` accepts each
 * without a word, `shellcheck` accepts the shell snippets they embed, and a unit's commands run
 * as systemd would run them (layered EnvironmentFiles, ExecStartPre, ExecStart in the
 * foreground, ExecStop) against a private Docker engine.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { SecretRef, renderSystemdUnit } from "cdktf-docker-environments";
import type { ContainerSpec, EnvironmentLayer } from "cdktf-docker-environments";
import { capabilityMask } from "../../lib/core/capabilities";
import { secretsHostDirectory } from "../../lib/core/resolve-secrets";
import { DOCKER_CLI } from "../../lib/render/systemd-unit";
import { systemdCommandLine } from "../../lib/render/systemd-quote";
import { TEST_IMAGE, run, startDockerEngineWithTestImage, ulimitsForThisHost, waitFor } from "./docker-engine";
import type { DockerEngine } from "./docker-engine";
import { execArgv, expandExecWords, mergeEnvironmentFiles, parseEnvironmentFile, parseExecLine, unitValues } from "../support/systemd-exec";

/** systemd's default PATH for services. */
const SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const HEALTH = { command: "true", intervalSeconds: 5 };

/** Arguments that need every kind of quoting, escaping and doubling in an Exec line. */
const AWKWARD = [
  "plain",
  "",
  "two words",
  "it's",
  'say "hi"',
  "100%",
  "50%% off",
  "$HOME",
  "${HOME}",
  "$$",
  "semi;colon",
  ";",
  "back\\slash",
  "trailing\\",
  "tab\there",
  "new\nline",
  "carriage\rreturn",
  "#not-a-comment",
  "ünïcødé ✓",
];

let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-units-"));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the test helper executes Exec lines as systemd does", () => {
  test("quotes, C escapes inside and outside quotes, %% and $$", () => {
    expect(execArgv(`/bin/echo 'a b' "c"d e\\sf \\x41 \\101 "\\u00e9" 100%% $$HOME "$\${X}"`)).toEqual([
      "/bin/echo",
      "a b",
      "cd",
      "e f",
      "A",
      "A",
      "é",
      "100%",
      "$HOME",
      "${X}",
    ]);
  });

  test("variables: ${NAME} inside a word, $NAME alone is split at whitespace, unknown ones are empty", () => {
    const env = { A: "one two", B: "x" };
    expect(expandExecWords(["/bin/echo", "$A", "pre-${B}-post", "${MISSING}", "$$A", "a$B"], env)).toEqual([
      "/bin/echo",
      "one",
      "two",
      "pre-x-post",
      "",
      "$A",
      "a$B",
    ]);
  });

  test("prefixes are split off the first word; errors for what systemd refuses or expands", () => {
    expect(parseExecLine("-/usr/bin/docker rm x")).toEqual({ prefix: "-", words: ["/usr/bin/docker", "rm", "x"] });
    expect(() => parseExecLine('/bin/echo "open')).toThrow(/unterminated/);
    expect(() => parseExecLine("/bin/echo \\q")).toThrow(/invalid escape/);
    expect(() => parseExecLine("/bin/echo %n")).toThrow(/specifier %n/);
    expect(() => parseExecLine("/bin/echo a ; /bin/echo b")).toThrow(/command lists/);
  });

  test("a lone carriage return ends a unit line, as in systemd's reader", () => {
    expect(unitValues("[Service]\nExecStart=/bin/echo a\rb\nExecStop=/bin/true\r\n", "ExecStart")).toEqual(["/bin/echo a"]);
  });

  test("environment files: later files win; comments, quotes and spaces", () => {
    const cluster = "# cluster\nA=1\nB=cluster\nC = 'single quoted'\n";
    const local = 'B="local \\"quoted\\""\nD=\n';
    expect(parseEnvironmentFile(cluster)).toEqual({ A: "1", B: "cluster", C: "single quoted" });
    expect(mergeEnvironmentFiles([cluster, local])).toEqual({ A: "1", B: 'local "quoted"', C: "single quoted", D: "" });
  });

  test("property: the library's quoting reads back as the same argv", () => {
    const char = fc.oneof(
      fc.constantFrom(" ", "\t", "\n", "\r", '"', "'", "\\", "$", "%", ";", "{", "}", "#", "é", "\x01"),
      fc.string({ minLength: 1, maxLength: 1 }),
    );
    const arg = fc.string({ unit: char, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 6 }), (args) => {
        const unit = `[Service]\nExecStart=${systemdCommandLine([DOCKER_CLI, ...args])}\n`;
        expect(unitValues(unit, "ExecStart").map((line) => execArgv(line, { HOME: "/root" }))).toEqual([[DOCKER_CLI, ...args]]);
      }),
      { numRuns: 500 },
    );
  });
});

const LAYERS = (dir: string): EnvironmentLayer[] => [
  { name: "cluster", path: path.join(dir, "cluster.env"), variables: ["REGION", "LOG_LEVEL", "FEATURE_FLAGS", "GREETING"] },
  { name: "common", path: path.join(dir, "common.env"), variables: ["LOG_LEVEL", "FEATURE_FLAGS", "GREETING", "DB_HOST"] },
  { name: "local", path: path.join(dir, "local.env"), variables: ["FEATURE_FLAGS", "GREETING", "HOST_ROLE"] },
];

const DIGEST = `sha256:${"ab".repeat(32)}`;

/** The units systemd-analyze and shellcheck look at. */
const UNITS: [string, ContainerSpec, { environmentLayers?: EnvironmentLayer[] }][] = [
  [
    "plain",
    {
      name: "plain",
      image: "registry.example.com/team/app:1.4.2",
      ports: [{ containerPort: 8080 }],
      healthCheck: { command: "wget -q -O /dev/null http://127.0.0.1:8080/health" },
    },
    {},
  ],
  [
    "secrets",
    {
      name: "with-secrets",
      image: `registry.example.com/team/app@${DIGEST}`,
      healthCheck: HEALTH,
      secrets: {
        DB_PASSWORD: SecretRef.ssmParameter("/app/db/password"),
        API_TOKEN: SecretRef.secretsManager("prod/app/api"),
        SIGNING_KEY: SecretRef.secretsManager("prod/app/keys", "signing"),
        TLS_KEY: SecretRef.hostFile("/srv/app/tls.key"),
      },
    },
    {},
  ],
  [
    "exception",
    {
      name: "rooted",
      image: TEST_IMAGE,
      user: "0",
      healthCheck: HEALTH,
      security: { capAdd: ["NET_BIND_SERVICE"] },
      exceptions: [{ rule: "CIS-4.1", reason: 'the "legacy" image binds port 80 as root;\r\n100% needed, costs $0' }],
    },
    {},
  ],
  [
    "three layers",
    { name: "layered", image: TEST_IMAGE, healthCheck: HEALTH, environment: { SERVICE_MODE: "systemd" } },
    { environmentLayers: LAYERS("/etc/cdktf-docker-environments/layered") },
  ],
  [
    "awkward arguments",
    { name: "awkward", image: TEST_IMAGE, healthCheck: HEALTH, command: ["sh", "-c", 'for a in "$@"; do printf "<%s>\\n" "$a"; done', "argv0", ...AWKWARD] },
    {},
  ],
];

describe("systemd-analyze verify", () => {
  let unitDir: string;
  beforeAll(() => {
    unitDir = path.join(work, "verify");
    fs.mkdirSync(unitDir);
    // The units require docker.service: a stub in the search path keeps verify independent of
    // whether (and how) the host's Docker package ships one. The default path follows (":").
    fs.writeFileSync(path.join(unitDir, "docker.service"), "[Unit]\nDescription=Docker engine (stub for verify)\n\n[Service]\nExecStart=/usr/bin/true\n");
  });

  test.each(UNITS)("accepts the %s unit without a warning", (_label, spec, options) => {
    const file = path.join(unitDir, `${spec.name}.service`);
    fs.writeFileSync(file, renderSystemdUnit(spec, options));
    const result = run(["systemd-analyze", "verify", "--man=no", "--generators=no", file], { env: { SYSTEMD_UNIT_PATH: `${unitDir}:` } });
    expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }).toEqual({ status: 0, stderr: "", stdout: "" });
  });

  test("and it would notice a broken unit (the check is real)", () => {
    const file = path.join(unitDir, "broken.service");
    fs.writeFileSync(file, '[Service]\nNoSuchKey=1\nExecStart=/usr/bin/docker run "unbalanced\n');
    const result = run(["systemd-analyze", "verify", "--man=no", "--generators=no", file], { env: { SYSTEMD_UNIT_PATH: `${unitDir}:` } });
    expect(result.stderr).toMatch(/Unbalanced quoting/);
    expect(result.stderr).toMatch(/Unknown key 'NoSuchKey'/);
  });
});

describe("shellcheck on the shell snippets the units embed", () => {
  const snippets: [string, string][] = [];
  for (const [label, spec, options] of UNITS) {
    const unit = renderSystemdUnit(spec, options);
    for (const key of ["ExecStartPre", "ExecStart", "ExecStop", "ExecStopPost"]) {
      for (const line of unitValues(unit, key).filter((l) => /^[-@:+!]*\/(usr\/)?bin\/(ba|da)?sh /.test(l))) {
        const argv = execArgv(line);
        if (/(^|\/)(ba|da)?sh$/.test(argv[0]) && argv[1] === "-c") snippets.push([`${label} ${key} ${argv[3] ?? ""}`, argv[2]]);
      }
    }
  }

  test("finds the pull-if-missing and the three secret fetch snippets", () => {
    expect(snippets.map(([where]) => where.split(" ").pop())).toEqual(
      expect.arrayContaining(["pull-if-missing", "fetch-secret-API_TOKEN", "fetch-secret-DB_PASSWORD", "fetch-secret-SIGNING_KEY"]),
    );
  });

  test.each(snippets)("%s is clean", (_where, script) => {
    const result = run(["shellcheck", "--shell=sh", "--severity=style", "-"], { input: script });
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: "" });
  });
});

describe("a unit's commands run as systemd runs them, on a private engine", () => {
  let engine: DockerEngine;
  let service: ChildProcess | undefined;
  const runtimeDirs: string[] = [];

  beforeAll(async () => {
    engine = await startDockerEngineWithTestImage();
  }, 120000);

  afterAll(async () => {
    if (service && service.exitCode === null && service.signalCode === null) service.kill("SIGKILL");
    await engine?.stop();
    for (const dir of runtimeDirs) fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.rmdirSync(path.dirname(path.dirname(secretsHostDirectory("x")))); // only if no one else uses it
    } catch {
      // not empty, or not there
    }
  }, 60000);

  /** Where the host cannot grant the default nofile hard limit, the spec lowers it (see ulimitsForThisHost). */
  const fitHost = (spec: ContainerSpec): ContainerSpec => {
    const ulimits = ulimitsForThisHost();
    return ulimits ? { ...spec, security: { ...spec.security, ulimits } } : spec;
  };

  /** Runs one command line of the unit with the unit's environment, pointed at the private engine. */
  const runLine = (line: string, env: Record<string, string>) => {
    const argv = execArgv(line, env);
    const result = spawnSync(argv[0], argv.slice(1), { env: { ...env, DOCKER_HOST: engine.host }, encoding: "utf8", timeout: 60000 });
    if (result.error) throw result.error;
    return { argv, status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  test("the awkward arguments reach the container unchanged", () => {
    const [, spec] = UNITS.find(([label]) => label === "awkward arguments") as (typeof UNITS)[number];
    const unit = renderSystemdUnit(fitHost(spec));
    const [start] = unitValues(unit, "ExecStart");
    const result = runLine(start, { PATH: SERVICE_PATH });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout).toBe(AWKWARD.map((a) => `<${a}>\n`).join(""));
    expect(engine.docker(["inspect", spec.name]).status).not.toBe(0); // --rm
  });

  test("layered environment files, a fetched secret, the hardened container, ExecStop", async () => {
    const name = `layered-${process.pid}`;
    const dir = path.join(work, "layered");
    fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
    const layers = LAYERS(dir);
    fs.writeFileSync(layers[0].path, '# cluster-wide\nREGION=eu-west-1\nLOG_LEVEL=info\nFEATURE_FLAGS=none\nGREETING="hello from the cluster"\n');
    fs.writeFileSync(layers[1].path, 'LOG_LEVEL=warn\nFEATURE_FLAGS=basic\nGREETING="hello from the service"\nDB_HOST=db.internal\n');
    fs.writeFileSync(layers[2].path, "FEATURE_FLAGS=basic,beta\nGREETING='hello from this host'\nHOST_ROLE=canary\n");
    const secretValue = "s3cr3t t0ken-value";
    // A stand-in for the AWS CLI that answers the one parameter the unit fetches.
    fs.writeFileSync(
      path.join(dir, "bin", "aws"),
      `#!/bin/sh\n[ "$1 $2 $3 $4" = "ssm get-parameter --name /cdktfde-test/api-token" ] || { echo "unexpected: aws $*" >&2; exit 1; }\nprintf '%s\\n' '${secretValue}'\n`,
      { mode: 0o755 },
    );

    const spec: ContainerSpec = fitHost({
      name,
      image: TEST_IMAGE,
      command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"],
      environment: { SERVICE_MODE: "systemd" },
      secrets: { API_TOKEN: SecretRef.ssmParameter("/cdktfde-test/api-token") },
      healthCheck: { command: "test -r /run/secrets/API_TOKEN", intervalSeconds: 1 },
      stopTimeoutSeconds: 5,
    });
    const unit = renderSystemdUnit(spec, { environmentLayers: layers });
    fs.writeFileSync(path.join(dir, `${name}.service`), unit);

    // EnvironmentFile=: read in order, a later file wins.
    const files = unitValues(unit, "EnvironmentFile");
    expect(files).toEqual(layers.map((l) => l.path));
    const layered = mergeEnvironmentFiles(files.map((f) => fs.readFileSync(f, "utf8")));
    const expected = {
      REGION: "eu-west-1",
      LOG_LEVEL: "warn",
      FEATURE_FLAGS: "basic,beta",
      GREETING: "hello from this host",
      DB_HOST: "db.internal",
      HOST_ROLE: "canary",
    };
    expect(layered).toEqual(expected);
    const env = { PATH: `${path.join(dir, "bin")}:${SERVICE_PATH}`, ...layered };

    // RuntimeDirectory=: systemd creates it (root-only) before ExecStartPre.
    const [runtimeDirectory] = unitValues(unit, "RuntimeDirectory");
    expect(unitValues(unit, "RuntimeDirectoryMode")).toEqual(["0700"]);
    expect(`/run/${runtimeDirectory}`).toBe(secretsHostDirectory(name));
    runtimeDirs.push(path.dirname(secretsHostDirectory(name)));
    fs.mkdirSync(secretsHostDirectory(name), { recursive: true, mode: 0o700 });

    // ExecStartPre=, in order. The pull is the one step left out: the image is local and no
    // registry is reachable.
    const pre = unitValues(unit, "ExecStartPre");
    expect(pre).toHaveLength(3);
    const remove = runLine(pre[0], env);
    expect(remove.argv).toEqual([DOCKER_CLI, "rm", "--force", name]);
    expect(parseExecLine(pre[0]).prefix).toBe("-"); // failure (no such container) is ignored
    expect(execArgv(pre[1], env)).toEqual([DOCKER_CLI, "pull", TEST_IMAGE]);
    const fetch = runLine(pre[2], env);
    expect({ status: fetch.status, stderr: fetch.stderr }).toEqual({ status: 0, stderr: "" });
    const secretFile = path.join(secretsHostDirectory(name), "API_TOKEN");
    const stat = fs.statSync(secretFile);
    expect({ mode: (stat.mode & 0o777).toString(8), uid: stat.uid, gid: stat.gid }).toEqual({ mode: "400", uid: 65534, gid: 65534 });
    expect(fs.readFileSync(secretFile, "utf8")).toBe(`${secretValue}\n`);

    // ExecStart=: docker run --rm in the foreground, as systemd starts it.
    const [startLine] = unitValues(unit, "ExecStart");
    const startArgv = execArgv(startLine, env);
    expect(startArgv.slice(0, 3)).toEqual([DOCKER_CLI, "run", "--rm"]);
    const output = { stdout: "", stderr: "" };
    service = spawn(startArgv[0], startArgv.slice(1), { env: { ...env, DOCKER_HOST: engine.host }, stdio: ["ignore", "pipe", "pipe"] });
    service.stdout?.on("data", (chunk) => (output.stdout += chunk));
    service.stderr?.on("data", (chunk) => (output.stderr += chunk));
    const exited = new Promise<number | null>((resolve) => service?.on("exit", (code) => resolve(code)));
    await waitFor(
      `the container ${name} to run (docker run: ${output.stderr})`,
      () => (engine.docker(["inspect", "--format", "{{.State.Running}}", name]).stdout.trim() === "true" ? true : undefined),
      20000,
    );

    // The merged layers are what the container sees: local over common over cluster.
    const seen = Object.fromEntries(
      engine
        .dockerOk(["exec", name, "env"])
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(seen).toMatchObject({ ...expected, SERVICE_MODE: "systemd", API_TOKEN_FILE: "/run/secrets/API_TOKEN" });

    // The secret arrives as a file for the service's user, and nowhere in the engine's metadata.
    expect(engine.dockerOk(["exec", name, "cat", "/run/secrets/API_TOKEN"])).toBe(secretValue);
    expect(engine.dockerOk(["inspect", name])).not.toContain(secretValue);

    // Hardened, and supervised by systemd only.
    expect(engine.dockerOk(["exec", name, "id", "-u"])).toBe("65534");
    const status = engine.dockerOk(["exec", name, "cat", "/proc/1/status"]);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status).toMatch(new RegExp(`^CapEff:\\s+${capabilityMask([])}$`, "m"));
    expect(status).toMatch(new RegExp(`^CapBnd:\\s+${capabilityMask([])}$`, "m"));
    expect(engine.docker(["exec", name, "touch", "/probe"]).stderr).toMatch(/Read-only file system/);
    expect(engine.inspect(name, "{{.HostConfig.AutoRemove}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.ReadonlyRootfs}}")).toBe("true no true");
    await waitFor("healthy", () => (engine.inspect(name, "{{.State.Health.Status}}") === "healthy" ? true : undefined), 15000);

    // ExecStop=: the container stops, docker run returns, and --rm removes the container.
    const [stopLine] = unitValues(unit, "ExecStop");
    const stop = runLine(stopLine, env);
    expect({ argv: stop.argv, status: stop.status, stderr: stop.stderr }).toEqual({ argv: [DOCKER_CLI, "stop", "--time", "5", name], status: 0, stderr: "" });
    expect(await exited).toBe(0);
    expect(output.stderr).toBe("");
    await waitFor("the container to be removed", () => (engine.docker(["inspect", name]).status !== 0 ? true : undefined), 10000);
    expect(engine.dockerOk(["ps", "--all", "--quiet", "--filter", `name=^/${name}$`])).toBe("");
  });
});
