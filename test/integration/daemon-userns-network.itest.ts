/**
 * The two daemon.json variants that change how containers are wired: user-namespace remapping
 * (CIS 2.9) and the address, MTU, DNS and IPv6 settings of the default bridge and the pools
 * user-defined networks are cut from (book chapter 12). Each is rendered by DaemonConfig, run by a
 * private dockerd (docker-engine.ts) and observed from containers, `docker inspect` and `docker info`.
 *
 * `userns-remap: "default"` makes dockerd create the system user `dockremap` and its
 * /etc/subuid and /etc/subgid ranges on this machine, exactly as it does on a real host.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_DAEMON_ULIMITS, DaemonConfig, checkServicesAgainstDaemon, resolveContainer } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";
import { TEST_IMAGE, ulimitsForThisHost } from "./docker-engine";
import type { DockerEngine } from "./docker-engine";
import { dockerInfo, expectOnlySandboxPathsDiffer, startEngineWith } from "./daemon-engine";
import type { ConfiguredEngine } from "./daemon-engine";

const ULIMITS = ulimitsForThisHost() ?? DEFAULT_DAEMON_ULIMITS;

describe("userns-remap: default", () => {
  let configured: ConfiguredEngine;
  let engine: DockerEngine;
  // The remapped root must be able to traverse the data root's parents (dockerd checks o+x); the
  // engine's own directory is private (0700), so this data root lives in a directory of its own.
  let parent: string;
  beforeAll(async () => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-userns-"));
    fs.chmodSync(parent, 0o711);
    configured = await startEngineWith({ usernsRemap: "default", defaultUlimits: ULIMITS }, { dataRoot: path.join(parent, "data") });
    engine = configured.engine;
  }, 120000);
  afterAll(async () => {
    await configured?.engine.stop();
    if (parent) fs.rmSync(parent, { recursive: true, force: true });
  }, 60000);

  /** dockremap's first subordinate id and count, from /etc/subuid or /etc/subgid. */
  function subordinate(file: string): { start: number; count: number } {
    const line = fs
      .readFileSync(file, "utf8")
      .split("\n")
      .find((l) => l.startsWith("dockremap:"));
    if (!line) throw new Error(`dockerd did not add dockremap to ${file}`);
    const [, start, count] = line.split(":");
    return { start: Number(start), count: Number(count) };
  }

  test("docker info shows the user namespace, and the data root is kept per mapping", () => {
    expectOnlySandboxPathsDiffer(configured);
    const info = dockerInfo(engine);
    expect(info.SecurityOptions).toEqual(expect.arrayContaining(["name=userns"]));
    const uid = subordinate("/etc/subuid").start;
    const gid = subordinate("/etc/subgid").start;
    expect(info.DockerRootDir).toBe(`${engine.dataRoot}/${uid}.${gid}`);
  });

  test("root in a container is an unprivileged user on the host", () => {
    const { start, count } = subordinate("/etc/subuid");
    expect(start).toBeGreaterThan(0);
    const map = engine.dockerOk(["run", "--rm", TEST_IMAGE, "cat", "/proc/self/uid_map"]).trim().split(/\s+/).map(Number);
    expect(map).toEqual([0, start, count]);
    engine.dockerOk(["run", "--detach", "--name", "idle", TEST_IMAGE, "sleep", "300"]);
    const hostPid = engine.inspect("idle", "{{.State.Pid}}");
    expect(fs.readFileSync(`/proc/${hostPid}/status`, "utf8")).toMatch(new RegExp(`^Uid:\\s+${start}\\s+${start}\\s`, "m"));
  });

  const conflicts: [label: string, spec: Partial<ContainerSpec>, dockerFlags: string[], field: string, engineSays: RegExp][] = [
    [
      "host network",
      { security: { hostNamespaces: ["network"] } },
      ["--network", "host"],
      "networkMode",
      /cannot share the host's network namespace when user namespaces are enabled/,
    ],
    [
      "host PID namespace",
      { security: { hostNamespaces: ["pid"] } },
      ["--pid", "host"],
      "pidMode",
      /cannot share the host PID namespace when user namespaces are enabled/,
    ],
    ["privileged", { security: { privileged: true } }, ["--privileged"], "privileged", /privileged mode is incompatible with user namespaces/],
  ];

  test.each(conflicts)(
    "%s: dockerd refuses it on this engine, and checkServicesAgainstDaemon refuses the service first",
    (_label, spec, flags, field, engineSays) => {
      const result = engine.docker(["run", "--rm", ...flags, TEST_IMAGE, "true"]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(engineSays);
      const settings = resolveContainer({ name: "svc", image: "nginx:1.27", healthCheck: { command: "true" }, ...spec }, "spec svc");
      const config = new DaemonConfig({ usernsRemap: "default" });
      expect(() => checkServicesAgainstDaemon(config, [settings], "host web-1")).toThrow(
        new RegExp(`^host web-1: services\\.svc\\.${field} = (true|"host"): the daemon remaps user namespaces \\(userns-remap: default\\)`, "m"),
      );
    },
  );
});

