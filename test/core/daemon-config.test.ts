import { DaemonConfig, StorageDriver, checkServicesAgainstDaemon, daemonJsonFile, renderDaemonJson } from "cdktf-docker-environments";
import type { ContainerSettings, DaemonConfigProps, DaemonException } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "host web-1";
const config = (props: Partial<DaemonConfigProps> & Record<string, unknown>) => new DaemonConfig(props as DaemonConfigProps, WHERE);
const json = (props: DaemonConfigProps = {}) => JSON.parse(renderDaemonJson(new DaemonConfig(props, WHERE))) as Record<string, unknown>;
const TLS = { tlsVerify: true, tlsCaCert: "/etc/docker/tls/ca.pem", tlsCert: "/etc/docker/tls/server.pem", tlsKey: "/etc/docker/tls/server-key.pem" };
const LOCAL = "unix:///var/run/docker.sock";

describe("the default daemon.json", () => {
  test("is the CIS section 2 hardened daemon (snapshot)", () => {
    expect(renderDaemonJson(new DaemonConfig())).toMatchSnapshot();
  });

  test("keys are sorted at every level, so the same config renders the same bytes", () => {
    const text = renderDaemonJson(new DaemonConfig({ labels: { "com.example.role": "web" }, dns: ["10.0.0.2"], metricsAddress: "127.0.0.1:9323" }));
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    expect(text.endsWith("}\n")).toBe(true);
  });

  test("the unix socket only: no hosts key, no TCP, no TLS", () => {
    const j = json();
    for (const key of ["hosts", "tls", "tlsverify", "tlscacert", "insecure-registries", "userns-remap", "seccomp-profile"]) expect(j).not.toHaveProperty(key);
    expect(new DaemonConfig().setsHosts).toBe(false);
  });

  test("daemon.json as a host file: /etc/docker/daemon.json, root:root 0644", () => {
    expect(daemonJsonFile(new DaemonConfig())).toEqual({
      path: "/etc/docker/daemon.json",
      content: renderDaemonJson(new DaemonConfig()),
      mode: "0644",
      owner: "root",
      group: "root",
    });
  });
});

