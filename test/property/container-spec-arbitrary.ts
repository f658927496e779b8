import fc from "fast-check";
import { SecretRef } from "cdktf-docker-environments";
import type { ContainerSpec, Mount, PolicyException, PolicyRuleId, PortMapping, SecurityProfile } from "cdktf-docker-environments";

/**
 * Random VALID ContainerSpecs that every rendering can express (docker run, systemd unit,
 * docker_container): one network, host-file secrets only, memory in whole MiB, no host UTS or
 * network namespace. Weakenings come with their exception, so the policy passes.
 */

const REASON = "accepted in the property test, see renderings-agree";

/** Strings that are hard to quote: spaces, both quotes, $, %, braces, backslash, CR/LF, tab, =, ;, non-ASCII. */
const AWKWARD_CHARS = ["a", "b", "Z", "0", "9", " ", '"', "'", "$", "%", "{", "}", "\\", "\n", "\r", "\t", "=", ";", ":", ",", "-", "/", "*", "#", "é", "€"];
const awkward = (maxLength = 12) =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...AWKWARD_CHARS), maxLength }),
    // the sequences Terraform and systemd interpret
    fc.constantFrom("${HOME}", "$HOME", "%{ if x }", "100%", "%n", "$${x}", "%%{y}", "a b", 'say "hi"', "it's", "line1\nline2", "back\\slash", ""),
  );
/** A non-empty word: entrypoint[0] is a program (an empty one means "no entrypoint" to docker run). */
const program = fc.constantFrom("/bin/sh", "/usr/local/bin/app", "nginx", "/opt/my app/run", "python3");

/** Path segments, including characters the renderers must carry through (space, $, %, =, @, +). */
const segment = fc.stringMatching(/^[a-z0-9][a-z0-9 _.$%{}=@+:"-]{0,8}$/);
const path = (root: string, seg: fc.Arbitrary<string> = segment) => fc.array(seg, { minLength: 1, maxLength: 3 }).map((parts) => `${root}/${parts.join("/")}`);
/** docker run --tmpfs splits target:options at the first ':', so tmpfs targets have none (resolveContainer refuses it). */
const tmpfsTarget = path(
  "/cache",
  segment.filter((s) => !s.includes(":")),
);

const serviceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

const DIGEST_HEX = fc.stringMatching(/^[a-f0-9]{64}$/);
const image = fc
  .record({
    registry: fc.option(fc.constantFrom("registry.example.com:5000", "localhost", "ghcr.io", "123456789012.dkr.ecr.eu-west-1.amazonaws.com"), {
      nil: undefined,
    }),
    repository: fc.constantFrom("nginx", "team/app", "library/redis", "a/b/c-d_e.f"),
    tag: fc.option(
      fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/).filter((t) => t !== "latest"),
      { nil: undefined },
    ),
    digest: fc.option(DIGEST_HEX, { nil: undefined }),
  })
  .filter((r) => r.tag !== undefined || r.digest !== undefined)
  .map((r) => `${r.registry ? `${r.registry}/` : ""}${r.repository}${r.tag ? `:${r.tag}` : ""}${r.digest ? `@sha256:${r.digest}` : ""}`);

const SECRET_LIKE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;
const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((n) => !SECRET_LIKE.test(n) && !n.endsWith("_FILE"));

const ports = fc.uniqueArray(
  fc.record({
    containerPort: fc.integer({ min: 1, max: 65535 }),
    hostPort: fc.integer({ min: 1, max: 65535 }),
    hostIp: fc.constantFrom("127.0.0.1", "10.0.0.5", "::1", "0.0.0.0", "::"),
    protocol: fc.constantFrom<"tcp" | "udp">("tcp", "udp"),
  }),
  { selector: (p) => p.hostPort, maxLength: 3 },
);

const mount: fc.Arbitrary<Mount> = fc.oneof(
  fc.record({ type: fc.constant("bind" as const), source: path("/srv"), target: path("/data"), readOnly: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({
    type: fc.constant("volume" as const),
    source: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}$/),
    target: path("/var/lib"),
    readOnly: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant("tmpfs" as const),
    target: fc.oneof(tmpfsTarget, fc.constant("/tmp")),
    size: fc.option(
      fc.integer({ min: 1, max: 512 }).map((n) => `${n}m`),
      { nil: undefined },
    ),
    mode: fc.option(fc.constantFrom("1777", "0700", "755"), { nil: undefined }),
  }),
);

const HARMLESS_CAPS = ["CHOWN", "NET_BIND_SERVICE", "KILL", "SETUID", "SETGID", "FOWNER", "DAC_OVERRIDE", "NET_RAW", "AUDIT_WRITE", "SYS_CHROOT", "SETFCAP"];
const capName = fc.record({ cap: fc.constantFrom(...HARMLESS_CAPS), prefix: fc.boolean(), lower: fc.boolean() }).map(({ cap, prefix, lower }) => {
  const name = prefix ? `CAP_${cap}` : cap;
  return lower ? name.toLowerCase() : name;
});

const ulimit = fc.oneof(
  fc.tuple(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 })).map(([a, b]) => ({ soft: Math.min(a, b), hard: Math.max(a, b) })),
  fc.constant({ soft: -1, hard: -1 }),
  fc.nat({ max: 1000 }).map((soft) => ({ soft, hard: -1 })),
);

