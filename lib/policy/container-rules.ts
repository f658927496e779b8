import { DANGEROUS_CAPABILITIES } from "../core/capabilities";
import type { ContainerSettings } from "../core/container-settings";
import { parseImageReference } from "../core/image-reference";
import type { PolicyRuleId } from "../core/policy-exception";
import { exceptionsFromLabels } from "../core/policy-exception";
import { isWildcard } from "../core/resolve-container";

/** What the policy check knows besides the container itself. */
export interface PolicyContext {
  /**
   * Production environments require images pinned by digest (CIS 5.28); elsewhere a
   * specific tag passes and only `latest` or a missing tag fails.
   * @default false
   */
  readonly requirePinnedImages?: boolean;
  /**
   * Rules the rendering target cannot express (the Docker provider has no pids limit).
   * Their failures are returned as `unenforceable` for a warning instead of as violations.
   * @default []
   */
  readonly notExpressible?: PolicyRuleId[];
}

/** One rule of the container policy (CIS Docker Benchmark 1.6, section 5, plus our own). */
export interface ContainerRule {
  readonly id: PolicyRuleId;
  readonly title: string;
  /** The fix, as a sentence the user can act on. */
  readonly fix: string;
  /** Returns what is wrong, or undefined when the container passes. */
  check(settings: ContainerSettings, context: PolicyContext): string | undefined;
}

export const SENSITIVE_HOST_PATHS = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"];
const DOCKER_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock"];
const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

function hostSources(settings: ContainerSettings): string[] {
  return settings.mounts.filter((m) => m.type === "bind").map((m) => m.source.replace(/\/+$/, "") || "/");
}

function hostNamespace(mode: string | undefined, what: string): string | undefined {
  return mode === "host" ? `the container shares the host's ${what} namespace` : undefined;
}

