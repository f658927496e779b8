/**
 * Linux capabilities in bit order (include/uapi/linux/capability.h), named as Docker's
 * `--cap-add` takes them (without the CAP_ prefix). The index is the bit in /proc/PID/status.
 */
export const LINUX_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "KILL",
  "SETGID",
  "SETUID",
  "SETPCAP",
  "LINUX_IMMUTABLE",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_ADMIN",
  "NET_RAW",
  "IPC_LOCK",
  "IPC_OWNER",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_CHROOT",
  "SYS_PTRACE",
  "SYS_PACCT",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_NICE",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "MKNOD",
  "LEASE",
  "AUDIT_WRITE",
  "AUDIT_CONTROL",
  "SETFCAP",
  "MAC_OVERRIDE",
  "MAC_ADMIN",
  "SYSLOG",
  "WAKE_ALARM",
  "BLOCK_SUSPEND",
  "AUDIT_READ",
  "PERFMON",
  "BPF",
  "CHECKPOINT_RESTORE",
] as const;

export type Capability = (typeof LINUX_CAPABILITIES)[number];

/** Capabilities that give a container the host in practice; adding one needs a policy exception. */
export const DANGEROUS_CAPABILITIES: readonly Capability[] = [
  "SYS_ADMIN",
  "SYS_MODULE",
  "SYS_PTRACE",
  "SYS_RAWIO",
  "DAC_READ_SEARCH",
  "NET_ADMIN",
  "BPF",
  "PERFMON",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
];

/** Accepts `NET_BIND_SERVICE`, `CAP_NET_BIND_SERVICE` or lowercase; returns the canonical name. */
export function normalizeCapability(name: string): Capability | undefined {
  const upper = String(name).toUpperCase().replace(/^CAP_/, "");
  return (LINUX_CAPABILITIES as readonly string[]).includes(upper) ? (upper as Capability) : undefined;
}

/** The bit mask (as /proc/PID/status prints it: 16 hex digits) of a set of capabilities. */
export function capabilityMask(capabilities: readonly Capability[]): string {
  let mask = 0n;
  for (const cap of capabilities) mask |= 1n << BigInt(LINUX_CAPABILITIES.indexOf(cap));
  return mask.toString(16).padStart(16, "0");
}