/** An optional weakening and the exception that allows it. */
type Weakening = { security?: SecurityProfile; spec?: Partial<ContainerSpec>; rule: PolicyRuleId };
const WEAKENINGS: Weakening[] = [
  { rule: "CIS-5.13", security: { readOnlyRootFilesystem: false } },
  { rule: "CIS-5.5", security: { privileged: true } },
  { rule: "CIS-5.4", security: { keepDefaultCapabilities: true } },
  { rule: "CIS-5.22", security: { seccompProfile: "unconfined" } },
  { rule: "CIS-5.2", security: { apparmorProfile: "unconfined" } },
  { rule: "CIS-5.3", security: { selinuxOptions: ["disable"] } },
  { rule: "CIS-5.26", security: { noNewPrivileges: false } },
  { rule: "CIS-5.16", security: { hostNamespaces: ["pid"] } },
  { rule: "CIS-5.17", security: { hostNamespaces: ["ipc"] } },
  { rule: "CIS-5.31", security: { hostNamespaces: ["userns"] } },
  { rule: "CIS-5.18", security: { devices: [{ hostPath: "/dev/fuse" }, { hostPath: "/dev/net/tun", containerPath: "/dev/tun", permissions: "rw" }] } },
  { rule: "CIS-5.25", security: { cgroupParent: "/docker-apps" } },
  { rule: "CIS-4.1", spec: { user: "0:0" } },
  { rule: "CIS-5.27", spec: { healthCheck: undefined } },
];

function mergeSecurity(a: SecurityProfile, b: SecurityProfile): SecurityProfile {
  return { ...a, ...b, hostNamespaces: [...(a.hostNamespaces ?? []), ...(b.hostNamespaces ?? [])] };
}

