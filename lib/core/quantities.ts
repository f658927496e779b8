/** Parsing of the size and identifier formats the Docker CLI accepts. */

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * Parses a Docker byte size (`512m`, `1g`, `65536k`, `1073741824`, `2GiB`) into bytes,
 * with the binary units the Docker CLI uses. Returns undefined when it cannot be parsed.
 */
export function parseByteSize(text: string | number): number | undefined {
  if (typeof text === "number") return Number.isSafeInteger(text) && text > 0 ? text : undefined;
  if (typeof text !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([bkmgt])?(?:i?b)?$/i.exec(text.trim());
  if (!match) return undefined;
  const bytes = Math.round(Number(match[1]) * UNITS[(match[2] ?? "b").toLowerCase()]);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** Environment variable names that every shell and `docker run --env` accept. */
export const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Container, network and volume names as Docker accepts them. */
export const DOCKER_OBJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Service names: also used for systemd unit names and DNS labels, so stricter than Docker's. */
export const SERVICE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** An absolute path without `..`, NUL, newline or comma (a comma would split a --mount option). */
export function isAbsolutePath(path: unknown): path is string {
  return typeof path === "string" && path.startsWith("/") && !path.split("/").includes("..") && !/[\0\n,]/.test(path);
}

/** The resource names `--ulimit` and `--default-ulimit` accept (go-units). */
export const ULIMIT_NAMES = [
  "core",
  "cpu",
  "data",
  "fsize",
  "locks",
  "memlock",
  "msgqueue",
  "nice",
  "nofile",
  "nproc",
  "rss",
  "rtprio",
  "rttime",
  "sigpending",
  "stack",
];
