/**
 * Every daemon.json DaemonConfig renders that can run on this machine is handed to a real dockerd
 * (a private engine in its own network namespace, see docker-engine.ts), and each setting is then
 * observed: in `docker info`, in `docker inspect`, from inside containers and in the engine's
 * processes and iptables. A file with a key dockerd does not know is refused by our validation
 * and, written raw, by dockerd itself.
 *
 * The machine: Debian 12's docker.io (Engine 20.10). Its `nofile` hard limit may be below the
 * default 65536 without CAP_SYS_RESOURCE to raise it (see ulimitsForThisHost); the configs here
 * then use the host's hard limit instead, and the test says so. The library default is unchanged.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEFAULT_DAEMON_ULIMITS,
  DOCKERD_KEYS,
  DaemonConfig,
  StorageDriver,
  daemonExceptionLabel,
  engineAtLeast,
  parseEngineVersion,
  renderDaemonJson,
} from "cdktf-docker-environments";
import type { DaemonConfigProps } from "cdktf-docker-environments";
import { TEST_IMAGE, run, runOk, startDockerEngine, ulimitsForThisHost, waitFor } from "./docker-engine";
import type { CommandResult, DockerEngine } from "./docker-engine";
import { childrenNamed, dockerInfo, dockerdVersion, expectOnlySandboxPathsDiffer, startEngineWith } from "./daemon-engine";
import type { ConfiguredEngine } from "./daemon-engine";

const HOST_ULIMITS = ulimitsForThisHost();
const ULIMITS = HOST_ULIMITS ?? DEFAULT_DAEMON_ULIMITS;
const EXPECTED_NOFILE = ULIMITS.nofile;

beforeAll(() => {
  if (HOST_ULIMITS) {
    console.warn(
      `this host cannot grant the default nofile hard limit 65536 (no CAP_SYS_RESOURCE): the configs here set defaultUlimits ${EXPECTED_NOFILE.soft}:${EXPECTED_NOFILE.hard}`,
    );
  }
});

/** A web server on the default bridge, serving "hello"; returns its address on the bridge. */
async function startServer(engine: DockerEngine, name: string, publish: string[] = []): Promise<string> {
  engine.dockerOk(["run", "--detach", "--name", name, ...publish, TEST_IMAGE, "sh", "-c", "echo hello > /tmp/index.html && exec httpd -f -p 8080 -h /tmp"]);
  const ip = engine.inspect(name, "{{.NetworkSettings.IPAddress}}");
  // From the engine's network namespace (the host side of the bridge), the server answers.
  await waitFor(`${name} to serve`, () => (engine.inNetns(["wget", "-qO-", "-T", "2", `http://${ip}:8080/`]).stdout.trim() === "hello" ? true : undefined));
  return ip;
}

/** An HTTP GET from a second container on the default bridge (busybox nc: the static wget cannot run in the bare image). */
function fromAnotherContainer(engine: DockerEngine, ip: string): CommandResult {
  return engine.docker(["run", "--rm", TEST_IMAGE, "sh", "-c", `printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${ip} 8080`]);
}

function limitsInContainer(engine: DockerEngine): { soft: number; hard: number } {
  const line = engine.dockerOk(["run", "--rm", TEST_IMAGE, "grep", "Max open files", "/proc/self/limits"]);
  const [soft, hard] = line.replace("Max open files", "").trim().split(/\s+/).map(Number);
  return { soft, hard };
}

