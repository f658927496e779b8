import { Testing, TerraformStack } from "cdktf";
import { LocalEnvironment, resolveContainer, SecretRef, SpecError, validateContainer } from "cdktf-docker-environments";
import type { ContainerSpec, LocalServiceProps } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "spec web";
const BASE: ContainerSpec = { name: "web", image: "nginx:1.27", healthCheck: { command: "true" } };

/** A spec refused by resolveContainer, the field the message names, the value it prints and the problem. */
type Case = [label: string, spec: Partial<ContainerSpec> & Record<string, unknown>, field: string, value: unknown, problem: RegExp];

const CASES: Case[] = [
  ["empty image", { image: "" }, "image", "", /empty/],
  ["malformed image", { image: "Nginx:1.27" }, "image", "Nginx:1.27", /lowercase/],
  ["image with a bad digest", { image: "nginx@sha256:1234" }, "image", "nginx@sha256:1234", /digest/],
  ["image with spaces", { image: "my app:1" }, "image", "my app:1", /whitespace/],
  ["image with a bad tag", { image: "nginx:-1" }, "image", "nginx:-1", /tag "-1"/],
  ["invalid service name", { name: "Web_1" }, "name", "Web_1", /service name/],
  ["container port 0", { ports: [{ containerPort: 0, hostPort: 8080 }] }, "ports[0].containerPort", 0, /1-65535/],
  ["host port 70000", { ports: [{ containerPort: 80, hostPort: 70000 }] }, "ports[0].hostPort", 70000, /1-65535/],
  ["fractional port", { ports: [{ containerPort: 80.5, hostPort: 8080 }] }, "ports[0].containerPort", 80.5, /1-65535/],
  ["host address that is not an IP", { ports: [{ containerPort: 80, hostIp: "localhost" }] }, "ports[0].hostIp", "localhost", /IPv4 or IPv6/],
  ["IPv4 octet above 255", { ports: [{ containerPort: 80, hostIp: "10.0.0.256" }] }, "ports[0].hostIp", "10.0.0.256", /IPv4 or IPv6/],
  ["protocol other than tcp/udp", { ports: [{ containerPort: 80, protocol: "sctp" as never }] }, "ports[0].protocol", "sctp", /tcp or udp/],
  [
    "host port published twice on the same address",
    {
      ports: [
        { containerPort: 80, hostPort: 8080 },
        { containerPort: 81, hostPort: 8080 },
      ],
    },
    "ports[1].hostPort",
    8080,
    /host port 8080\/tcp is published twice \(on 127\.0\.0\.1 and 127\.0\.0\.1\)/,
  ],
  [
    "host port published on every interface and on one address",
    {
      ports: [
        { containerPort: 80, hostPort: 8080, hostIp: "0.0.0.0" },
        { containerPort: 81, hostPort: 8080, hostIp: "10.0.0.5" },
      ],
    },
    "ports[1].hostPort",
    8080,
    /published twice \(on 0\.0\.0\.0 and 10\.0\.0\.5\)/,
  ],
  [
    "host port published on one address and on every IPv6 interface",
    {
      ports: [
        { containerPort: 80, hostPort: 8080, hostIp: "10.0.0.5" },
        { containerPort: 81, hostPort: 8080, hostIp: "::" },
      ],
    },
    "ports[1].hostPort",
    8080,
    /published twice \(on 10\.0\.0\.5 and ::\)/,
  ],
  ["unparseable memory", { resources: { memory: "lots" } }, "resources.memory", "lots", /at least 6m/],
  ["memory below 6m", { resources: { memory: "5m" } }, "resources.memory", "5m", /at least 6m/],
  ["memorySwap below memory", { resources: { memory: "256m", memorySwap: "128m" } }, "resources.memorySwap", "128m", /at least as large as memory/],
  ["unparseable memorySwap", { resources: { memorySwap: "more" } }, "resources.memorySwap", "more", /at least as large as memory/],
  ["zero CPUs", { resources: { cpus: 0 } }, "resources.cpus", 0, /above 0/],
  ["CPUs with four decimals", { resources: { cpus: 0.0005 } }, "resources.cpus", 0.0005, /three decimals/],
  ["pids limit 0", { resources: { pidsLimit: 0 } }, "resources.pidsLimit", 0, /positive whole number/],
  ["env name starting with a digit", { environment: { "1BAD": "x" } }, "environment.1BAD", "1BAD", /not a valid environment variable name/],
  ["env name with a dash", { environment: { "A-B": "x" } }, "environment.A-B", "A-B", /not a valid environment variable name/],
  ["env value that is not a string", { environment: { PORT: 8080 as unknown as string } }, "environment.PORT", 8080, /must be strings/],
  ["unknown capability", { security: { capAdd: ["CAP_FLY"] } }, "security.capAdd", "CAP_FLY", /not a Linux capability/],
  [
    "ulimit soft above hard",
    { security: { ulimits: { nofile: { soft: 2048, hard: 1024 } } } },
    "security.ulimits.nofile",
    { soft: 2048, hard: 1024 },
    /soft limit 2048 is above the hard limit 1024/,
  ],
  [
    "ulimit unlimited soft under a finite hard",
    { security: { ulimits: { nproc: { soft: -1, hard: 10 } } } },
    "security.ulimits.nproc",
    { soft: -1, hard: 10 },
    /above the hard limit/,
  ],
  [
    "ulimit that is not a whole number",
    { security: { ulimits: { nofile: { soft: 1.5, hard: 2 } } } },
    "security.ulimits.nofile",
    { soft: 1.5, hard: 2 },
    /whole numbers/,
  ],
  ["unknown ulimit", { security: { ulimits: { files: { soft: 1, hard: 1 } } } }, "security.ulimits.files", "files", /not a ulimit name/],
  ["relative seccomp profile", { security: { seccompProfile: "profiles/app.json" } }, "security.seccompProfile", "profiles/app.json", /absolute path/],
  ["bad AppArmor profile", { security: { apparmorProfile: "my profile" } }, "security.apparmorProfile", "my profile", /AppArmor profile name/],
  ["bad SELinux option", { security: { selinuxOptions: ["bogus"] } }, "security.selinuxOptions", "bogus", /SELinux label option/],
  ["unknown host namespace", { security: { hostNamespaces: ["mount" as never] } }, "security.hostNamespaces", "mount", /not a namespace/],
  ["relative device path", { security: { devices: [{ hostPath: "dev/fuse" }] } }, "security.devices[0]", { hostPath: "dev/fuse" }, /absolute/],
  [
    "bad device permissions",
    { security: { devices: [{ hostPath: "/dev/fuse", permissions: "rwx" }] } },
    "security.devices[0].permissions",
    "rwx",
    /r, w and m/,
  ],
  ["bad cgroup parent", { security: { cgroupParent: "my slice" } }, "security.cgroupParent", "my slice", /cgroup path/],
  [
    "secret given as a literal string",
    { secrets: { DB_PASSWORD: "correct-horse-battery-staple" as never } },
    "secrets.DB_PASSWORD",
    "<redacted literal>",
    /literal value.*SecretRef\.ssmParameter/,
  ],
  [
    "secret with an invalid name",
    { secrets: { "DB-PASSWORD": SecretRef.ssmParameter("/db/password") } },
    "secrets.DB-PASSWORD",
    "DB-PASSWORD",
    /environment variable name/,
  ],
  [
    "SSM reference that is not a name",
    { secrets: { TOKEN: SecretRef.ssmParameter("not a name") } },
    "secrets.TOKEN",
    { kind: "ssm-parameter", name: "not a name" },
    /SSM parameter/,
  ],
  [
    "host-file secret with a relative path",
    { secrets: { TOKEN: SecretRef.hostFile("secrets/token") } },
    "secrets.TOKEN",
    { kind: "host-file", path: "secrets/token" },
    /absolute host path/,
  ],
  [
    "environment variable the secret sets",
    { environment: { TOKEN_FILE: "/x" }, secrets: { TOKEN: SecretRef.ssmParameter("/app/token") } },
    "environment.TOKEN_FILE",
    "TOKEN_FILE",
    /sets this variable/,
  ],
  [
    "mount where a secret is mounted",
    { mounts: [{ type: "tmpfs", target: "/run/secrets/TOKEN" }], secrets: { TOKEN: SecretRef.ssmParameter("/app/token") } },
    "mounts",
    "/run/secrets/TOKEN",
    /where a secret is mounted/,
  ],
  [
    "reserved label prefix",
    { labels: { "io.cdktf-docker-environments.exception.cis-5.5": "trust me" } },
    "labels.io.cdktf-docker-environments.exception.cis-5.5",
    "io.cdktf-docker-environments.exception.cis-5.5",
    /reserved/,
  ],
  ["exception with a too-short reason", { exceptions: [{ rule: "CIS-5.27", reason: "because" }] }, "exceptions[0].reason", "because", /at least 10 characters/],
  [
    "exception with a blank reason",
    { exceptions: [{ rule: "CIS-5.27", reason: "          " }] },
    "exceptions[0].reason",
    "          ",
    /at least 10 characters/,
  ],
  [
    "unknown exception rule",
    { exceptions: [{ rule: "CIS-9.99" as never, reason: "a long enough reason" }] },
    "exceptions[0].rule",
    "CIS-9.99",
    /not a policy rule id.*CIS-5\.5/,
  ],
  [
    "exception declared twice",
    {
      exceptions: [
        { rule: "CIS-5.27", reason: "no shell in the image" },
        { rule: "CIS-5.27", reason: "no shell in the image" },
      ],
    },
    "exceptions[1].rule",
    "CIS-5.27",
    /declared twice/,
  ],
  ["relative mount target", { mounts: [{ type: "volume", source: "data", target: "data" }] }, "mounts[0].target", "data", /not an absolute path/],
  ["relative bind source", { mounts: [{ type: "bind", source: "./config", target: "/config" }] }, "mounts[0].source", "./config", /absolute host path/],
  [
    "bind source escaping with ..",
    { mounts: [{ type: "bind", source: "/srv/../etc", target: "/config" }] },
    "mounts[0].source",
    "/srv/../etc",
    /absolute host path/,
  ],
  [
    "the same target mounted twice",
    {
      mounts: [
        { type: "volume", source: "data", target: "/data" },
        { type: "tmpfs", target: "/data" },
      ],
    },
    "mounts[1].target",
    "/data",
    /mounted twice/,
  ],
  ["tmpfs target with a colon", { mounts: [{ type: "tmpfs", target: "/cache/a:b" }] }, "mounts[0].target", "/cache/a:b", /cannot contain ':'/],
  ["invalid volume name", { mounts: [{ type: "volume", source: "my data", target: "/data" }] }, "mounts[0].source", "my data", /volume name/],
  ["tmpfs with a bad size", { mounts: [{ type: "tmpfs", target: "/cache", size: "big" }] }, "mounts[0].size", "big", /not a size/],
  ["tmpfs with a bad mode", { mounts: [{ type: "tmpfs", target: "/cache", mode: "rwx" }] }, "mounts[0].mode", "rwx", /octal/],
  ["unknown mount type", { mounts: [{ type: "nfs", target: "/nfs" } as never] }, "mounts[0].type", "nfs", /not a mount type/],
  ["stop signal without SIG", { stopSignal: "TERM" }, "stopSignal", "TERM", /signal name/],
  ["lowercase stop signal", { stopSignal: "sigterm" }, "stopSignal", "sigterm", /signal name/],
  ["negative stop timeout", { stopTimeoutSeconds: -1 }, "stopTimeoutSeconds", -1, /whole number of seconds/],
  ["empty health check command", { healthCheck: { command: "  " } }, "healthCheck.command", "  ", /empty/],
  ["health check interval 0", { healthCheck: { command: "true", intervalSeconds: 0 } }, "healthCheck.intervalSeconds", 0, /whole number >= 1/],
  ["fractional health check retries", { healthCheck: { command: "true", retries: 1.5 } }, "healthCheck.retries", 1.5, /whole number >= 1/],
  [
    "negative health check start period",
    { healthCheck: { command: "true", startPeriodSeconds: -5 } },
    "healthCheck.startPeriodSeconds",
    -5,
    /whole number >= 0/,
  ],
  ["relative working directory", { workingDir: "app" }, "workingDir", "app", /absolute path/],
  ["bad user", { user: "app user" }, "user", "app user", /user\[:group\]/],
  ["empty entrypoint", { entrypoint: [] }, "entrypoint", [], /array of strings/],
  ["entrypoint with an empty program", { entrypoint: ["", "-c", "true"] }, "entrypoint[0]", "", /empty program name/],
  ["label key with '='", { labels: { "team=web": "yes" } }, "labels.team=web", "team=web", /cannot contain '='/],
  ["command that is a string", { command: "nginx -g daemon off;" as never }, "command", "nginx -g daemon off;", /array of strings/],
  ["unknown log driver", { logging: { driver: "splunk" as never } }, "logging.driver", "splunk", /log driver/],
  ["unrotated local logs", { logging: { options: { "max-size": "huge" } } }, "logging.options.max-size", "huge", /would not rotate/],
  ["unknown restart policy", { restart: { policy: "sometimes" as never } }, "restart.policy", "sometimes", /restart policy/],
  ["max retries with always", { restart: { policy: "always", maxRetries: 3 } }, "restart.maxRetries", 3, /only applies to on-failure/],
  ["negative max retries", { restart: { policy: "on-failure", maxRetries: -1 } }, "restart.maxRetries", -1, /whole number >= 0/],
  ["bad network name", { networks: [{ name: "my net" }] }, "networks[0].name", "my net", /network name/],
  ["bad network alias", { networks: [{ name: "backend", aliases: ["web_1"] }] }, "networks[0].aliases", "web_1", /DNS name/],
];

