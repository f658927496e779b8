import type { PolicyException } from "./policy-exception";
import type { SecretReference } from "./secret-reference";

/**
 * One service, described once as plain data. Every environment renders this same model:
 * `docker run` argv, a systemd unit, a Docker provider `docker_container`, a Beanstalk bundle.
 *
 * Without further settings a container is hardened (CIS Docker Benchmark section 5):
 * all capabilities dropped, no new privileges, read-only root filesystem with a tmpfs `/tmp`,
 * a non-root user, Docker's default seccomp profile, memory/CPU/pids limits, ports bound to
 * 127.0.0.1, rotated logs, `on-failure:5` restarts. Weakening any of these needs an entry in
 * `exceptions`, which is rendered as a container label so it is visible in the output.
 */
export interface ContainerSpec {
  /** Service name: lowercase letters, digits and `-`, used for the container, unit and DNS names. */
  readonly name: string;
  /**
   * Image reference: `[registry/]repository[:tag][@sha256:digest]`. Production environments
   * should pin by digest (CIS 5.28); a tag alone is flagged there.
   */
  readonly image: string;
  /**
   * Entrypoint override as an exec array. The first element replaces the image's entrypoint.
   * @default the image's entrypoint
   */
  readonly entrypoint?: string[];
  /**
   * Arguments (the image's CMD).
   * @default the image's CMD
   */
  readonly command?: string[];
  /**
   * Working directory inside the container.
   * @default the image's WORKDIR
   */
  readonly workingDir?: string;
  /**
   * Plain (non-secret) environment variables. Names that look like secrets (`*_PASSWORD`,
   * `*_TOKEN`, `*_SECRET`, `*_API_KEY`…) are refused here: put them in `secrets`.
   * @default {}
   */
  readonly environment?: Record<string, string>;
  /**
   * Secrets by reference only (SSM Parameter Store, Secrets Manager, or a host file). Each is
   * delivered as a read-only file `/run/secrets/<NAME>` and the variable `<NAME>_FILE` points
   * at it; the value never appears in synthesized output, user data or `docker inspect`.
   * @default {}
   */
  readonly secrets?: Record<string, SecretReference>;
  /**
   * Published ports. Each binds to one host address, 127.0.0.1 unless you say otherwise.
   * @default []
   */
  readonly ports?: PortMapping[];
  /**
   * Bind mounts, named volumes and tmpfs mounts.
   * @default [] (plus a tmpfs at /tmp, see `security.readOnlyRootFilesystem`)
   */
  readonly mounts?: Mount[];
  /**
   * Memory, CPU and process limits (CIS 5.11, 5.12, 5.29).
   * @default { memory: "256m", cpus: 1, pidsLimit: 256 }
   */
  readonly resources?: Resources;
  /**
   * User (and group) the process runs as: `uid[:gid]` or a name known to the image.
   * Root (`0`, `root`) needs the exception `CIS-4.1`.
   * @default "65534:65534" (nobody:nogroup)
   */
  readonly user?: string;
  /**
   * Kernel-level isolation settings (book chapter 6).
   * @default the hardened profile described on each field
   */
  readonly security?: SecurityProfile;
  /**
   * Health check run by the engine (CIS 5.27). Required unless the exception `CIS-5.27` is given.
   * @default none (which the policy refuses)
   */
  readonly healthCheck?: HealthCheck;
  /**
   * Log driver and options.
   * @default { driver: "local", options: { "max-size": "10m", "max-file": "5" } }
   */
  readonly logging?: Logging;
  /**
   * Restart policy (CIS 5.15). Under systemd the unit restarts the service instead and
   * the container itself runs with no restart policy: systemd is the only supervisor.
   * @default { policy: "on-failure", maxRetries: 5 }
   */
  readonly restart?: RestartPolicy;
  /**
   * Seconds between the stop signal and SIGKILL.
   * @default 10
   */
  readonly stopTimeoutSeconds?: number;
  /**
   * Signal that asks the process to stop.
   * @default "SIGTERM"
   */
  readonly stopSignal?: string;
  /**
   * Labels on the container. Keys under `io.cdktf-docker-environments.` are reserved.
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * User-defined networks to join, with DNS aliases.
   * @default [] (the environment decides; never the default bridge in LocalEnvironment)
   */
  readonly networks?: NetworkAttachment[];
  /**
   * Named weakenings of the hardened defaults, each with a reason. Each becomes the label
   * `io.cdktf-docker-environments.exception.<rule>` = reason in every rendering.
   * @default []
   */
  readonly exceptions?: PolicyException[];
}

/** A port published on the host. */
export interface PortMapping {
  /** Port inside the container (1-65535). */
  readonly containerPort: number;
  /**
   * Port on the host (1-65535).
   * @default containerPort
   */
  readonly hostPort?: number;
  /**
   * Host address to bind. Binding every interface (`0.0.0.0` or `::`) needs the exception `CIS-5.14`.
   * @default "127.0.0.1"
   */
  readonly hostIp?: string;
  /**
   * @default "tcp"
   */
  readonly protocol?: "tcp" | "udp";
}

/** A bind mount of a host path. */
export interface BindMount {
  readonly type: "bind";
  /** Absolute host path. Sensitive host paths and the Docker socket need exceptions (CIS 5.6, 5.32). */
  readonly source: string;
  /** Absolute path in the container. */
  readonly target: string;
  /**
   * @default true
   */
  readonly readOnly?: boolean;
}

/** A named Docker volume. */
export interface VolumeMount {
  readonly type: "volume";
  /** Volume name. */
  readonly source: string;
  /** Absolute path in the container. */
  readonly target: string;
  /**
   * @default false
   */
  readonly readOnly?: boolean;
}