describe("the hardened default daemon.json", () => {
  let configured: ConfiguredEngine;
  let engine: DockerEngine;
  beforeAll(async () => {
    configured = await startEngineWith({ defaultUlimits: ULIMITS });
    engine = configured.engine;
  }, 120000);
  afterAll(() => configured?.engine.stop(), 60000);

  test("dockerd ran with the rendered file (only the sandbox paths differ) and docker info shows its settings", () => {
    expectOnlySandboxPathsDiffer(configured);
    expect(configured.json.features).toEqual({ "containerd-snapshotter": false });
    const info = dockerInfo(engine);
    expect(info).toMatchObject({
      Driver: "overlay2",
      LoggingDriver: "local",
      LiveRestoreEnabled: true,
      ExperimentalBuild: false,
      DockerRootDir: engine.dataRoot,
    });
    expect(info.SecurityOptions).toEqual(expect.arrayContaining([expect.stringMatching(/^name=seccomp,profile=default/)]));
    expect(info.SecurityOptions).not.toEqual(expect.arrayContaining([expect.stringMatching(/userns/)]));
    expect(info.Labels ?? []).toEqual([]);
  });

  test("log-level info: the daemon logs at info (the helper's own default is warn)", () => {
    expect(fs.readFileSync(engine.log, "utf8")).toMatch(/level=info msg="Daemon has completed initialization"/);
  });

  test("default-ulimits, no-new-privileges and the local log driver with rotation reach a container that sets none of them", () => {
    expect(limitsInContainer(engine)).toEqual(EXPECTED_NOFILE);
    expect(engine.dockerOk(["run", "--rm", TEST_IMAGE, "grep", "NoNewPrivs", "/proc/self/status"])).toMatch(/^NoNewPrivs:\s+1$/);
    engine.dockerOk(["create", "--name", "logs", TEST_IMAGE, "true"]);
    expect(JSON.parse(engine.inspect("logs", "{{json .HostConfig.LogConfig}}"))).toEqual({ Type: "local", Config: { "max-file": "5", "max-size": "10m" } });
  });

  test("icc=false: a container on the default bridge cannot reach another one (the host side can)", async () => {
    const ip = await startServer(engine, "icc-server");
    const result = fromAnotherContainer(engine, ip);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toMatch(/nc: timed out|can't connect/); // dropped by the icc rule, not a crash
  });

  test("userland-proxy=false: a published port gets iptables DNAT rules, no docker-proxy process", async () => {
    await startServer(engine, "published", ["--publish", "127.0.0.1:18080:8080"]);
    expect(childrenNamed(engine.pid, "docker-proxy")).toEqual([]);
    expect(runOk(["nsenter", `--net=/run/netns/${engine.netns}`, "iptables", "-t", "nat", "-S", "DOCKER"])).toMatch(
      /--dport 18080 -j DNAT --to-destination [\d.]+:8080/,
    );
  });

  test("live-restore: dockerd refuses swarm mode, as DaemonConfig({ swarmMode: true }) does first", () => {
    const result = engine.docker(["swarm", "init", "--advertise-addr", "127.0.0.1"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("--live-restore daemon configuration is incompatible with swarm mode");
    expect(() => new DaemonConfig({ swarmMode: true })).toThrow(/live-restore is incompatible with swarm mode/);
  });
});

describe("a daemon.json weakened with named exceptions", () => {
  const reasons = {
    "CIS-2.2": "legacy app links containers on the default bridge",
    "CIS-2.5": "lab registry without TLS, isolated subnet",
    "CIS-2.14": "image runs a setuid helper at start",
    "CIS-2.15": "host joins a swarm which refuses live-restore",
    "CIS-2.16": "hairpin NAT unavailable on this kernel",
  } as const;
  const props: DaemonConfigProps = {
    defaultUlimits: ULIMITS,
    icc: true,
    insecureRegistries: ["registry.lab.internal:5000"],
    noNewPrivileges: false,
    liveRestore: false,
    swarmMode: true,
    userlandProxy: true,
    logDriver: "json-file",
    logOptions: { "max-size": "100k", "max-file": "2" },
    exceptions: Object.entries(reasons).map(([rule, reason]) => ({ rule: rule as keyof typeof reasons, reason })),
  };
  let configured: ConfiguredEngine;
  let engine: DockerEngine;
  beforeAll(async () => {
    configured = await startEngineWith(props);
    engine = configured.engine;
  }, 120000);
  afterAll(() => configured?.engine.stop(), 60000);

  test("docker info shows each exception's reason as an engine label, and the weakened settings", () => {
    expectOnlySandboxPathsDiffer(configured);
    const info = dockerInfo(engine) as {
      Labels: string[];
      LiveRestoreEnabled: boolean;
      LoggingDriver: string;
      RegistryConfig: { IndexConfigs: Record<string, { Secure: boolean }> };
    };
    expect([...info.Labels].sort()).toEqual(
      Object.entries(reasons)
        .map(([rule, reason]) => `${daemonExceptionLabel(rule as keyof typeof reasons)}=${reason}`)
        .sort(),
    );
    expect(info.LiveRestoreEnabled).toBe(false);
    expect(info.LoggingDriver).toBe("json-file");
    expect(info.RegistryConfig.IndexConfigs["registry.lab.internal:5000"].Secure).toBe(false);
  });

  test("icc=true: the same two containers reach each other (the control for icc=false)", async () => {
    const ip = await startServer(engine, "icc-server");
    const result = fromAnotherContainer(engine, ip);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^HTTP\/1\.[01] 200 OK\r\n[\s\S]*\r\n\r\nhello\n$/);
  });

  test("userland-proxy=true: the published port gets a docker-proxy process", async () => {
    await startServer(engine, "published", ["--publish", "127.0.0.1:18080:8080"]);
    expect(childrenNamed(engine.pid, "docker-proxy").length).toBeGreaterThan(0);
  });

  test("no-new-privileges off: a container runs with NoNewPrivs 0", () => {
    expect(engine.dockerOk(["run", "--rm", TEST_IMAGE, "grep", "NoNewPrivs", "/proc/self/status"])).toMatch(/^NoNewPrivs:\s+0$/);
  });

  test("json-file rotation: 100k per file, 2 files, however much the container writes", () => {
    engine.dockerOk(["run", "--name", "chatty", TEST_IMAGE, "seq", "1", "200000"]); // ~1.3 MB of output
    const id = engine.inspect("chatty", "{{.Id}}");
    const files = fs.readdirSync(path.join(engine.dataRoot, "containers", id)).filter((f) => f.startsWith(`${id}-json.log`));
    expect(files.sort()).toEqual([`${id}-json.log`, `${id}-json.log.1`]);
    for (const file of files) expect(fs.statSync(path.join(engine.dataRoot, "containers", id, file)).size).toBeLessThanOrEqual(110 * 1024);
  });

  test("live-restore off: swarm mode starts", () => {
    engine.dockerOk(["swarm", "init", "--advertise-addr", "127.0.0.1"]);
    expect(engine.dockerOk(["info", "--format", "{{.Swarm.LocalNodeState}}"])).toBe("active");
    engine.dockerOk(["swarm", "leave", "--force"]);
  });
});

describe("TLS listener, metrics, registry mirror and a daemon-wide seccomp profile", () => {
  let dir: string;
  const pki = (name: string) => path.join(dir, name);
  let configured: ConfiguredEngine;
  let engine: DockerEngine;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-tls-"));
    const openssl = (...args: string[]) => runOk(["openssl", ...args]);
    for (const ca of ["ca", "rogue-ca"]) {
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${ca}`, "-keyout", pki(`${ca}-key.pem`), "-out", pki(`${ca}.pem`));
    }
    const issue = (name: string, ca: string, ext: string) => {
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${name}`, "-keyout", pki(`${name}-key.pem`), "-out", pki(`${name}.csr`));
      fs.writeFileSync(pki(`${name}.ext`), ext);
      openssl(
        "x509",
        "-req",
        "-in",
        pki(`${name}.csr`),
        "-CA",
        pki(`${ca}.pem`),
        "-CAkey",
        pki(`${ca}-key.pem`),
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        pki(`${name}.ext`),
        "-out",
        pki(`${name}.pem`),
      );
    };
    issue("server", "ca", "subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n");
    issue("client", "ca", "extendedKeyUsage = clientAuth\n");
    issue("rogue", "rogue-ca", "extendedKeyUsage = clientAuth\n");
    // A profile that allows everything but mkdir, so its effect is visible (the test's own fixture).
    fs.writeFileSync(
      pki("seccomp.json"),
      JSON.stringify({ defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO" }] }),
    );
    configured = await startEngineWith({
      defaultUlimits: ULIMITS,
      hosts: ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2376"],
      tlsVerify: true,
      tlsCaCert: pki("ca.pem"),
      tlsCert: pki("server.pem"),
      tlsKey: pki("server-key.pem"),
      metricsAddress: "127.0.0.1:9323",
      registryMirrors: ["https://mirror.internal.example.com"],
      seccompProfile: pki("seccomp.json"),
    });
    engine = configured.engine;
  }, 120000);
  afterAll(async () => {
    await configured?.engine.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60000);

  const tcpDocker = (client: string) =>
    engine.inNetns([
      "/usr/bin/docker",
      "--tlsverify",
      "--tlscacert",
      pki("ca.pem"),
      "--tlscert",
      pki(`${client}.pem`),
      "--tlskey",
      pki(`${client}-key.pem`),
      "-H",
      "tcp://127.0.0.1:2376",
      "version",
      "--format",
      "{{.Server.Version}}",
    ]);

  test("tcp://:2376 with tlsverify: a client with a certificate from the CA gets in, one from another CA and one without are refused", () => {
    expectOnlySandboxPathsDiffer(configured);
    expect(tcpDocker("client")).toMatchObject({ status: 0 });
    expect(tcpDocker("client").stdout.trim()).toBe(dockerdVersion());
    expect(tcpDocker("rogue").status).not.toBe(0);
    const anonymous = engine.inNetns(["curl", "-sS", "--cacert", pki("ca.pem"), "https://127.0.0.1:2376/version"]);
    expect(anonymous.status).not.toBe(0);
  });

  test("metrics-addr serves the engine's Prometheus metrics on loopback", () => {
    expect(engine.inNetns(["curl", "-sS", "http://127.0.0.1:9323/metrics"]).stdout).toMatch(/^engine_daemon_engine_info\{/m);
  });

  test("registry-mirrors shows in docker info", () => {
    expect((dockerInfo(engine).RegistryConfig as { Mirrors: string[] }).Mirrors).toEqual(["https://mirror.internal.example.com/"]);
  });

  test("seccomp-profile applies to every container that names no profile of its own", () => {
    const result = engine.docker(["run", "--rm", TEST_IMAGE, "mkdir", "/tmp/x"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Operation not permitted/);
    expect(engine.dockerOk(["run", "--rm", TEST_IMAGE, "touch", "/tmp/x"])).toBe("");
  });
});

describe("storage drivers this engine can run on its own data root", () => {
  test("vfs (with its debugging acknowledgement): docker info shows it, a container runs, and the config carries the warning", async () => {
    const storage = StorageDriver.vfs({ acknowledgeDebuggingOnly: "reproducing a copy-on-write bug" });
    const config = new DaemonConfig({ storage });
    expect(config.warnings[0]).toMatch(/^vfs storage driver \(debugging only: reproducing a copy-on-write bug\)/);
    const { engine } = await startEngineWith({ storage, defaultUlimits: ULIMITS });
    try {
      expect(dockerInfo(engine).Driver).toBe("vfs");
      expect(engine.dockerOk(["run", "--rm", TEST_IMAGE, "echo", "ran on vfs"])).toBe("ran on vfs");
    } finally {
      await engine.stop();
    }
  });

  test("legacy overlay: accepted for this Engine with a deprecation warning, and it runs", async () => {
    const storage = StorageDriver.overlay();
    expect(storage.checkEngine(dockerdVersion(), "test")).toEqual([
      expect.stringMatching(/^overlay is deprecated since Engine 18\.09 \(this host pins 20\.10\.\d+\) and removed in 24\.0$/),
    ]);
    const { engine } = await startEngineWith({ storage, defaultUlimits: ULIMITS });
    try {
      expect(dockerInfo(engine).Driver).toBe("overlay");
      expect(engine.dockerOk(["run", "--rm", TEST_IMAGE, "echo", "ran on overlay"])).toBe("ran on overlay");
    } finally {
      await engine.stop();
    }
  });

  test("the containerd image store is refused for this Engine, naming both versions", () => {
    const version = dockerdVersion();
    expect(() => StorageDriver.containerdSnapshotter().checkEngine(version, "host web-1")).toThrow(
      new RegExp(
        `the containerd-snapshotter storage needs Docker Engine 24\\.0 or later, and this host pins Engine ${version.split("+")[0].replace(/\./g, "\\.")}`,
      ),
    );
  });
});

describe("the table of dockerd keys", () => {
  test("agrees with the JSON tags compiled into this dockerd: 20.10 has exactly the keys marked in2010", () => {
    const binary = fs.readFileSync(runOk(["sh", "-c", "command -v dockerd"]).trim()).toString("latin1");
    const tags = new Set([...binary.matchAll(/json:\\?"([a-z0-9-]+)[,"\\]/g)].map((m) => m[1]));
    const version = parseEngineVersion(dockerdVersion(), "dockerd");
    for (const [key, { in2010, removedIn }] of Object.entries(DOCKERD_KEYS)) {
      if (version.major === 20 && version.minor === 10) expect([key, tags.has(key)]).toEqual([key, in2010]);
      else if (in2010 && !(removedIn && engineAtLeast(version, removedIn))) expect([key, tags.has(key)]).toEqual([key, true]);
    }
  });
});

describe("a daemon.json with a key dockerd does not know", () => {
  // default-pids-limit exists only in Red Hat's fork (projectatomic/docker#333); moby never added it (moby#43056).
  const bad = { "default-pids-limit": 100, "live-restor": true };

  test("is refused by DaemonConfig first, naming each key and the nearest real one", () => {
    expect(() => new DaemonConfig({ extra: bad })).toThrow(/extra\["default-pids-limit"\] = 100: not a key dockerd knows/);
    expect(() => new DaemonConfig({ extra: bad })).toThrow(/extra\["live-restor"\] = true: not a key dockerd knows.*did you mean "live-restore"\?/);
  });

  test("and, written raw, by dockerd itself", async () => {
    const rendered = JSON.parse(renderDaemonJson(new DaemonConfig({ defaultUlimits: ULIMITS }))) as Record<string, unknown>;
    const raw = (dataRoot: string) => JSON.stringify({ ...rendered, "data-root": dataRoot, ...bad }, null, 2);
    const validate = run(["dockerd", "--help"]).stdout.includes("--validate");
    let message: string;
    if (validate) {
      // Engine 23.0 and later check a file without starting.
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-bad-")), "daemon.json");
      fs.writeFileSync(file, raw(path.join(path.dirname(file), "data")));
      const result = run(["dockerd", "--validate", "--config-file", file]);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      expect(result.status).not.toBe(0);
      message = result.stderr;
    } else {
      const started = startDockerEngine({ daemonJson: (paths) => raw(paths.dataRoot) });
      await expect(started).rejects.toThrow(/dockerd exited \(code 1/);
      message = String(await started.catch((error: Error) => error.message));
    }
    expect(message).toMatch(/the following directives don't match any configuration option: .*default-pids-limit/);
    expect(message).toMatch(/the following directives don't match any configuration option: .*live-restor\b/);
  });
});