describe("typed props render to their daemon.json keys", () => {
  test("networking, TLS, registries, metrics, plugins and labels", () => {
    const j = json({
      bip: "192.168.200.1/24",
      fixedCidr: "192.168.200.128/25",
      defaultAddressPools: [{ base: "10.200.0.0/16", size: 24 }],
      mtu: 9001,
      dns: ["169.254.169.253"],
      dnsSearch: ["internal.example.com"],
      ipv6: true,
      fixedCidrV6: "2001:db8:1::/64",
      ipForward: true,
      hosts: [LOCAL, "tcp://10.0.1.5:2376"],
      ...TLS,
      registryMirrors: ["https://mirror.internal.example.com"],
      metricsAddress: "127.0.0.1:9323",
      authorizationPlugins: ["opa-docker-authz"],
      labels: { "com.example.role": "web" },
      usernsRemap: "default",
      seccompProfile: "/etc/docker/seccomp.json",
      dataRoot: "/srv/docker",
    });
    expect(j).toMatchObject({
      bip: "192.168.200.1/24",
      "fixed-cidr": "192.168.200.128/25",
      "default-address-pools": [{ base: "10.200.0.0/16", size: 24 }],
      mtu: 9001,
      dns: ["169.254.169.253"],
      "dns-search": ["internal.example.com"],
      ipv6: true,
      "fixed-cidr-v6": "2001:db8:1::/64",
      "ip-forward": true,
      hosts: [LOCAL, "tcp://10.0.1.5:2376"],
      tlsverify: true,
      tlscacert: TLS.tlsCaCert,
      tlscert: TLS.tlsCert,
      tlskey: TLS.tlsKey,
      "registry-mirrors": ["https://mirror.internal.example.com"],
      "metrics-addr": "127.0.0.1:9323",
      "authorization-plugins": ["opa-docker-authz"],
      labels: ["com.example.role=web"],
      "userns-remap": "default",
      "seccomp-profile": "/etc/docker/seccomp.json",
      "data-root": "/srv/docker",
    });
  });

  test("log drivers: json-file merges rotation defaults; a central sink has no rotation options", () => {
    expect(json({ logDriver: "json-file", logOptions: { "max-size": "50m", compress: "true" } })["log-opts"]).toEqual({
      compress: "true",
      "max-file": "5",
      "max-size": "50m",
    });
    expect(json({ logDriver: "journald" })).not.toHaveProperty("log-opts");
    expect(json({ logDriver: "awslogs", logOptions: { "awslogs-group": "/docker/web", "awslogs-region": "eu-west-1" } })["log-opts"]).toEqual({
      "awslogs-group": "/docker/web",
      "awslogs-region": "eu-west-1",
    });
  });

  test("storage drivers bring their fragment; extra adds real keys and features", () => {
    expect(json({ storage: StorageDriver.btrfs() })).toMatchObject({ "storage-driver": "btrfs", features: { "containerd-snapshotter": false } });
    const containerd = json({ storage: StorageDriver.containerdSnapshotter() });
    expect(containerd).not.toHaveProperty("storage-driver");
    expect(containerd.features).toEqual({ "containerd-snapshotter": true });
    expect(json({ extra: { "max-concurrent-downloads": 6, features: { buildkit: true } } })).toMatchObject({
      "max-concurrent-downloads": 6,
      features: { buildkit: true, "containerd-snapshotter": false },
    });
  });

  test("an exception's reason becomes an engine label next to the user's labels", () => {
    const j = json({
      liveRestore: false,
      swarmMode: true,
      labels: { "com.example.role": "manager" },
      exceptions: [{ rule: "CIS-2.15", reason: "swarm manager; swarm refuses live-restore" }],
    });
    expect(j["live-restore"]).toBe(false);
    expect(j.labels).toEqual(["com.example.role=manager", "io.cdktf-docker-environments.exception.cis-2.15=swarm manager; swarm refuses live-restore"]);
  });

  test("warnings for a public metrics endpoint, a TCP listener and a poor storage driver; setsHosts", () => {
    const c = new DaemonConfig({
      metricsAddress: "0.0.0.0:9323",
      hosts: [LOCAL, "tcp://0.0.0.0:2376"],
      ...TLS,
      storage: StorageDriver.vfs({ acknowledgeDebuggingOnly: "debugging an engine bug" }),
    });
    expect(c.warnings).toEqual([
      expect.stringMatching(/^vfs storage driver/),
      expect.stringMatching(/^metrics-addr 0\.0\.0\.0:9323 serves unauthenticated/),
      expect.stringMatching(/tcp:\/\/ listener/),
    ]);
    expect(c.setsHosts).toBe(true);
  });

  test("storagePlan: the HostPlan packages and the preparation of the data volume at the data root", () => {
    const plan = new DaemonConfig({ storage: StorageDriver.btrfs(), dataRoot: "/srv/docker" }).storagePlan("/dev/nvme1n1");
    expect(plan.packages).toEqual(["btrfs-progs"]);
    expect(plan.storagePreparation).toEqual(StorageDriver.btrfs().preparation("/dev/nvme1n1", "/srv/docker"));
  });

  test("toJson returns a copy", () => {
    const c = new DaemonConfig();
    (c.toJson().features as Record<string, boolean>)["containerd-snapshotter"] = true;
    expect(c.toJson().features).toEqual({ "containerd-snapshotter": false });
  });
});

type Case = [label: string, props: Record<string, unknown>, field: string, value: unknown, problem: RegExp];
const exception = (rule: string): DaemonException[] => [{ rule: rule as DaemonException["rule"], reason: "a reason long enough" }];