export const CONTAINER_RULES: readonly ContainerRule[] = [
  {
    id: "CIS-4.1",
    title: "run as a non-root user",
    fix: 'set user to a non-root "uid:gid" such as "10001:10001"',
    check: (s) => (s.user === undefined || /^(0|root)(:|$)/.test(s.user) ? `the container runs as root (user ${s.user ?? "unset"})` : undefined),
  },
  {
    id: "CIS-5.2",
    title: "keep an AppArmor profile",
    fix: "remove apparmorProfile or name a real profile",
    check: (s) => (s.securityOpts.includes("apparmor=unconfined") ? "AppArmor is unconfined" : undefined),
  },
  {
    id: "CIS-5.3",
    title: "keep SELinux labelling",
    fix: 'remove "disable" from selinuxOptions',
    check: (s) => (s.securityOpts.includes("label=disable") ? "SELinux labelling is disabled" : undefined),
  },
  {
    id: "CIS-5.4",
    title: "drop all capabilities, add back only harmless ones",
    fix: "drop ALL and add back only what the process needs (not SYS_ADMIN, NET_ADMIN, SYS_PTRACE, …)",
    check: (s) => {
      if (!s.capDrop.includes("ALL")) return "the container keeps Docker's default capability set";
      const dangerous = s.capAdd.filter((c) => (DANGEROUS_CAPABILITIES as readonly string[]).includes(c));
      return dangerous.length ? `the container adds ${dangerous.join(", ")}` : undefined;
    },
  },
  {
    id: "CIS-5.5",
    title: "no privileged containers",
    fix: "remove privileged and add only the capabilities or devices needed",
    check: (s) => (s.privileged ? "the container is privileged" : undefined),
  },
  {
    id: "CIS-5.6",
    title: "no sensitive host directories mounted",
    fix: "mount a dedicated directory such as /srv/<service> instead",
    check: (s) => {
      const bad = hostSources(s).filter((src) => SENSITIVE_HOST_PATHS.some((p) => src === p || (p !== "/" && src.startsWith(`${p}/`))));
      return bad.length ? `sensitive host paths are mounted: ${bad.join(", ")}` : undefined;
    },
  },
  {
    id: "CIS-5.10",
    title: "do not share the host's network namespace",
    fix: "publish ports instead of using the host network",
    check: (s) => hostNamespace(s.networkMode, "network"),
  },
  {
    id: "CIS-5.11",
    title: "limit memory",
    fix: 'set resources.memory, e.g. "256m"',
    check: (s) => (s.memoryBytes ? undefined : "no memory limit"),
  },
  {
    id: "CIS-5.12",
    title: "limit CPU",
    fix: "set resources.cpus, e.g. 1",
    check: (s) => (s.cpus ? undefined : "no CPU limit"),
  },
  {
    id: "CIS-5.13",
    title: "read-only root filesystem",
    fix: "keep readOnlyRootFilesystem and add tmpfs or volume mounts for the paths the process writes",
    check: (s) => (s.readOnlyRootFilesystem ? undefined : "the root filesystem is writable"),
  },
  {
    id: "CIS-5.14",
    title: "bind published ports to one host interface",
    fix: 'set hostIp to one address, e.g. "127.0.0.1" behind a proxy or the host\'s private address',
    check: (s) => {
      const wild = s.ports.filter((p) => isWildcard(p.hostIp));
      return wild.length ? `ports ${wild.map((p) => p.hostPort).join(", ")} listen on every interface` : undefined;
    },
  },
  {
    id: "CIS-5.15",
    title: "restart on failure at most 5 times",
    fix: 'use restart { policy: "on-failure", maxRetries: 5 } (under systemd, the unit restarts it)',
    check: (s) => {
      if (s.restart.policy === "always" || s.restart.policy === "unless-stopped") return `restart policy ${s.restart.policy} hides crash loops`;
      if (s.restart.policy === "on-failure" && (s.restart.maxRetries ?? 0) > 5) return `on-failure retries ${s.restart.maxRetries} times`;
      return undefined;
    },
  },
  {
    id: "CIS-5.16",
    title: "do not share the host's PID namespace",
    fix: "remove pid from hostNamespaces",
    check: (s) => hostNamespace(s.pidMode, "PID"),
  },
  {
    id: "CIS-5.17",
    title: "do not share the host's IPC namespace",
    fix: "remove ipc from hostNamespaces",
    check: (s) => hostNamespace(s.ipcMode, "IPC"),
  },
  {
    id: "CIS-5.18",
    title: "no host devices",
    fix: "remove devices, or declare the exception with the reason",
    check: (s) => (s.devices.length ? `host devices are exposed: ${s.devices.map((d) => d.hostPath).join(", ")}` : undefined),
  },
  {
    id: "CIS-5.21",
    title: "do not share the host's UTS namespace",
    fix: "remove uts from hostNamespaces",
    check: (s) => hostNamespace(s.utsMode, "UTS"),
  },
  {
    id: "CIS-5.22",
    title: "keep a seccomp profile",
    fix: 'use seccompProfile "default" or a custom profile path',
    check: (s) => (s.securityOpts.includes("seccomp=unconfined") ? "seccomp is unconfined" : undefined),
  },
  {
    id: "CIS-5.25",
    title: "use the default cgroup",
    fix: "remove cgroupParent",
    check: (s) => (s.cgroupParent ? `the cgroup parent is ${s.cgroupParent}` : undefined),
  },
  {
    id: "CIS-5.26",
    title: "no new privileges",
    fix: "keep noNewPrivileges: true",
    check: (s) => (s.securityOpts.some((o) => /^no-new-privileges(:true)?$/.test(o)) ? undefined : "the process may gain privileges through setuid binaries"),
  },
  {
    id: "CIS-5.27",
    title: "health check the container",
    fix: 'add healthCheck { command: "…" } that exits 0 when the service is healthy',
    check: (s) => (s.healthCheck && s.healthCheck.test[0] !== "NONE" ? undefined : "the container has no health check"),
  },
  {
    id: "CIS-5.28",
    title: "pin the image",
    fix: "reference the image by digest: repository@sha256:<digest> (tag@digest is fine too)",
    check: (s, context) => {
      const ref = parseImageReference(s.image);
      if (typeof ref === "string") return `the image reference is invalid: ${ref}`;
      if (ref.digest) return undefined;
      if (ref.tag === undefined || ref.tag === "latest") return `the image ${s.image} uses the mutable tag ${ref.tag ?? "latest (implicit)"}`;
      return context.requirePinnedImages ? `the image ${s.image} is not pinned by digest` : undefined;
    },
  },
  {
    id: "CIS-5.29",
    title: "limit processes",
    fix: "set resources.pidsLimit, e.g. 256",
    check: (s) => (s.pidsLimit && s.pidsLimit > 0 ? undefined : "no pids limit"),
  },
  {
    id: "CIS-5.31",
    title: "do not share the host's user namespace",
    fix: "remove userns from hostNamespaces",
    check: (s) => hostNamespace(s.usernsMode, "user"),
  },
  {
    id: "CIS-5.32",
    title: "do not mount the Docker socket",
    fix: "never give a container the engine's API; use a narrow proxy if it must read events",
    check: (s) => {
      const sockets = hostSources(s).filter((src) => DOCKER_SOCKETS.includes(src) || /\/docker\.sock$/.test(src));
      return sockets.length ? `the Docker socket is mounted (${sockets.join(", ")})` : undefined;
    },
  },
  {
    id: "SECRET-IN-ENV",
    title: "no secrets in plain environment variables",
    fix: "move the value to secrets: { NAME: SecretRef.ssmParameter(…) }; it arrives as a file and NAME_FILE",
    check: (s) => {
      const names = Object.keys(s.environment).filter((n) => SECRET_LIKE_NAME.test(n) && !n.endsWith("_FILE"));
      return names.length ? `${names.join(", ")} look like secrets but are plain environment variables` : undefined;
    },
  },
];

