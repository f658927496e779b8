/** Defaults of the hardened security profile that other defaults refer to. */
export const CONTAINER_DEFAULTS_SECURITY = {
  tmpSizeBytes: 64 * 1024 * 1024,
  ulimits: { nofile: { soft: 1024, hard: 65536 } } as Record<string, { soft: number; hard: number }>,
};

/** tmpfs mount options as both `docker run --tmpfs` and the provider's `tmpfs` map take them. */
export function tmpfsOptions(sizeBytes: number, mode: string): string {
  return `rw,noexec,nosuid,nodev,size=${sizeBytes},mode=${mode}`;
}
