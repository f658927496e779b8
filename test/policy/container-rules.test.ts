import {
  CONTAINER_RULES,
  checkContainerPolicy,
  POLICY_RULE_IDS,
  PolicyError,
  readDockerRunArgs,
  renderDockerRunArgs,
  renderSystemdUnit,
  resolveContainer,
  validateContainer,
} from "cdktf-docker-environments";
import type { ContainerSettings, ContainerSpec, PolicyRuleId } from "cdktf-docker-environments";
import { assertPolicy } from "../../lib/policy/validate-container";
import { localEnvironment, synthResources } from "../support/local-stack";
import { systemdExecArgv } from "../support/systemd-exec";

const WHERE = "hosts/web-1/web";
const BASE: ContainerSpec = { name: "web", image: "nginx:1.27", healthCheck: { command: "true" } };
const REASON = "reviewed by security on 2026-01-01, ticket SEC-42";

/**
 * How to weaken each rule. Most are a spec change; a few defaults cannot be removed through
 * the spec (memory, cpus, pids limits always get one), so they are weakened on the settings,
 * as an escape hatch or a hand-written `docker run` line would.
 */
type Weakening = { label: string; spec?: Partial<ContainerSpec>; settings?: (s: ContainerSettings) => ContainerSettings };

const WEAKENINGS: Record<PolicyRuleId, Weakening[]> = {
  "CIS-4.1": [
    { label: "uid 0", spec: { user: "0:0" } },
    { label: "root by name", spec: { user: "root" } },
  ],
  "CIS-5.2": [{ label: "AppArmor unconfined", spec: { security: { apparmorProfile: "unconfined" } } }],
  "CIS-5.3": [{ label: "SELinux disabled", spec: { security: { selinuxOptions: ["disable"] } } }],
  "CIS-5.4": [
    { label: "Docker's default capabilities", spec: { security: { keepDefaultCapabilities: true } } },
    { label: "SYS_ADMIN added", spec: { security: { capAdd: ["CAP_SYS_ADMIN"] } } },
    { label: "NET_ADMIN added", spec: { security: { capAdd: ["net_admin"] } } },
  ],
  "CIS-5.5": [{ label: "privileged", spec: { security: { privileged: true } } }],
  "CIS-5.6": [
    { label: "/etc mounted", spec: { mounts: [{ type: "bind", source: "/etc", target: "/host/etc" }] } },
    { label: "a directory under /proc", spec: { mounts: [{ type: "bind", source: "/proc/sys/", target: "/host/sys" }] } },
    { label: "the host root", spec: { mounts: [{ type: "bind", source: "/", target: "/host" }] } },
  ],
  "CIS-5.10": [{ label: "host network", spec: { security: { hostNamespaces: ["network"] } } }],
  "CIS-5.11": [{ label: "no memory limit", settings: (s) => ({ ...s, memoryBytes: undefined, memorySwapBytes: undefined }) }],
  "CIS-5.12": [{ label: "no CPU limit", settings: (s) => ({ ...s, cpus: undefined }) }],
  "CIS-5.13": [{ label: "writable root filesystem", spec: { security: { readOnlyRootFilesystem: false } } }],
  "CIS-5.14": [
    { label: "0.0.0.0", spec: { ports: [{ containerPort: 80, hostIp: "0.0.0.0" }] } },
    { label: "::", spec: { ports: [{ containerPort: 80, hostIp: "::" }] } },
  ],
  "CIS-5.15": [
    { label: "always", spec: { restart: { policy: "always" } } },
    { label: "unless-stopped", spec: { restart: { policy: "unless-stopped" } } },
    { label: "on-failure:6", spec: { restart: { policy: "on-failure", maxRetries: 6 } } },
  ],
  "CIS-5.16": [{ label: "host PID namespace", spec: { security: { hostNamespaces: ["pid"] } } }],
  "CIS-5.17": [{ label: "host IPC namespace", spec: { security: { hostNamespaces: ["ipc"] } } }],
  "CIS-5.18": [{ label: "a host device", spec: { security: { devices: [{ hostPath: "/dev/fuse" }] } } }],
  "CIS-5.21": [{ label: "host UTS namespace", spec: { security: { hostNamespaces: ["uts"] } } }],
  "CIS-5.22": [{ label: "seccomp unconfined", spec: { security: { seccompProfile: "unconfined" } } }],
  "CIS-5.25": [{ label: "a cgroup parent", spec: { security: { cgroupParent: "/docker-apps" } } }],
  "CIS-5.26": [{ label: "new privileges allowed", spec: { security: { noNewPrivileges: false } } }],
  "CIS-5.27": [{ label: "no health check", spec: { healthCheck: undefined } }],
  "CIS-5.28": [
    { label: "untagged", spec: { image: "nginx" } },
    { label: "latest", spec: { image: "registry.example.com/team/app:latest" } },
  ],
  "CIS-5.29": [{ label: "no pids limit", settings: (s) => ({ ...s, pidsLimit: undefined }) }],
  "CIS-5.31": [{ label: "host user namespace", spec: { security: { hostNamespaces: ["userns"] } } }],
  "CIS-5.32": [
    { label: "the Docker socket", spec: { mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }] } },
    { label: "the socket under /run", spec: { mounts: [{ type: "bind", source: "/run/docker.sock", target: "/docker.sock" }] } },
  ],
  "SECRET-IN-ENV": [
    { label: "a password", spec: { environment: { DB_PASSWORD: "hunter2" } } },
    { label: "an API key", spec: { environment: { STRIPE_API_KEY: "sk_live" } } },
  ],
};