describe("bridge address, pools, MTU, DNS and IPv6", () => {
  const props = {
    bip: "10.99.0.1/24",
    fixedCidr: "10.99.0.128/25",
    defaultAddressPools: [{ base: "10.100.0.0/16", size: 24 }],
    hostNetworks: ["10.0.0.0/16"],
    mtu: 1400,
    dns: ["10.99.0.53"],
    dnsSearch: ["corp.example.com"],
    ipv6: true,
    fixedCidrV6: "fd00:cd:de::/64",
    defaultUlimits: ULIMITS,
  };
  let configured: ConfiguredEngine;
  let engine: DockerEngine;
  beforeAll(async () => {
    configured = await startEngineWith(props);
    engine = configured.engine;
  }, 120000);
  afterAll(() => configured?.engine.stop(), 60000);

  test("the default bridge takes bip, fixed-cidr and fixed-cidr-v6", () => {
    expectOnlySandboxPathsDiffer(configured);
    const ipam = JSON.parse(engine.dockerOk(["network", "inspect", "bridge", "--format", "{{json .IPAM.Config}}"])) as {
      Subnet: string;
      Gateway?: string;
      IPRange?: string;
    }[];
    expect(ipam).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Subnet: "10.99.0.0/24", Gateway: "10.99.0.1", IPRange: "10.99.0.128/25" }),
        expect.objectContaining({ Subnet: "fd00:cd:de::/64" }),
      ]),
    );
    engine.dockerOk(["run", "--detach", "--name", "on-bridge", TEST_IMAGE, "sleep", "300"]);
    const [ipv4, ipv6] = engine.inspect("on-bridge", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.GlobalIPv6Address}}").split(" ");
    expect(Number(ipv4.split(".")[3])).toBeGreaterThanOrEqual(128);
    expect(ipv4).toMatch(/^10\.99\.0\./);
    expect(ipv6).toMatch(/^fd00:cd:de::/);
  });

  test("containers get the MTU and the DNS settings", () => {
    const out = engine.dockerOk(["run", "--rm", TEST_IMAGE, "sh", "-c", "cat /sys/class/net/eth0/mtu /etc/resolv.conf"]);
    expect(out.split("\n")[0]).toBe("1400");
    expect(out).toMatch(/^nameserver 10\.99\.0\.53$/m);
    expect(out).toMatch(/^search corp\.example\.com$/m);
  });

  test("a user-defined network is cut from default-address-pools", () => {
    engine.dockerOk(["network", "create", "app"]);
    expect(engine.dockerOk(["network", "inspect", "app", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}"])).toMatch(/^10\.100\.\d+\.0\/24$/);
  });

  test("the same settings are refused when they overlap the VPC", () => {
    expect(() => new DaemonConfig({ ...props, hostNetworks: ["10.96.0.0/12"] })).toThrow(
      /bip = "10\.99\.0\.1\/24": overlaps the host network 10\.96\.0\.0\/12/,
    );
  });
});