describe("resolveContainer refuses bad input, naming where, the field, the value and the fix", () => {
  test.each(CASES)("%s", (_label, change, field, value, problem) => {
    const spec = { ...BASE, ...change } as ContainerSpec;
    expectRefusal(() => resolveContainer(spec, WHERE), { where: WHERE, field, value, problem });
    // validateContainer resolves first, so it refuses with the same SpecError before any policy check.
    expectRefusal(() => validateContainer(spec, "elsewhere/web"), { where: "elsewhere/web", field, value, problem });
  });

  test("the good base spec is accepted, so each refusal above is caused by its change", () => {
    expect(() => validateContainer(BASE, WHERE)).not.toThrow();
  });

  test("a literal secret's value never appears in the message", () => {
    const literal = "correct-horse-battery-staple";
    const error = expectRefusal(() => resolveContainer({ ...BASE, secrets: { DB_PASSWORD: literal as never } }, WHERE), {
      where: WHERE,
      field: "secrets.DB_PASSWORD",
    });
    expect(error.message).not.toContain(literal);
    expect(JSON.stringify(error)).not.toContain(literal);
    expect(String(error.value)).not.toContain(literal);
  });

  test("several problems are reported together, one line each", () => {
    const spec: ContainerSpec = { ...BASE, image: "", stopSignal: "TERM", environment: { "1BAD": "x" } };
    let error: unknown;
    try {
      resolveContainer(spec, WHERE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const lines = (error as Error).message.split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.startsWith(`${WHERE}: `)).toBe(true);
      expect(line).toContain("Fix: ");
    }
    expect(lines.map((l) => l.split(" = ")[0])).toEqual([`${WHERE}: image`, `${WHERE}: environment.1BAD`, `${WHERE}: stopSignal`]);
  });

  test("the same port on two addresses, or as tcp and udp, is not a clash", () => {
    expect(() =>
      resolveContainer(
        {
          ...BASE,
          ports: [
            { containerPort: 80, hostPort: 8080, hostIp: "127.0.0.1" },
            { containerPort: 81, hostPort: 8080, hostIp: "10.0.0.5" },
            { containerPort: 82, hostPort: 8080, hostIp: "127.0.0.1", protocol: "udp" },
          ],
        },
        WHERE,
      ),
    ).not.toThrow();
  });

  test("CPU counts with three decimals are accepted, whatever their binary rounding", () => {
    for (const cpus of [0.001, 1.001, 1.005, 4.036, 15.999]) expect(resolveContainer({ ...BASE, resources: { cpus } }, WHERE).cpus).toBe(cpus);
  });

  test("a spec that is not an object is refused with a SpecError, not a TypeError", () => {
    expectRefusal(() => resolveContainer(null as never, WHERE), { where: WHERE, field: "spec", value: null });
  });
});