const withException = (spec: ContainerSpec, rule: PolicyRuleId, reason = REASON): ContainerSpec => ({
  ...spec,
  exceptions: [...(spec.exceptions ?? []), { rule, reason }],
});
const weakenedSpec = (w: Weakening): ContainerSpec => ({ ...BASE, ...w.spec });
const exceptionLabel = (rule: PolicyRuleId) => `io.cdktf-docker-environments.exception.${rule.toLowerCase()}`;
const CASES = Object.entries(WEAKENINGS).flatMap(([rule, list]) => list.map((w) => [rule as PolicyRuleId, w.label, w] as const));

/** Runs a check that must fail with a PolicyError and returns its message. */
function policyFailure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message;
  }
  throw new Error("expected a PolicyError, nothing was thrown");
}

test("every rule has at least one weakening here, and every rule id can be excepted", () => {
  expect(Object.keys(WEAKENINGS).sort()).toEqual(CONTAINER_RULES.map((r) => r.id).sort());
  expect([...POLICY_RULE_IDS].sort()).toEqual(CONTAINER_RULES.map((r) => r.id).sort());
});

test("the hardened defaults pass every rule with nothing excused", () => {
  const result = checkContainerPolicy(resolveContainer(BASE, WHERE), { requirePinnedImages: false });
  expect(result).toEqual({ violations: [], excused: [], unusedExceptions: [], unenforceable: [] });
});

describe.each(CASES)("%s (%s)", (rule, _label, weakening) => {
  const rulePrefix = `${WHERE}: policy ${rule} (`;

  test("fails without an exception, naming the rule, where and the fix", () => {
    const message = weakening.spec
      ? policyFailure(() => validateContainer(weakenedSpec(weakening), WHERE))
      : policyFailure(() => assertPolicy(weakening.settings!(resolveContainer(BASE, WHERE)), WHERE));
    const lines = message.split("\n");
    expect(lines).toHaveLength(1); // the weakening breaks this rule and no other
    expect(lines[0].startsWith(rulePrefix)).toBe(true);
    expect(lines[0]).toMatch(/ violated: .+\. Fix: .+/);
    expect(lines[0]).toContain(`exceptions: [{ rule: "${rule}"`);
  });

  test("passes with the named exception, which the result lists as excused", () => {
    const settings = weakening.spec
      ? validateContainer(withException(weakenedSpec(weakening), rule), WHERE)
      : (() => {
          const s = weakening.settings!(resolveContainer(withException(BASE, rule), WHERE));
          expect(() => assertPolicy(s, WHERE)).not.toThrow();
          return s;
        })();
    const result = checkContainerPolicy(settings);
    expect(result.violations).toEqual([]);
    expect(result.excused.map((e) => [e.rule, e.reason])).toEqual([[rule, REASON]]);
    expect(result.unusedExceptions).toEqual([]);
  });

  test("an exception for another rule does not excuse it", () => {
    if (!weakening.spec) return;
    const other: PolicyRuleId = rule === "CIS-5.5" ? "CIS-5.4" : "CIS-5.5";
    const message = policyFailure(() => validateContainer(withException(weakenedSpec(weakening), other), WHERE));
    expect(message.startsWith(rulePrefix)).toBe(true);
  });
});