export const containerSpec: fc.Arbitrary<ContainerSpec> = fc
  .record({
    name: serviceName,
    image,
    entrypoint: fc.option(
      fc.tuple(program, fc.array(awkward(), { maxLength: 3 })).map(([p, rest]) => [p, ...rest]),
      { nil: undefined },
    ),
    command: fc.option(fc.array(awkward(), { maxLength: 4 }), { nil: undefined }),
    workingDir: fc.option(path("/app"), { nil: undefined }),
    user: fc.option(fc.oneof(fc.constantFrom("app", "10001:10001", "nobody"), fc.integer({ min: 1, max: 65534 }).map(String)), { nil: undefined }),
    environment: fc.dictionary(envName, awkward(), { maxKeys: 4 }),
    secrets: fc.dictionary(
      fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}_(PASSWORD|TOKEN)$/),
      path("/srv/secrets").map((p) => SecretRef.hostFile(p)),
      { maxKeys: 2 },
    ),
    ports,
    mounts: fc.uniqueArray(mount, { selector: (m) => m.target, maxLength: 4 }),
    memoryMiB: fc.integer({ min: 6, max: 8192 }),
    extraSwapMiB: fc.option(fc.integer({ min: 0, max: 4096 }), { nil: undefined }),
    cpus: fc.option(
      fc.integer({ min: 1, max: 16000 }).map((n) => n / 1000),
      { nil: undefined },
    ),
    pidsLimit: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    capAdd: fc.array(capName, { maxLength: 4 }),
    ulimits: fc.option(fc.dictionary(fc.constantFrom("nofile", "nproc", "core", "memlock", "stack"), ulimit, { maxKeys: 3 }), { nil: undefined }),
    seccompProfile: fc.option(fc.constantFrom("default", "/etc/docker/seccomp/app.json"), { nil: undefined }),
    apparmorProfile: fc.option(fc.constantFrom("docker-default", "my-app_profile"), { nil: undefined }),
    selinuxOptions: fc.option(
      fc.constantFrom(["type:svirt_apache_t"], ["level:s0:c100,c200", "user:system_u"]).map((o) => [...o]),
      { nil: undefined },
    ),
    healthCheck: fc.record({
      command: awkward(20).filter((c) => c.trim() !== ""),
      intervalSeconds: fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }),
      timeoutSeconds: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
      retries: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      startPeriodSeconds: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    }),
    logging: fc.option(
      fc.oneof(
        fc.record({
          driver: fc.constantFrom("local" as const, "json-file" as const),
          options: fc.option(fc.record({ "max-size": fc.constantFrom("1m", "20m", "1g"), "max-file": fc.constantFrom("1", "3") }), { nil: undefined }),
        }),
        fc.record({
          driver: fc.constantFrom("journald" as const, "syslog" as const),
          options: fc.option(fc.record({ tag: fc.stringMatching(/^[a-z{}.]{1,12}$/) }), { nil: undefined }),
        }),
      ),
      { nil: undefined },
    ),
    restart: fc.option(
      fc.oneof(
        fc.record({ policy: fc.constant("on-failure" as const), maxRetries: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }),
        fc.record({ policy: fc.constantFrom("no" as const, "always" as const, "unless-stopped" as const) }),
      ),
      { nil: undefined },
    ),
    stopTimeoutSeconds: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    stopSignal: fc.option(fc.constantFrom("SIGTERM", "SIGQUIT", "SIGINT", "SIGRTMIN3", "SIGWINCH"), { nil: undefined }),
    labels: fc.dictionary(
      fc.stringMatching(/^[a-z][a-z0-9.{}$%/ -]{0,15}$/).filter((k) => !k.startsWith("io.cdktf-docker-environments.")),
      awkward(),
      { maxKeys: 3 },
    ),
    network: fc.record({
      name: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}$/),
      aliases: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,8}[a-z0-9])?$/), { maxLength: 3 }),
    }),
    weakenings: fc.subarray(WEAKENINGS, { maxLength: 4 }),
    extraReason: fc.constantFrom(REASON, "needs it: see the runbook entry", "legacy image, tracked in OPS-123"),
  })
  .map((g) => {
    let security: SecurityProfile = {
      capAdd: g.capAdd,
      ulimits: g.ulimits,
      seccompProfile: g.seccompProfile,
      apparmorProfile: g.apparmorProfile,
      selinuxOptions: g.selinuxOptions,
    };
    let spec: ContainerSpec = {
      name: g.name,
      image: g.image,
      entrypoint: g.entrypoint,
      command: g.command,
      workingDir: g.workingDir,
      user: g.user,
      environment: g.environment,
      secrets: g.secrets,
      ports: g.ports as PortMapping[],
      mounts: g.mounts,
      resources: {
        memory: `${g.memoryMiB}m`,
        memorySwap: g.extraSwapMiB === undefined ? undefined : `${g.memoryMiB + g.extraSwapMiB}M`,
        cpus: g.cpus,
        pidsLimit: g.pidsLimit,
      },
      healthCheck: g.healthCheck,
      logging: g.logging,
      restart: g.restart,
      stopTimeoutSeconds: g.stopTimeoutSeconds,
      stopSignal: g.stopSignal,
      labels: g.labels,
      networks: [g.network],
    };
    const exceptions: PolicyException[] = [];
    for (const w of g.weakenings) {
      // A profile option the weakening replaces is dropped (e.g. AppArmor unconfined vs a named profile).
      if (w.security)
        security = mergeSecurity(
          Object.fromEntries(Object.entries(security).filter(([k]) => !(k in (w.security as object)) || k === "hostNamespaces")),
          w.security,
        );
      if (w.spec) spec = { ...spec, ...w.spec };
      exceptions.push({ rule: w.rule, reason: g.extraReason });
    }
    if (g.ports.some((p) => p.hostIp === "0.0.0.0" || p.hostIp === "::")) exceptions.push({ rule: "CIS-5.14", reason: REASON });
    if (g.restart?.policy === "always" || g.restart?.policy === "unless-stopped") exceptions.push({ rule: "CIS-5.15", reason: REASON });
    return { ...spec, security, exceptions };
  });