/** One broken rule, with everything a user needs to fix it. */
export interface PolicyViolation {
  readonly rule: PolicyRuleId;
  readonly title: string;
  readonly problem: string;
  readonly fix: string;
}

export interface PolicyResult {
  /** Broken rules without a declared exception. */
  readonly violations: PolicyViolation[];
  /** Broken rules excused by an exception label, with its reason. */
  readonly excused: (PolicyViolation & { readonly reason: string })[];
  /** Exceptions declared for rules the container does not break. */
  readonly unusedExceptions: PolicyRuleId[];
  /** Broken rules the target cannot express (see PolicyContext.notExpressible). */
  readonly unenforceable: PolicyViolation[];
}

/** Checks one container's effective settings; exceptions are read from its labels. */
export function checkContainerPolicy(settings: ContainerSettings, context: PolicyContext = {}): PolicyResult {
  const exceptions = exceptionsFromLabels(settings.labels);
  const violations: PolicyViolation[] = [];
  const excused: (PolicyViolation & { reason: string })[] = [];
  const unenforceable: PolicyViolation[] = [];
  for (const rule of CONTAINER_RULES) {
    const problem = rule.check(settings, context);
    if (problem === undefined) continue;
    const violation = { rule: rule.id, title: rule.title, problem, fix: rule.fix };
    const reason = exceptions.get(rule.id);
    // A declared exception excuses the rule even where the target cannot express it: the user accepted it.
    if (reason !== undefined) excused.push({ ...violation, reason });
    else if (context.notExpressible?.includes(rule.id)) unenforceable.push(violation);
    else violations.push(violation);
  }
  const unusedExceptions = [...exceptions.keys()].filter((id) => !excused.some((e) => e.rule === id));
  return { violations, excused, unusedExceptions, unenforceable };
}

/** The message a violation fails synth with. */
export function formatViolation(where: string, v: PolicyViolation): string {
  return `${where}: policy ${v.rule} (${v.title}) violated: ${v.problem}. Fix: ${v.fix}, or declare exceptions: [{ rule: "${v.rule}", reason: "…" }].`;
}
