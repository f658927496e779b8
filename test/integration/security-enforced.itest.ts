/**
 * The hardened defaults are not only rendered, they are enforced: each spec is rendered with
 * renderDockerRunArgs (engine supervisor: detached), run by a real (private) Docker engine, and
 * every setting is then observed from inside the container or through `docker inspect`.
 */
import * as fs from "node:fs";
import { renderDockerRunArgs } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";
import { capabilityMask } from "../../lib/core/capabilities";
import { exceptionLabel } from "../../lib/core/policy-exception";
import { TEST_IMAGE, startDockerEngineWithTestImage, ulimitsForThisHost, waitFor } from "./docker-engine";
import type { CommandResult, DockerEngine } from "./docker-engine";

/** PID 1 that stops at once on SIGTERM (a bare `sleep` as PID 1 would ignore it). */
const IDLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

/** Every spec needs a health check (CIS 5.27); this one is always healthy. */
const TRIVIAL_HEALTH = { command: "true", intervalSeconds: 5 };

/** The nofile limits the containers get: the default 1024:65536 unless this host cannot grant it. */
const HOST_ULIMITS = ulimitsForThisHost();
const NOFILE = HOST_ULIMITS?.nofile ?? { soft: 1024, hard: 65536 };

let engine: DockerEngine;

beforeAll(async () => {
  if (HOST_ULIMITS) {
    console.warn(`this host cannot raise the nofile hard limit to the default 65536 (no CAP_SYS_RESOURCE): the specs here use ${NOFILE.soft}:${NOFILE.hard}`);
  }
  engine = await startDockerEngineWithTestImage();
}, 120000);

afterAll(async () => {
  await engine?.stop();
}, 60000);

/**
 * Renders the spec for the engine supervisor and starts it; returns the container name.
 * Only where the host cannot grant the default nofile hard limit is the spec's ulimit lowered.
 */
function start(spec: ContainerSpec): string {
  const args = renderDockerRunArgs(HOST_ULIMITS ? { ...spec, security: { ...spec.security, ulimits: HOST_ULIMITS } } : spec);
  expect(args.slice(0, 2)).toEqual(["run", "--detach"]);
  engine.dockerOk(args);
  return spec.name;
}

function exec(name: string, script: string): CommandResult {
  return engine.docker(["exec", name, "sh", "-c", script]);
}

function execOk(name: string, script: string): string {
  const result = exec(name, script);
  if (result.status !== 0) throw new Error(`docker exec ${name} sh -c '${script}' failed (${result.status}): ${result.stderr}`);
  return result.stdout.trim();
}

/** The fields of /proc/1/status of the container (its main process). */
function procStatus(name: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of execOk(name, "cat /proc/1/status").split("\n")) {
    const [key, ...rest] = line.split(":");
    fields[key] = rest.join(":").trim();
  }
  return fields;
}

/** A cgroup file of the container, v2 name first, then v1. */
function cgroupValue(name: string, v2: string, v1: string): string {
  return execOk(name, `cat /sys/fs/cgroup/${v2} 2>/dev/null || cat /sys/fs/cgroup/${v1}`);
}