describe.each(POLICY_RULE_IDS.map((r) => [r] as const))("the %s exception is visible in every rendering", (rule) => {
  const weakening = WEAKENINGS[rule][0];
  const spec = withException(weakening.spec ? weakenedSpec(weakening) : BASE, rule);
  const label = exceptionLabel(rule);

  test("docker run: --label", () => {
    const args = renderDockerRunArgs(spec);
    expect(args.flatMap((a, i) => (a === "--label" ? [args[i + 1]] : []))).toContain(`${label}=${REASON}`);
    expect(readDockerRunArgs(args).settings.labels[label]).toBe(REASON);
  });

  test("systemd unit: a comment and --label on ExecStart", () => {
    const unit = renderSystemdUnit(spec);
    expect(unit.split("\n")).toContain(`# Policy exception ${rule}: ${REASON}`);
    expect(unit.indexOf(`# Policy exception ${rule}`)).toBeLessThan(unit.indexOf("[Unit]"));
    const argv = systemdExecArgv(unit);
    expect(argv.flatMap((a, i) => (a === "--label" ? [argv[i + 1]] : []))).toContain(`${label}=${REASON}`);
  });

  test("docker_container in a LocalEnvironment: a label", () => {
    if (rule === "CIS-5.21") return; // the provider cannot share the UTS namespace (refused, see refusals.test.ts)
    const { stack } = localEnvironment({ services: [spec] });
    const containers = Object.values(synthResources(stack).docker_container);
    expect(containers).toHaveLength(1);
    expect(containers[0].labels).toEqual(expect.arrayContaining([{ label, value: REASON }]));
  });
});

describe("CIS-5.28: pin the image", () => {
  const DIGEST = `sha256:${"c0ffee00".repeat(8)}`;
  const check = (image: string, requirePinnedImages: boolean) =>
    checkContainerPolicy(resolveContainer({ ...BASE, image }, WHERE), { requirePinnedImages }).violations.map((v) => v.rule);

  test.each([false, true])("latest and untagged fail, requirePinnedImages=%s", (requirePinnedImages) => {
    expect(check("nginx", requirePinnedImages)).toEqual(["CIS-5.28"]);
    expect(check("nginx:latest", requirePinnedImages)).toEqual(["CIS-5.28"]);
    expect(check("localhost:5000/app", requirePinnedImages)).toEqual(["CIS-5.28"]);
  });

  test("a specific tag passes unless pinned images are required", () => {
    expect(check("nginx:1.27", false)).toEqual([]);
    expect(check("nginx:1.27", true)).toEqual(["CIS-5.28"]);
    expect(check("localhost:5000/app:1", true)).toEqual(["CIS-5.28"]);
  });

  test.each([false, true])("a digest passes, with or without a tag, requirePinnedImages=%s", (requirePinnedImages) => {
    expect(check(`nginx@${DIGEST}`, requirePinnedImages)).toEqual([]);
    expect(check(`nginx:latest@${DIGEST}`, requirePinnedImages)).toEqual([]);
  });

  test("the renderers pass the context on", () => {
    expect(() => renderDockerRunArgs(BASE, { policy: { requirePinnedImages: true }, where: WHERE })).toThrow(
      /hosts\/web-1\/web: policy CIS-5\.28 .*not pinned by digest.*Fix: /,
    );
    expect(() => renderSystemdUnit(BASE, { policy: { requirePinnedImages: true }, where: WHERE })).toThrow(/CIS-5\.28/);
    expect(() => renderDockerRunArgs({ ...BASE, image: `nginx@${DIGEST}` }, { policy: { requirePinnedImages: true } })).not.toThrow();
  });
});

test("every violation is reported at once, one line each", () => {
  const message = policyFailure(() => validateContainer({ ...BASE, user: "root", healthCheck: undefined, security: { privileged: true } }, WHERE));
  expect(message.split("\n").map((l) => l.slice(WHERE.length + 2).split(" ")[1])).toEqual(["CIS-4.1", "CIS-5.5", "CIS-5.27"]);
});

test("an exception that is declared but not needed is reported as unused", () => {
  const result = checkContainerPolicy(resolveContainer(withException(BASE, "CIS-5.5"), WHERE));
  expect(result.unusedExceptions).toEqual(["CIS-5.5"]);
  expect(result.excused).toEqual([]);
});

test("notExpressible rules are returned as unenforceable, not as violations", () => {
  const settings = { ...resolveContainer(BASE, WHERE), pidsLimit: undefined };
  const result = checkContainerPolicy(settings, { notExpressible: ["CIS-5.29"] });
  expect(result.violations).toEqual([]);
  expect(result.unenforceable.map((v) => v.rule)).toEqual(["CIS-5.29"]);
  // With the exception declared, the rule is excused there too, not unenforceable and not "unused".
  const excepted = { ...settings, labels: { ...settings.labels, "io.cdktf-docker-environments.exception.cis-5.29": REASON } };
  const withReason = checkContainerPolicy(excepted, { notExpressible: ["CIS-5.29"] });
  expect(withReason.unenforceable).toEqual([]);
  expect(withReason.unusedExceptions).toEqual([]);
  expect(withReason.excused.map((e) => e.rule)).toEqual(["CIS-5.29"]);
});
