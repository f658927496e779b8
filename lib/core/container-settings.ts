import type { SecretReference } from "./secret-reference";

/**
 * The effective runtime settings of one container, in the terms the engine applies them.
 * The resolved form of a ContainerSpec (defaults filled, sizes in bytes) and, read back from
 * a rendering (docker run argv, docker_container JSON), what the policy checks and what the
 * agreement tests compare. Plain data, comparable with deep equality.
 */
export interface ContainerSettings {
  readonly name: string;
  readonly image: string;
  /** The image's ENTRYPOINT override (exec form); undefined keeps the image's. */
  readonly entrypoint?: string[];
  /** The image's CMD override; undefined keeps the image's. */
  readonly command?: string[];
  readonly workingDir?: string;
  readonly user?: string;
  /** Plain variables, sorted by name. */
  readonly environment: Record<string, string>;
  readonly ports: SettingsPort[];
  /** Bind and volume mounts, sorted by target. */
  readonly mounts: SettingsMount[];
  /** tmpfs target -> mount options, e.g. `rw,noexec,nosuid,nodev,size=67108864,mode=1777`. */
  readonly tmpfs: Record<string, string>;
  readonly memoryBytes?: number;
  readonly memorySwapBytes?: number;
  readonly cpus?: number;
  readonly pidsLimit?: number;
  readonly privileged: boolean;
  /** Sorted. */
  readonly capAdd: string[];
  /** Sorted. */
  readonly capDrop: string[];
  readonly readOnlyRootFilesystem: boolean;
  /** Sorted `--security-opt` values in canonical form (`no-new-privileges:true`, `seccomp=…`). */
  readonly securityOpts: string[];
  readonly ulimits: Record<string, { soft: number; hard: number }>;
  readonly networkMode?: string;
  readonly pidMode?: string;
  readonly ipcMode?: string;
  readonly utsMode?: string;
  readonly usernsMode?: string;
  readonly cgroupParent?: string;
  readonly devices: { hostPath: string; containerPath: string; permissions: string }[];
  readonly healthCheck?: {
    readonly test: string[];
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly retries: number;
    readonly startPeriodSeconds: number;
  };
  readonly logDriver: string;
  readonly logOptions: Record<string, string>;
  readonly restart: { readonly policy: string; readonly maxRetries?: number };
  readonly stopTimeoutSeconds: number;
  readonly stopSignal: string;
  readonly labels: Record<string, string>;
  readonly networks: { name: string; aliases: string[] }[];
  /** Secret references by variable name; delivered as mounts listed in `mounts`. */
  readonly secrets: Record<string, SecretReference>;
}

export interface SettingsPort {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: "tcp" | "udp";
}

export interface SettingsMount {
  readonly type: "bind" | "volume";
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/** Sorts object keys so that two settings built in different orders compare equal. */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