/** An in-memory filesystem, for the writable paths of a read-only container. */
export interface TmpfsMount {
  readonly type: "tmpfs";
  /** Absolute path in the container. */
  readonly target: string;
  /**
   * Size limit, e.g. `64m`.
   * @default "64m"
   */
  readonly size?: string;
  /**
   * Octal file mode of the mount's root, e.g. `1777`.
   * @default "1777"
   */
  readonly mode?: string;
}

export type Mount = BindMount | VolumeMount | TmpfsMount;

/** cgroup limits. */
export interface Resources {
  /**
   * Hard memory limit, e.g. `256m`, `1g` (binary units, like the Docker CLI).
   * @default "256m"
   */
  readonly memory?: string;
  /**
   * Memory plus swap. Equal to `memory` means no swap.
   * @default the value of memory (no swap)
   */
  readonly memorySwap?: string;
  /**
   * CPUs, fractional allowed (e.g. 0.5).
   * @default 1
   */
  readonly cpus?: number;
  /**
   * Maximum number of processes/threads (CIS 5.29, stops fork bombs).
   * @default 256
   */
  readonly pidsLimit?: number;
}

/** Linux host namespaces a container could share. */
export type HostNamespace = "network" | "pid" | "ipc" | "uts" | "userns";

/** A resource limit for the container's processes. */
export interface Ulimit {
  readonly soft: number;
  readonly hard: number;
}

/** A host device passed into the container. */
export interface DeviceMapping {
  /** Absolute host path, e.g. `/dev/fuse`. */
  readonly hostPath: string;
  /**
   * Path inside the container.
   * @default hostPath
   */
  readonly containerPath?: string;
  /**
   * cgroup permissions, any of r, w, m.
   * @default "rwm"
   */
  readonly permissions?: string;
}

/** The security profile of a container (book chapter 6). */
export interface SecurityProfile {
  /**
   * Capabilities added back after dropping ALL. Dangerous ones (SYS_ADMIN, NET_ADMIN,
   * SYS_PTRACE…) need the exception `CIS-5.4`.
   * @default []
   */
  readonly capAdd?: string[];
  /**
   * Keep Docker's default capability set instead of dropping ALL. Needs the exception `CIS-5.4`.
   * @default false
   */
  readonly keepDefaultCapabilities?: boolean;
  /**
   * Block privilege escalation through setuid binaries. Turning it off needs `CIS-5.26`.
   * @default true
   */
  readonly noNewPrivileges?: boolean;
  /**
   * Mount the root filesystem read-only; `/tmp` gets a tmpfs unless you mount something there.
   * Turning it off needs `CIS-5.13`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Privileged mode. Needs `CIS-5.5`.
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Seccomp: `"default"` (Docker's profile) or a path on the host to a custom profile.
   * `"unconfined"` needs `CIS-5.22`.
   * @default "default"
   */
  readonly seccompProfile?: string;
  /**
   * AppArmor profile name. `"unconfined"` needs `CIS-5.2`.
   * @default the engine's docker-default profile where AppArmor is enabled
   */
  readonly apparmorProfile?: string;
  /**
   * SELinux label options, e.g. `["type:svirt_apache_t", "level:s0:c100,c200"]`.
   * `"disable"` needs `CIS-5.3`.
   * @default the engine's labelling where SELinux is enabled
   */
  readonly selinuxOptions?: string[];
  /**
   * ulimits by name (nofile, nproc, core, memlock…).
   * @default { nofile: { soft: 1024, hard: 65536 } }
   */
  readonly ulimits?: Record<string, Ulimit>;
  /**
   * Host namespaces to share. Each needs its exception: network CIS-5.10, pid CIS-5.16,
   * ipc CIS-5.17, uts CIS-5.21, userns CIS-5.31.
   * @default []
   */
  readonly hostNamespaces?: HostNamespace[];
  /**
   * Host devices. Any device needs `CIS-5.18`.
   * @default []
   */
  readonly devices?: DeviceMapping[];
  /**
   * Parent cgroup. Setting one needs `CIS-5.25`.
   * @default the engine's default cgroup
   */
  readonly cgroupParent?: string;
}

/** A health check the engine runs inside the container (CIS 5.27). */
export interface HealthCheck {
  /** Shell command (run as `CMD-SHELL`); exit 0 means healthy. */
  readonly command: string;
  /**
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the container is unhealthy.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Grace period after start during which failures do not count.
   * @default 0
   */
  readonly startPeriodSeconds?: number;
}

/** Where the container's stdout/stderr go. */
export interface Logging {
  /**
   * Log driver.
   * @default "local"
   */
  readonly driver?: "local" | "json-file" | "journald" | "syslog" | "awslogs" | "fluentd" | "gelf" | "none";
  /**
   * Driver options. `local` and `json-file` always get rotation (`max-size`, `max-file`).
   * @default { "max-size": "10m", "max-file": "5" } for local and json-file
   */
  readonly options?: Record<string, string>;
}

/** What the engine does when the process exits. */
export interface RestartPolicy {
  /**
   * `always` and `unless-stopped` restart forever and hide crash loops; they need `CIS-5.15`.
   * @default "on-failure"
   */
  readonly policy?: "no" | "on-failure" | "always" | "unless-stopped";
  /**
   * Retries for `on-failure` (CIS 5.15 asks for at most 5).
   * @default 5
   */
  readonly maxRetries?: number;
}

/** A user-defined network and the DNS aliases the service has on it. */
export interface NetworkAttachment {
  readonly name: string;
  /**
   * @default []
   */
  readonly aliases?: string[];
}
