/**
 * A private Docker engine for the integration tests: its own network namespace, socket, data
 * root, exec root and pid file under a temporary directory, so it never touches (or needs) the
 * host's engine and its iptables rules stay inside its namespace. Plus a tiny test image built
 * from Debian's busybox-static with `docker import`: nothing is pulled.
 *
 * Needs root and the packages of test/integration/install-deps.sh. When the machine cannot run
 * dockerd the start fails with the reason and the daemon log: the tests fail, they never skip.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DOCKER_CLI } from "../../lib/render/systemd-unit";

/** The image every integration test runs: busybox on a scratch root, built locally. */
export const TEST_IMAGE = "cdktfde-test/busybox:1";

/** Users of the test image besides root and nobody (65534). */
export const TEST_IMAGE_APP_UID = 10001;

/** Where the tools live, whatever PATH jest was started with. */
const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const NETNS_PREFIX = "cdktfde-";

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status, or null when killed by a signal (see `signal`). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunOptions {
  /** Bytes for stdin. */
  readonly input?: string | Buffer;
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
}

/** Runs a program and waits for it; never throws on a non-zero exit. */
export function run(argv: readonly string[], options: RunOptions = {}): CommandResult {
  const result = spawnSync(argv[0], argv.slice(1), {
    input: options.input,
    timeout: options.timeoutMs ?? 60000,
    env: { ...process.env, PATH: `${SYSTEM_PATH}:${process.env.PATH ?? ""}`, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // EPIPE: the program exited before reading the input (nc on a refused connection); it did run.
  const exitedBeforeReading = (result.error as NodeJS.ErrnoException | undefined)?.code === "EPIPE" && result.status !== null;
  if (result.error && !exitedBeforeReading) throw new Error(`could not run ${argv.join(" ")}: ${result.error.message}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

/** Runs a program and returns its stdout; throws with its stderr on failure. */
export function runOk(argv: readonly string[], options: RunOptions = {}): string {
  const result = run(argv, options);
  if (result.status !== 0) {
    throw new Error(`${argv.join(" ")} failed (status ${result.status}, signal ${result.signal}):\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

export interface DockerEngine {
  /** The temporary directory holding everything of this engine. */
  readonly dir: string;
  /** The engine's socket path. */
  readonly socket: string;
  /** The `-H` value for the docker CLI: `unix://<socket>`. */
  readonly host: string;
  /** The network namespace the engine (and its published ports) live in. */
  readonly netns: string;
  /** The engine's process id. */
  readonly pid: number;
  /** The engine's data root (`<dir>/data` unless `dataRoot` was given). */
  readonly dataRoot: string;
  /** dockerd's log file (stdout and stderr). */
  readonly log: string;
  /** Runs `/usr/bin/docker -H <socket> ...args`. */
  docker(args: readonly string[], options?: RunOptions): CommandResult;
  /** Like `docker`, but throws with stderr on a non-zero exit; returns trimmed stdout. */
  dockerOk(args: readonly string[], options?: RunOptions): string;
  /** `docker inspect --format <format> <name>`, trimmed. */
  inspect(name: string, format: string): string;
  /** Runs a host program inside the engine's network namespace (where published ports listen). */
  inNetns(argv: readonly string[], options?: RunOptions): CommandResult;
  /** Removes every container, stops the engine, deletes its namespace and directory. Idempotent. */
  stop(): Promise<void>;
}

/** The private engine's own paths, for building its daemon.json. */
export interface EnginePaths {
  readonly dir: string;
  readonly socket: string;
  /** `unix://<socket>`: put it in daemon.json `hosts` when the file sets hosts. */
  readonly host: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly pidfile: string;
}

export interface DockerEngineOptions {
  /** @default 30000 */
  readonly startTimeoutMs?: number;
  /**
   * A daemon.json for the engine, as text (written verbatim, so a test can hand dockerd a file it
   * must refuse) or built from the engine's paths. It is written to `<dir>/daemon.json` and passed
   * with `--config-file`. dockerd refuses a setting given both in the file and as a flag, so each
   * flag this helper passes (`--host`, `--data-root`, `--exec-root`, `--pidfile`, `--log-level`) is
   * left out when the file sets its key (`hosts`, `data-root`, `exec-root`, `pidfile`, `log-level`);
   * a file that sets `hosts` must list `paths.host` for the helper to reach the engine.
   * @default no config file (dockerd's built-in defaults plus the flags)
   */
  readonly daemonJson?: string | ((paths: EnginePaths) => string);
  /** The data root, e.g. a mounted btrfs filesystem; not removed by `stop()`. @default `<dir>/data` */
  readonly dataRoot?: string;
}

/** The flags this helper passes and the daemon.json keys that replace them. */
const FLAG_KEYS: readonly [flag: string, key: string][] = [
  ["--host", "hosts"],
  ["--data-root", "data-root"],
  ["--exec-root", "exec-root"],
  ["--pidfile", "pidfile"],
  ["--log-level", "log-level"],
];

/**
 * Starts dockerd in a fresh network namespace and waits until it answers `docker info`.
 * Throws (with the daemon log) when it cannot.
 */
export async function startDockerEngine(options: DockerEngineOptions = {}): Promise<DockerEngine> {
  if (process.getuid?.() !== 0) {
    throw new Error("the integration tests start a private dockerd and need root (run them as root, after test/integration/install-deps.sh)");
  }
  for (const tool of ["dockerd", "containerd", "runc", "ip", "nsenter", "tar"]) {
    if (run(["sh", "-c", 'command -v "$1"', "sh", tool]).status !== 0) {
      throw new Error(`${tool} is not installed: run test/integration/install-deps.sh`);
    }
  }
  if (!fs.existsSync(DOCKER_CLI)) throw new Error(`${DOCKER_CLI} is missing: run test/integration/install-deps.sh`);
  removeStaleNamespaces();

  // A short path: containerd's socket lives under the exec root and unix socket paths are
  // limited to 107 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-"));
  const netns = `${NETNS_PREFIX}${process.pid}-${randomBytes(3).toString("hex")}`;
  const socket = path.join(dir, "docker.sock");
  const host = `unix://${socket}`;
  const log = path.join(dir, "dockerd.log");
  const paths: EnginePaths = {
    dir,
    socket,
    host,
    dataRoot: options.dataRoot ?? path.join(dir, "data"),
    execRoot: path.join(dir, "exec"),
    pidfile: path.join(dir, "dockerd.pid"),
  };
  const flagValues: Record<string, string> = {
    "--host": host,
    "--data-root": paths.dataRoot,
    "--exec-root": paths.execRoot,
    "--pidfile": paths.pidfile,
    "--log-level": "warn",
  };
  const configArgs: string[] = [];
  let fileKeys: string[] = [];
  if (options.daemonJson !== undefined) {
    const text = typeof options.daemonJson === "string" ? options.daemonJson : options.daemonJson(paths);
    const configFile = path.join(dir, "daemon.json");
    fs.writeFileSync(configFile, text, { mode: 0o644 });
    configArgs.push("--config-file", configFile);
    try {
      fileKeys = Object.keys(JSON.parse(text) as object);
    } catch {
      fileKeys = []; // not JSON: dockerd says so
    }
  }
  const flags = FLAG_KEYS.filter(([, key]) => !fileKeys.includes(key)).flatMap(([flag]) => [flag, flagValues[flag]]);

  runOk(["ip", "netns", "add", netns]);
  let child: ChildProcess;
  try {
    runOk(["ip", "-n", netns, "link", "set", "lo", "up"]);
    const logFd = fs.openSync(log, "a");
    try {
      // nsenter --net joins the namespace and execs dockerd (same pid, so we can signal it).
      // The namespace is private: dockerd's default bridge cannot clash with the host's
      // networks, and it manages iptables (NAT for published ports) inside the namespace.
      child = spawn("nsenter", [`--net=/run/netns/${netns}`, "dockerd", ...configArgs, ...flags], {
        stdio: ["ignore", logFd, logFd],
        env: { ...process.env, PATH: `${SYSTEM_PATH}:${process.env.PATH ?? ""}` },
      });
    } finally {
      fs.closeSync(logFd);
    }
  } catch (error) {
    run(["ip", "netns", "delete", netns]);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const state = { exited: false, exitCode: null as number | null, exitSignal: null as NodeJS.Signals | null, error: "" };
  const exited = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      Object.assign(state, { exited: true, exitCode: code, exitSignal: signal });
      resolve();
    });
    child.on("error", (error) => {
      Object.assign(state, { exited: true, error: error.message });
      resolve();
    });
  });

  const docker = (args: readonly string[], runOptions: RunOptions = {}): CommandResult => run([DOCKER_CLI, "-H", host, ...args], runOptions);
  const dockerOk = (args: readonly string[], runOptions: RunOptions = {}): string => runOk([DOCKER_CLI, "-H", host, ...args], runOptions).trim();

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (!state.exited) {
        const ids = docker(["ps", "--all", "--quiet"]).stdout.split("\n").filter(Boolean);
        if (ids.length) docker(["rm", "--force", "--volumes", ...ids], { timeoutMs: 60000 });
        child.kill("SIGTERM");
        if (!(await within(exited, 20000))) {
          child.kill("SIGKILL");
          await within(exited, 5000);
        }
      }
      killStrayContainerd(dir);
    } finally {
      // A data root of its own (e.g. a mounted test filesystem) stays mounted; what dockerd left below it goes.
      if (options.dataRoot !== undefined) unmountUnder(options.dataRoot, false);
      unmountUnder(dir);
      run(["ip", "netns", "delete", netns]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30000);
  for (;;) {
    if (state.exited || Date.now() > deadline) {
      const why = state.exited
        ? `dockerd exited (code ${state.exitCode}, signal ${state.exitSignal}${state.error && `, ${state.error}`})`
        : "dockerd did not answer `docker info` in time";
      const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").slice(-40).join("\n") : "(no log)";
      await stop();
      throw new Error(
        `cannot start the private Docker engine: ${why}. Does this machine allow dockerd (root, cgroups, overlay or vfs)?\n--- dockerd log ---\n${tail}`,
      );
    }
    if (docker(["info", "--format", "{{.ServerVersion}}"], { timeoutMs: 5000 }).status === 0) break;
    await sleep(200);
  }

  return {
    dir,
    socket,
    host,
    netns,
    pid: child.pid as number,
    dataRoot: paths.dataRoot,
    log,
    docker,
    dockerOk,
    inspect: (name, format) => dockerOk(["inspect", "--format", format, name]),
    inNetns: (argv, runOptions) => run(["nsenter", `--net=/run/netns/${netns}`, ...argv], runOptions),
    stop,
  };
}

/**
 * Builds TEST_IMAGE with `docker import` from a root filesystem holding only the static
 * busybox, applet links, /etc/passwd and /etc/group (root, nobody 65534, app 10001) and /tmp.
 */
export function buildTestImage(engine: DockerEngine, tag: string = TEST_IMAGE): void {
  const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((p) => fs.existsSync(p));
  if (!busybox) throw new Error("busybox is missing: run test/integration/install-deps.sh (package busybox-static)");
  if (!isStaticElf(busybox)) throw new Error(`${busybox} is not statically linked: install busybox-static (test/integration/install-deps.sh)`);

  const root = path.join(engine.dir, "rootfs");
  for (const d of ["bin", "etc", "tmp", "proc", "sys", "dev", "run", "root"]) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.chmodSync(path.join(root, "tmp"), 0o1777);
  fs.copyFileSync(busybox, path.join(root, "bin", "busybox"));
  fs.chmodSync(path.join(root, "bin", "busybox"), 0o755);
  const applets = ["sh", "cat", "id", "grep", "wget", "sleep", "httpd", "touch", "head", "tail", "echo", "ls", "env", "printenv"];
  for (const applet of [...applets, "true", "false", "kill", "mkdir", "rm", "test", "wc", "ps", "seq", "nc", "dd"]) {
    fs.symlinkSync("busybox", path.join(root, "bin", applet));
  }
  fs.writeFileSync(
    path.join(root, "etc", "passwd"),
    `root:x:0:0:root:/root:/bin/sh\napp:x:${TEST_IMAGE_APP_UID}:${TEST_IMAGE_APP_UID}:app:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n`,
  );
  fs.writeFileSync(path.join(root, "etc", "group"), `root:x:0:\napp:x:${TEST_IMAGE_APP_UID}:\nnogroup:x:65534:\n`);
  const tar = path.join(engine.dir, "rootfs.tar");
  runOk(["tar", "--create", "--file", tar, "--directory", root, "--numeric-owner", "--owner=0", "--group=0", "."]);
  engine.dockerOk(["import", "--change", "ENV PATH=/bin", "--change", 'CMD ["/bin/sh"]', tar, tag]);
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(tar, { force: true });
}

/** Starts an engine and builds the test image; stops the engine again if the build fails. */
export async function startDockerEngineWithTestImage(): Promise<DockerEngine> {
  const engine = await startDockerEngine();
  try {
    buildTestImage(engine);
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

/**
 * The `security.ulimits` a spec needs on this machine, or undefined where the defaults work.
 * The default `nofile` hard limit (65536) may exceed the hard limit this process (and so dockerd)
 * has; raising it then needs CAP_SYS_RESOURCE, which sandboxed CI machines may not grant (a
 * Firecracker VM here: hard limit 20000, CAP_SYS_RESOURCE outside the bounding set), and runc
 * refuses to start the container ("error setting rlimit type 7"). There the tests lower the
 * hard limit to what the host allows and say so.
 */
export function ulimitsForThisHost(): { nofile: { soft: number; hard: number } } | undefined {
  const status = fs.readFileSync("/proc/self/status", "utf8");
  const caps = (field: string): bigint => BigInt(`0x${new RegExp(`^${field}:\\s*([0-9a-f]+)$`, "m").exec(status)?.[1] ?? "0"}`);
  // dockerd, containerd and runc are exec'd children: they keep at most the bounding set.
  const CAP_SYS_RESOURCE = 24n;
  if (((caps("CapEff") & caps("CapBnd")) >> CAP_SYS_RESOURCE) & 1n) return undefined;
  const limits = fs.readFileSync("/proc/self/limits", "utf8");
  const hard = /^Max open files\s+\S+\s+(\S+)/m.exec(limits)?.[1] ?? "unlimited";
  if (hard === "unlimited" || Number(hard) >= 65536) return undefined;
  return { nofile: { soft: Math.min(1024, Number(hard)), hard: Number(hard) } };
}

/** Polls `check` until it returns a value other than undefined, or throws after timeoutMs. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An ELF file without a PT_INTERP program header needs no dynamic loader. */
function isStaticElf(file: string): boolean {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) return false; // ELF64, little-endian
  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  const phnum = b.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    if (b.readUInt32LE(phoff + i * phentsize) === 3) return false; // PT_INTERP
  }
  return true;
}

/** dockerd stops its containerd; if dockerd had to be killed, containerd may be left behind. */
function killStrayContainerd(dir: string): void {
  const pidFile = path.join(dir, "exec", "containerd", "containerd.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return; // already gone
  }
  if (cmdline.includes(dir)) process.kill(pid, "SIGKILL");
}

/** Unmounts whatever the engine left mounted under its directory (deepest first), and the directory itself unless `self` is false. */
function unmountUnder(dir: string, self = true): void {
  const mounts = fs
    .readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((mountPoint): mountPoint is string => mountPoint !== undefined && ((self && mountPoint === dir) || mountPoint.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mounts) run(["umount", "--lazy", mountPoint]);
}

/** Deletes namespaces of earlier runs whose test process is gone and that hold no process. */
function removeStaleNamespaces(): void {
  if (!fs.existsSync("/run/netns")) return;
  for (const name of fs.readdirSync("/run/netns")) {
    const match = new RegExp(`^${NETNS_PREFIX}(\\d+)-[0-9a-f]+$`).exec(name);
    if (!match || fs.existsSync(`/proc/${match[1]}`)) continue;
    if (run(["ip", "netns", "pids", name]).stdout.trim() === "") run(["ip", "netns", "delete", name]);
  }
}