describe("a default hardened container (capAdd NET_BIND_SERVICE)", () => {
  let name: string;
  beforeAll(() => {
    name = start({ name: "hardened", image: TEST_IMAGE, command: IDLE, healthCheck: TRIVIAL_HEALTH, security: { capAdd: ["NET_BIND_SERVICE"] } });
  });

  test("runs with the engine supervising it: on-failure restarts, at most 5", () => {
    expect(engine.inspect(name, "{{.State.Running}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}")).toBe(
      "true on-failure 5",
    );
  });

  test("the root filesystem is read-only while /tmp (the default tmpfs) is writable", () => {
    const root = exec(name, "touch /probe");
    expect(root.status).not.toBe(0);
    expect(root.stderr).toMatch(/Read-only file system/);
    expect(execOk(name, "echo written > /tmp/probe && cat /tmp/probe")).toBe("written");
    expect(execOk(name, "grep ' /tmp ' /proc/mounts")).toMatch(/^tmpfs \/tmp tmpfs rw,nosuid,nodev,noexec/);
    expect(engine.inspect(name, "{{.HostConfig.ReadonlyRootfs}}")).toBe("true");
  });

  test("runs as nobody (65534:65534), not root", () => {
    expect(execOk(name, "id -u; id -g")).toBe("65534\n65534");
  });

  test("no new privileges, only the added capability in the bounding set, none effective, seccomp filtering", () => {
    const status = procStatus(name);
    expect(status.NoNewPrivs).toBe("1");
    expect(status.CapBnd).toBe(capabilityMask(["NET_BIND_SERVICE"]));
    expect(status.CapBnd).toBe("0000000000000400");
    // A non-root process keeps no effective or permitted capabilities.
    expect(status.CapEff).toBe("0000000000000000");
    expect(status.CapPrm).toBe("0000000000000000");
    expect(status.Seccomp).toBe("2"); // Docker's default profile, a filter
  });

  test(`the file descriptor ulimit (${NOFILE.soft}:${NOFILE.hard}) is applied`, () => {
    expect(execOk(name, "ulimit -n; ulimit -Hn")).toBe(`${NOFILE.soft}\n${NOFILE.hard}`);
  });
});

describe("a root container under the CIS-4.1 exception", () => {
  const reason = "binds as root during the integration test";
  let name: string;
  beforeAll(() => {
    name = start({
      name: "rooted",
      image: TEST_IMAGE,
      command: IDLE,
      user: "0",
      healthCheck: TRIVIAL_HEALTH,
      security: { capAdd: ["NET_BIND_SERVICE", "CHOWN"] },
      exceptions: [{ rule: "CIS-4.1", reason }],
    });
  });

  test("is root, with exactly the added capabilities effective and bounding", () => {
    expect(execOk(name, "id -u")).toBe("0");
    const status = procStatus(name);
    const mask = capabilityMask(["NET_BIND_SERVICE", "CHOWN"]);
    expect(mask).toBe("0000000000000401");
    expect(status.CapEff).toBe(mask);
    expect(status.CapBnd).toBe(mask);
    expect(status.NoNewPrivs).toBe("1");
  });

  test("still cannot write its root filesystem", () => {
    expect(exec(name, "touch /probe").stderr).toMatch(/Read-only file system/);
  });

  test("carries the exception as a label", () => {
    expect(exceptionLabel("CIS-4.1")).toBe("io.cdktf-docker-environments.exception.cis-4.1");
    const labels = JSON.parse(engine.inspect(name, "{{json .Config.Labels}}")) as Record<string, string>;
    expect(labels["io.cdktf-docker-environments.exception.cis-4.1"]).toBe(reason);
  });
});

