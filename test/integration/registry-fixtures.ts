/**
 * What the registry integration tests need around a private Docker engine: a test PKI made with
 * openssl, a non-loopback address inside the engine's network namespace (Docker trusts any
 * registry on 127.0.0.0/8 without verifying its certificate, so an "untrusted CA" test there
 * could not fail), long-running programs (registries, nginx, redis) started in that namespace,
 * and the engine's trust store, /etc/docker/certs.d/<host:port>/ca.crt, which dockerd reads on
 * every connection and cannot move per daemon (outside rootless mode).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { runOk, waitFor } from "./docker-engine";
import type { CommandResult, DockerEngine, RunOptions } from "./docker-engine";

const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface TestCa {
  readonly cert: string;
  readonly key: string;
  /** Issues a server certificate for `ip` (and localhost); returns its files. */
  issue(name: string, ip: string): { cert: string; key: string };
}

/** A CA (EC P-256, one day) in `dir`. */
export function makeCa(dir: string, name: string): TestCa {
  fs.mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  runOk(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", `/CN=cdktfde test ${name}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]); // prettier-ignore
  return {
    cert,
    key,
    issue(serverName, ip) {
      const serverKey = path.join(dir, `${serverName}.key`);
      const csr = path.join(dir, `${serverName}.csr`);
      const serverCert = path.join(dir, `${serverName}.crt`);
      const ext = path.join(dir, `${serverName}.ext`);
      fs.writeFileSync(
        ext,
        `subjectAltName=IP:${ip},DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n`,
      );
      runOk([
        "openssl",
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        serverKey,
        "-out",
        csr,
        "-subj",
        `/CN=${serverName}`,
      ]);
      runOk(["openssl", "x509", "-req", "-in", csr, "-CA", cert, "-CAkey", key, "-CAcreateserial", "-out", serverCert, "-days", "1", "-extfile", ext]);
      return { cert: serverCert, key: serverKey };
    },
  };
}

/** Adds a random address of 198.18.0.0/15 (benchmarking, never routed) to the namespace's loopback; returns it. */
export function addTestAddress(engine: DockerEngine): string {
  const ip = `198.18.${randomInt(1, 255)}.${randomInt(1, 255)}`;
  runOk(["ip", "-n", engine.netns, "address", "add", `${ip}/32`, "dev", "lo"]);
  return ip;
}

/** A program running in the engine's network namespace, its output in a log file. */
export interface NetnsProcess {
  readonly name: string;
  readonly logFile: string;
  log(): string;
  readonly exited: () => boolean;
  stop(): Promise<void>;
}

/** Starts and stops programs in one network namespace; `stopAll` ends every one still running. */
export class NetnsProcesses {
  private readonly running: NetnsProcess[] = [];

  constructor(
    private readonly engine: DockerEngine,
    private readonly dir: string,
  ) {}

  start(name: string, argv: readonly string[], env: Record<string, string | undefined> = {}): NetnsProcess {
    const logFile = path.join(this.dir, `${name}.log`);
    const fd = fs.openSync(logFile, "a");
    let child: ChildProcess;
    try {
      const environment: Record<string, string> = {};
      for (const [k, v] of Object.entries({ ...process.env, PATH: SYSTEM_PATH, ...env })) if (v !== undefined) environment[k] = v;
      child = spawn("nsenter", [`--net=/run/netns/${this.engine.netns}`, ...argv], { stdio: ["ignore", fd, fd], env: environment });
    } finally {
      fs.closeSync(fd);
    }
    let exited = false;
    const done = new Promise<void>((resolve) => {
      child.on("exit", () => {
        exited = true;
        resolve();
      });
      child.on("error", () => {
        exited = true;
        resolve();
      });
    });
    const proc: NetnsProcess = {
      name,
      logFile,
      log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""),
      exited: () => exited,
      stop: async () => {
        if (!exited) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
          await done;
          clearTimeout(timer);
        }
        this.running.splice(this.running.indexOf(proc), 1);
      },
    };
    this.running.push(proc);
    return proc;
  }

  async stopAll(): Promise<void> {
    for (const proc of [...this.running].reverse()) await proc.stop();
  }

  /** Runs a program in the namespace and waits for it. */
  run(argv: readonly string[], options?: RunOptions): CommandResult {
    return this.engine.inNetns(argv, options);
  }
}

/** Waits until `url` answers over HTTP(S) inside the namespace (any status), or the process exits. */
export async function waitForHttp(procs: NetnsProcesses, proc: NetnsProcess, url: string, curlArgs: string[] = []): Promise<void> {
  await waitFor(
    `${proc.name} to answer ${url}`,
    () => {
      if (proc.exited()) throw new Error(`${proc.name} exited:\n${proc.log()}`);
      const code = procs.run(["curl", "--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "--max-time", "2", ...curlArgs, url]).stdout;
      return /^[1-5]\d\d$/.test(code) ? true : undefined;
    },
    20000,
    200,
  );
}

/**
 * The engine's trust store for one registry address: /etc/docker/certs.d/<host:port>/ca.crt.
 * Only directories this test created are removed again, and /etc/docker(/certs.d) only when
 * this test created them and they are empty.
 */
export class DockerTrustStore {
  static readonly ROOT = "/etc/docker/certs.d";
  private readonly created: string[] = [];

  trust(hostPort: string, caCert: string): void {
    if (!/^198\.18\.\d+\.\d+:\d+$/.test(hostPort)) throw new Error(`refusing to touch the trust of ${hostPort}: only test addresses (198.18.0.0/15)`);
    for (const dir of ["/etc/docker", DockerTrustStore.ROOT]) {
      if (!fs.existsSync(dir)) {
        fs.mkdirSync(dir, { mode: 0o755 });
        this.created.push(dir);
      }
    }
    const dir = path.join(DockerTrustStore.ROOT, hostPort);
    if (fs.existsSync(dir)) throw new Error(`${dir} exists already: another run's, or not ours; refusing to overwrite it`);
    fs.mkdirSync(dir, { mode: 0o755 });
    this.created.push(dir);
    fs.copyFileSync(caCert, path.join(dir, "ca.crt"));
  }

  cleanUp(): void {
    for (const dir of this.created.splice(0).reverse()) {
      if (dir.startsWith(`${DockerTrustStore.ROOT}/198.18.`)) fs.rmSync(dir, { recursive: true, force: true });
      else if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    }
  }
}

/** Runs the docker CLI against the engine with its own client config (credentials) directory. */
export function dockerClient(engine: DockerEngine, configDir: string) {
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  return {
    run: (args: readonly string[], options?: RunOptions) => engine.docker(["--config", configDir, ...args], { timeoutMs: 120000, ...options }),
    login: (registry: string, user: string, password: string) =>
      engine.docker(["--config", configDir, "login", "--username", user, "--password-stdin", registry], { input: password }),
    logout: (registry: string) => engine.docker(["--config", configDir, "logout", registry]),
  };
}

/** The line count of `pattern` in a log. */
export function countLines(log: string, pattern: RegExp): number {
  return log.split("\n").filter((line) => pattern.test(line)).length;
}