describe("LocalEnvironment refuses bad input at the construct path", () => {
  function environment(services: LocalServiceProps[], extra: Record<string, unknown> = {}) {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    return () => new LocalEnvironment(stack, "env", { services, ...extra });
  }

  test.each(CASES)("%s, inside a LocalEnvironment service", (_label, change, field, value, problem) => {
    if ("networks" in change) return; // LocalEnvironment refuses networks itself (below)
    const service = { ...BASE, ...change } as LocalServiceProps;
    // Errors from the service's own spec name its construct: stack/env/<service name>.
    expectRefusal(environment([service]), { where: `stack/env/${service.name}`, field, value, problem });
  });

  test("duplicate service names", () => {
    const error = expectRefusal(environment([BASE, { ...BASE, image: "nginx:1.26" }]), {
      where: "stack/env/services[1]",
      field: "name",
      value: "web",
      problem: /already used by services\[0\]/,
    });
    expect(error.message).toContain("unique");
  });

  test("the same host port published by two services", () => {
    expectRefusal(
      environment([
        { ...BASE, ports: [{ containerPort: 80, hostPort: 8080 }] },
        { ...BASE, name: "api", ports: [{ containerPort: 3000, hostPort: 8080 }] },
      ]),
      { where: "stack/env/services[1]", field: "ports", value: "8080/tcp", problem: /already published by the service web/ },
    );
  });

  test("a host port on every interface in one service and on one address in another", () => {
    expectRefusal(
      environment([
        {
          ...BASE,
          ports: [{ containerPort: 80, hostPort: 8443, hostIp: "0.0.0.0" }],
          exceptions: [{ rule: "CIS-5.14", reason: "the edge proxy listens on every interface" }],
        },
        { ...BASE, name: "api", ports: [{ containerPort: 3000, hostPort: 8443, hostIp: "10.0.0.5" }] },
      ]),
      { where: "stack/env/services[1]", field: "ports", value: "8443/tcp", problem: /already published by the service web/ },
    );
  });

  test("the same host port on two specific addresses, or as tcp and udp, in two services is not a clash", () => {
    expect(
      environment([
        { ...BASE, ports: [{ containerPort: 53, hostPort: 5353, hostIp: "127.0.0.1" }] },
        { ...BASE, name: "dns", ports: [{ containerPort: 53, hostPort: 5353, hostIp: "127.0.0.2" }] },
        { ...BASE, name: "dns-udp", ports: [{ containerPort: 53, hostPort: 5353, protocol: "udp" }] },
      ]),
    ).not.toThrow();
  });

  test("a service that names its own networks", () => {
    expectRefusal(environment([{ ...BASE, networks: [{ name: "other" }] }]), {
      where: "stack/env/services[0]",
      field: "networks",
      value: [{ name: "other" }],
      problem: /attaches every service to its own network/,
    });
  });

  test("no services", () => {
    expectRefusal(environment([]), { where: "stack/env", field: "services", value: [], problem: /at least one service/ });
  });

  test("an invalid network name", () => {
    expectRefusal(environment([BASE], { networkName: "my network" }), {
      where: "stack/env",
      field: "networkName",
      value: "my network",
      problem: /network name/,
    });
  });

  test("an SSM secret, which a local engine cannot fetch", () => {
    expectRefusal(environment([{ ...BASE, secrets: { TOKEN: SecretRef.ssmParameter("/app/token") } }]), {
      where: "stack/env/web",
      field: "secrets.TOKEN",
      value: { kind: "ssm-parameter", name: "/app/token" },
      problem: /no instance role/,
    });
  });

  test("memory that is not a whole number of MiB, which the provider cannot set", () => {
    expectRefusal(environment([{ ...BASE, resources: { memory: "100000k" } }]), {
      where: "stack/env/web",
      field: "resources.memory",
      value: 100000 * 1024,
      problem: /whole MiB/,
    });
  });

  test("the host UTS namespace, which the provider cannot share", () => {
    expectRefusal(environment([{ ...BASE, security: { hostNamespaces: ["uts"] }, exceptions: [{ rule: "CIS-5.21", reason: "needs the host's hostname" }] }]), {
      where: "stack/env/web",
      field: "security.hostNamespaces",
      value: ["uts"],
      problem: /UTS/,
    });
  });

  test("a literal secret's value is not in a LocalEnvironment's refusal either", () => {
    const error = expectRefusal(environment([{ ...BASE, secrets: { API_TOKEN: "tok_live_0123456789" as never } }]), {
      where: "stack/env/web",
      field: "secrets.API_TOKEN",
      value: "<redacted literal>",
    });
    expect(error.message).not.toContain("tok_live_0123456789");
  });
});