describe("resource limits", () => {
  test("memory: the limit is set, without swap, and a process allocating past it is OOM-killed", async () => {
    // No restarts, so the exit state stays visible for inspection.
    const name = start({
      name: "memory",
      image: TEST_IMAGE,
      command: IDLE,
      healthCheck: TRIVIAL_HEALTH,
      resources: { memory: "32m" },
      restart: { policy: "no" },
    });
    const bytes = String(32 * 1024 * 1024);
    expect(engine.inspect(name, "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}")).toBe(`${bytes} ${bytes}`);
    expect(cgroupValue(name, "memory.max", "memory/memory.limit_in_bytes")).toBe(bytes);

    // busybox tail holds a line without newline in memory: 200 MiB of zeros outgrow 32 MiB.
    const hog = exec(name, "head -c 200m /dev/zero | tail > /dev/null");
    expect(hog.status).toBe(137); // SIGKILL from the OOM killer

    // The engine records the container's OOM kill in its exit state. The kernel picks its victims
    // by memory use: the hog, and sometimes the container's idle main process as well.
    if (engine.inspect(name, "{{.State.Running}}") === "true") engine.dockerOk(["stop", "--time", "5", name]);
    await waitFor("the container to exit", () => (engine.inspect(name, "{{.State.Status}}") === "exited" ? true : undefined), 10000);
    expect(engine.inspect(name, "{{.State.OOMKilled}}")).toBe("true");
  });

  test("pids: the limit is set and forking past it fails", () => {
    const name = start({ name: "pids", image: TEST_IMAGE, command: IDLE, healthCheck: TRIVIAL_HEALTH, resources: { pidsLimit: 10 } });
    expect(engine.inspect(name, "{{.HostConfig.PidsLimit}}")).toBe("10");
    expect(cgroupValue(name, "pids.max", "pids/pids.max")).toBe("10");

    // sh, sleep and wait already hold 3 of the 10; the exec'd shell is a 4th.
    const bomb = exec(name, 'i=0; while [ "$i" -lt 20 ]; do sleep 30 & i=$((i+1)); echo "$i"; done');
    expect(bomb.status).not.toBe(0);
    expect(bomb.stderr).toMatch(/can't fork/);
    const started = Math.max(0, ...bomb.stdout.split("\n").filter(Boolean).map(Number));
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(10);
  });

  test("cpus: the CPU quota is set", () => {
    const name = start({ name: "cpus", image: TEST_IMAGE, command: IDLE, healthCheck: TRIVIAL_HEALTH, resources: { cpus: 0.5 } });
    expect(engine.inspect(name, "{{.HostConfig.NanoCpus}}")).toBe("500000000");
    const quota = cgroupValue(name, "cpu.max", "cpu/cpu.cfs_quota_us");
    expect(quota.split(" ")[0]).toBe("50000");
  });
});

describe("a web service with a published port and a health check", () => {
  let name: string;
  beforeAll(() => {
    name = start({
      name: "web",
      image: TEST_IMAGE,
      command: ["sh", "-c", "echo ok > /tmp/index.html && exec httpd -f -p 8080 -h /tmp"],
      ports: [{ containerPort: 8080, hostPort: 18080 }],
      healthCheck: { command: "wget -q -O /dev/null http://127.0.0.1:8080/index.html", intervalSeconds: 1, timeoutSeconds: 2, retries: 3 },
    });
  });

  test("the health check reaches healthy", async () => {
    const status = await waitFor(
      "the health status healthy",
      () => {
        const s = engine.inspect(name, "{{.State.Health.Status}}");
        return s === "healthy" || s === "unhealthy" ? s : undefined;
      },
      30000,
    );
    expect(status).toBe("healthy");
    const log = JSON.parse(engine.inspect(name, "{{json .State.Health.Log}}")) as { ExitCode: number }[];
    expect(log[log.length - 1].ExitCode).toBe(0);
  });

  test("the port is published on 127.0.0.1 only", () => {
    expect(engine.dockerOk(["port", name, "8080/tcp"])).toBe("127.0.0.1:18080");
    const ports = JSON.parse(engine.inspect(name, "{{json .NetworkSettings.Ports}}")) as Record<string, { HostIp: string; HostPort: string }[]>;
    expect(ports["8080/tcp"]).toEqual([{ HostIp: "127.0.0.1", HostPort: "18080" }]);
  });

  test("it answers on 127.0.0.1 of the engine's host, and not on the host's bridge address", () => {
    // busybox nc from the host (its static wget crashes outside a container on some hosts).
    const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((p) => fs.existsSync(p)) as string;
    const get = (ip: string) => engine.inNetns([busybox, "nc", "-w", "5", ip, "18080"], { input: "GET /index.html HTTP/1.0\r\n\r\n" });
    const local = get("127.0.0.1");
    expect({ status: local.status, stderr: local.stderr }).toEqual({ status: 0, stderr: "" });
    expect(local.stdout).toMatch(/^HTTP\/1\.[01] 200 OK\r\n/);
    expect(local.stdout).toMatch(/\r\n\r\nok\n$/);
    const gateway = engine.inspect(name, "{{.NetworkSettings.Gateway}}");
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const bridge = get(gateway);
    expect(bridge.status).not.toBe(0);
    expect(bridge.stderr).toMatch(/Connection refused/);
    expect(bridge.stdout).toBe("");
  });
});