const REFUSALS: Case[] = [
  ["TCP listener without TLS", { hosts: [LOCAL, "tcp://0.0.0.0:2375"] }, "hosts", [LOCAL, "tcp://0.0.0.0:2375"], /TCP listener without mutual TLS .*CIS 2\.7/],
  [
    "TCP listener with server-only TLS",
    { hosts: [LOCAL, "tcp://0.0.0.0:2376"], tls: true, tlsCert: TLS.tlsCert, tlsKey: TLS.tlsKey },
    "hosts",
    [LOCAL, "tcp://0.0.0.0:2376"],
    /without mutual TLS/,
  ],
  [
    "tlsverify without certificates",
    { hosts: [LOCAL, "tcp://0.0.0.0:2376"], tlsVerify: true, tlsCert: TLS.tlsCert },
    "tlsVerify",
    true,
    /tlsverify without certificates: tlsCaCert, tlsKey not set/,
  ],
  ["tls false with tlsverify", { hosts: [LOCAL, "tcp://0.0.0.0:2376"], ...TLS, tls: false }, "tls", false, /tlsverify implies TLS/],
  ["TLS settings without a TCP listener", { ...TLS }, "tlsVerify", true, /without a tcp:\/\/ host protect nothing/],
  ["hosts without a local socket", { hosts: ["tcp://10.0.0.5:2376"], ...TLS }, "hosts", ["tcp://10.0.0.5:2376"], /no local socket/],
  ["a listener dockerd does not take", { hosts: [LOCAL, "http://0.0.0.0:2375"] }, "hosts[1]", "http://0.0.0.0:2375", /not a listener/],
  ["a relative TLS key path", { hosts: [LOCAL, "tcp://0.0.0.0:2376"], ...TLS, tlsKey: "server-key.pem" }, "tlsKey", "server-key.pem", /absolute file path/],
  ["live-restore with swarm mode", { swarmMode: true }, "liveRestore", true, /live-restore is incompatible with swarm mode/],
  [
    "userns-remap with the containerd image store",
    { usernsRemap: "default", storage: StorageDriver.containerdSnapshotter() },
    "usernsRemap",
    "default",
    /moby#47377/,
  ],
  ["userns-remap to root", { usernsRemap: "root" }, "usernsRemap", "root", /remaps nothing/],
  ["userns-remap to a malformed user", { usernsRemap: "Bad User" }, "usernsRemap", "Bad User", /not a user/],
  ["icc without exception", { icc: true }, "icc", true, /CIS-2\.2/],
  ["debug logging without exception", { logLevel: "debug" }, "logLevel", "debug", /CIS-2\.3/],
  ["iptables off without exception", { iptables: false }, "iptables", false, /CIS-2\.4/],
  ["an insecure registry without exception", { insecureRegistries: ["registry.lab:5000"] }, "insecureRegistries", ["registry.lab:5000"], /CIS-2\.5/],
  ["aufs without exception", { storage: StorageDriver.aufs() }, "storage", "aufs", /CIS-2\.6/],
  ["no-new-privileges off without exception", { noNewPrivileges: false }, "noNewPrivileges", false, /CIS-2\.14/],
  ["live-restore off without exception", { liveRestore: false }, "liveRestore", false, /CIS-2\.15/],
  ["userland proxy without exception", { userlandProxy: true }, "userlandProxy", true, /CIS-2\.16/],
  ["experimental without exception", { experimental: true }, "experimental", true, /CIS-2\.18/],
  ["seccomp unconfined without exception", { seccompProfile: "unconfined" }, "seccompProfile", "unconfined", /CIS-5\.22/],
  ["an exception nothing needs", { exceptions: exception("CIS-2.2") }, "exceptions[0].rule", "CIS-2.2", /unused/],
  ["an exception for an unknown rule", { exceptions: exception("CIS-9.9") }, "exceptions[0].rule", "CIS-9.9", /not a daemon rule id/],
  [
    "an exception declared twice",
    { icc: true, exceptions: [...exception("CIS-2.2"), ...exception("CIS-2.2")] },
    "exceptions[1].rule",
    "CIS-2.2",
    /declared twice/,
  ],
  [
    "an exception without a reason",
    { icc: true, exceptions: [{ rule: "CIS-2.2", reason: "because" }] },
    "exceptions[0].reason",
    "because",
    /10 to 200 characters/,
  ],
  ["a log driver outside the list", { logDriver: "gelf" }, "logDriver", "gelf", /not a log driver/],
  ["json-file without rotation", { logDriver: "json-file", logOptions: { "max-size": "-1" } }, 'logOptions["max-size"]', "-1", /must rotate/],
  ["local with max-file 0", { logOptions: { "max-file": "0" } }, 'logOptions["max-file"]', "0", /bounded number of files/],
  ["awslogs without a group", { logDriver: "awslogs" }, 'logOptions["awslogs-group"]', undefined, /CloudWatch Logs group/],
  ["a non-string log option", { logOptions: { "max-file": 5 } }, "logOptions.max-file", 5, /strings/],
  ["an unknown ulimit", { defaultUlimits: { files: { soft: 1, hard: 2 } } }, "defaultUlimits.files", "files", /not a ulimit name/],
  [
    "soft ulimit above hard",
    { defaultUlimits: { nofile: { soft: 70000, hard: 65536 } } },
    "defaultUlimits.nofile",
    { soft: 70000, hard: 65536 },
    /soft limit is above/,
  ],
  ["a negative ulimit", { defaultUlimits: { nproc: { soft: -1, hard: 10 } } }, "defaultUlimits.nproc", { soft: -1, hard: 10 }, /whole numbers/],
  ["a relative seccomp profile", { seccompProfile: "seccomp.json" }, "seccompProfile", "seccomp.json", /absolute path/],
  ["seccomp builtin (20.10 reads it as a file name)", { seccompProfile: "builtin" }, "seccompProfile", "builtin", /omit it for the engine's built-in profile/],
  ["an MTU below 68", { mtu: 40 }, "mtu", 40, /not an MTU/],
  ["an IPv6 MTU below 1280", { mtu: 1200, ipv6: true, fixedCidrV6: "2001:db8::/64" }, "mtu", 1200, /1280 with IPv6/],
  ["a DNS server that is a name", { dns: ["dns.google"] }, "dns[0]", "dns.google", /not an IP address/],
  ["a DNS search domain with a space", { dnsSearch: ["corp example"] }, "dnsSearch[0]", "corp example", /not a domain name/],
  ["ipv6 without its range", { ipv6: true }, "ipv6", true, /needs its range/],
  ["fixed-cidr-v6 without ipv6", { fixedCidrV6: "2001:db8::/64" }, "fixedCidrV6", "2001:db8::/64", /no effect without ipv6/],
  ["a plain-http registry mirror", { registryMirrors: ["http://mirror:5000"] }, "registryMirrors[0]", "http://mirror:5000", /https:\/\/ URL/],
  ["a registry mirror with credentials", { registryMirrors: ["https://u:p@mirror"] }, "registryMirrors[0]", "https://u:p@mirror", /without credentials/],
  [
    "a malformed insecure registry",
    { insecureRegistries: ["http://lab"], exceptions: exception("CIS-2.5") },
    "insecureRegistries[0]",
    "http://lab",
    /host\[:port\] or a CIDR/,
  ],
  ["a metrics address without port", { metricsAddress: "127.0.0.1" }, "metricsAddress", "127.0.0.1", /address:port/],
  ["an authorization plugin name with a space", { authorizationPlugins: ["my plugin"] }, "authorizationPlugins[0]", "my plugin", /not a plugin name/],
  ["a label in Docker's reserved namespace", { labels: { "com.docker.role": "x" } }, "labels.com.docker.role", "x", /reserved/],
  [
    "a label forging an exception",
    { labels: { "io.cdktf-docker-environments.exception.cis-2.2": "x" } },
    "labels.io.cdktf-docker-environments.exception.cis-2.2",
    "x",
    /reserved/,
  ],
  ["a label value on two lines", { labels: { "com.example.note": "a\nb" } }, "labels.com.example.note", "a\nb", /one line/],
  ["a string where a boolean goes", { icc: "false" }, "icc", "false", /true or false/],
  ["an unknown extra key", { extra: { "default-pids-limit": 100 } }, 'extra["default-pids-limit"]', 100, /not a key dockerd knows/],
  ["a misspelled extra key", { extra: { "live-restor": true } }, 'extra["live-restor"]', true, /did you mean "live-restore"/],
  ["an extra key a typed prop covers", { extra: { icc: true } }, 'extra["icc"]', true, /use the typed prop/],
  ["an extra key that weakens CIS 2.10", { extra: { "cgroup-parent": "/docker" } }, 'extra["cgroup-parent"]', "/docker", /CIS 2\.10/],
  ["api-cors-header in extra", { extra: { "api-cors-header": "*" } }, 'extra["api-cors-header"]', "*", /CORS/],
  [
    "the image store through extra features",
    { extra: { features: { "containerd-snapshotter": true } } },
    'extra["features"]["containerd-snapshotter"]',
    true,
    /storage prop/,
  ],
  ["features that are not booleans", { extra: { features: { buildkit: "yes" } } }, 'extra["features"]', { buildkit: "yes" }, /true\/false/],
];

test.each(REFUSALS)("refuses %s", (_label, props, field, value, problem) => {
  expectRefusal(() => config(props), { where: WHERE, field, value, problem });
});

describe("addresses: overlaps with each other and with the host's networks", () => {
  const pools = [
    { base: "10.200.0.0/16", size: 24 },
    { base: "10.200.128.0/17", size: 24 },
  ];
  test.each<Case>([
    [
      "two pools overlapping",
      { defaultAddressPools: pools },
      "default-address-pools[1].base",
      "10.200.128.0/17",
      /overlaps default-address-pools\[0\]\.base 10\.200\.0\.0\/16/,
    ],
    ["bip inside a pool", { bip: "10.200.5.1/24", defaultAddressPools: [pools[0]] }, "bip", "10.200.5.1/24", /overlaps default-address-pools\[0\]\.base/],
    [
      "fixed-cidr outside bip",
      { bip: "192.168.200.1/24", fixedCidr: "192.168.201.0/25" },
      "fixed-cidr",
      "192.168.201.0/25",
      /not inside the bridge network 192\.168\.200\.0\/24/,
    ],
    ["bip overlapping the VPC", { bip: "10.0.5.1/24", hostNetworks: ["10.0.0.0/16"] }, "bip", "10.0.5.1/24", /overlaps the host network 10\.0\.0\.0\/16/],
    [
      "Docker's default pools overlapping the VPC",
      { hostNetworks: ["172.16.0.0/12"] },
      "default-address-pools (Docker's default 172.17.0.0/16)",
      "172.17.0.0/16",
      /overlaps the host network/,
    ],
  ])("refuses %s", (_label, props, field, value, problem) => {
    expectRefusal(() => config(props), { where: WHERE, field, value, problem });
  });

  test("checkHostNetworks: the hook for a VPC known later", () => {
    const c = new DaemonConfig({ bip: "192.168.200.1/24", defaultAddressPools: [{ base: "10.200.0.0/16", size: 24 }] }, WHERE);
    expect(() => c.checkHostNetworks(["10.0.0.0/16"])).not.toThrow();
    expectRefusal(() => c.checkHostNetworks(["10.200.0.0/20"], "network vpc"), {
      where: "network vpc",
      field: "default-address-pools[0].base",
      value: "10.200.0.0/16",
      problem: /overlaps the host network 10\.200\.0\.0\/20/,
    });
  });
});

describe("paths", () => {
  test.each<Case>([
    ["a relative data root", { dataRoot: "docker" }, "dataRoot", "docker", /absolute path/],
    ["a system directory as data root", { dataRoot: "/var" }, "dataRoot", "/var", /system directory/],
  ])("refuses %s", (_label, props, field, value, problem) => {
    expectRefusal(() => config(props), { where: WHERE, field, value, problem });
  });
  test("refuses a storage that is not a StorageDriver", () => {
    expectRefusal(() => config({ storage: { name: "overlay2" } as never }), { where: WHERE, field: "storage", problem: /not a StorageDriver/ });
  });
});

describe("checkEngine", () => {
  test("refuses a storage driver the pinned Engine no longer has, and extra keys it does not know", () => {
    expectRefusal(() => new DaemonConfig({ storage: StorageDriver.devicemapper() }).checkEngine("27.5.1", WHERE), {
      where: WHERE,
      field: "storage",
      value: "devicemapper",
      problem: /removed in Docker Engine 25\.0, and this host pins Engine 27\.5\.1/,
    });
    expectRefusal(() => new DaemonConfig({ extra: { "oom-score-adjust": -500 } }).checkEngine("25.0.3", WHERE), {
      where: WHERE,
      field: 'extra["oom-score-adjust"]',
      problem: /removed in Docker Engine 25\.0/,
    });
    expectRefusal(() => new DaemonConfig({ extra: { "default-network-opts": {} } }).checkEngine("20.10.24", WHERE), {
      where: WHERE,
      field: 'extra["default-network-opts"]',
      problem: /not known to Docker Engine 20\.10\.24/,
    });
  });
  test("passes the default on every Engine from 20.10, with no warnings", () => {
    for (const version of ["20.10.24", "24.0.9", "27.5.1", "5:28.1.1-1~ubuntu.24.04~noble"]) expect(new DaemonConfig().checkEngine(version)).toEqual([]);
  });
});

describe("checkServicesAgainstDaemon", () => {
  const base = { name: "svc", privileged: false } as ContainerSettings;
  const remapped = new DaemonConfig({ usernsRemap: "default" });
  test.each<[string, Partial<ContainerSettings>, string, unknown, RegExp]>([
    ["the host user namespace", { usernsMode: "host" }, "services.svc.usernsMode", "host", /undoing the remap/],
    ["privileged", { privileged: true }, "services.svc.privileged", true, /privileged containers only in the host user namespace/],
    ["the host network", { networkMode: "host" }, "services.svc.networkMode", "host", /host's network namespace/],
    ["the host PID namespace", { pidMode: "host" }, "services.svc.pidMode", "host", /host's PID namespace/],
    ["the host IPC namespace", { ipcMode: "host" }, "services.svc.ipcMode", "host", /host's IPC namespace/],
    ["the host UTS namespace", { utsMode: "host" }, "services.svc.utsMode", "host", /host's UTS namespace/],
  ])("with userns-remap refuses a service that needs %s", (_label, settings, field, value, problem) => {
    expectRefusal(() => checkServicesAgainstDaemon(remapped, [{ ...base, ...settings }], WHERE), { where: WHERE, field, value, problem });
  });
  test("without userns-remap, or for a service in its own namespaces, nothing to refuse", () => {
    expect(() => checkServicesAgainstDaemon(new DaemonConfig(), [{ ...base, networkMode: "host", privileged: true }], WHERE)).not.toThrow();
    expect(() => checkServicesAgainstDaemon(remapped, [{ ...base, networkMode: "app" }], WHERE)).not.toThrow();
  });
});
