import type { AptRepository, HostFile } from "../../core/host-plan";
import type { SpecErrors } from "../../core/spec-error";
import { aptRepositoryFiles } from "./apt-repository-files";

/** Where every bootstrapper keeps its own state: generated documents and run-once markers (root only). */
export const BOOTSTRAP_STATE_DIRECTORY = "/var/lib/cdktf-docker-environments";

const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$/;
const SAFE_PATH = /^\/[A-Za-z0-9._@%+=:,/-]+$/;
/** A `//`, `.` or `..` segment, or a trailing `/`. */
const NOT_NORMALISED = /\/\.{0,2}(\/|$)/;
const VOLATILE_ROOTS = ["/proc", "/sys", "/dev", "/run", "/tmp"];
const VOLATILE_PREFIXES = VOLATILE_ROOTS.map((root) => `${root}/`);
const STATE_PREFIX = `${BOOTSTRAP_STATE_DIRECTORY}/`;

/** The files the bootstrap writes itself; a plan cannot write them. */
export function reservedPaths(repository: AptRepository): string[] {
  const { sourcesPath, keyPath } = aptRepositoryFiles(repository, "the Docker engine's apt repository");
  return [sourcesPath, keyPath];
}

export function checkFiles(files: HostFile[], repository: AptRepository, errors: SpecErrors): void {
  if (!Array.isArray(files)) {
    errors.add("files", files, "not a list", "pass [] when the host needs no files");
    return;
  }
  const seen = new Set<string>();
  const reserved = new Set(reservedPaths(repository));
  // Every directory some file needs, each mapped to the first such file (one pass, not one per pair of files).
  const neededDirectories = new Map<string, string>();
  for (const other of files) {
    if (typeof other?.path !== "string") continue;
    for (let end = other.path.lastIndexOf("/"); end > 0; end = other.path.lastIndexOf("/", end - 1)) {
      const directory = other.path.slice(0, end);
      // A known directory's ancestors are known too: they were added with it.
      if (neededDirectories.has(directory)) break;
      neededDirectories.set(directory, other.path);
    }
  }
  for (const [i, file] of files.entries()) {
    const field = `files[${i}]`;
    const path = file?.path;
    if (typeof path !== "string" || !path.startsWith("/")) {
      errors.add(`${field}.path`, path, "not an absolute path", `write it from the root, e.g. "/etc/${String(path ?? "app.env").replace(/^\.?\/*/, "")}"`);
      continue;
    }
    if (!SAFE_PATH.test(path) || NOT_NORMALISED.test(path)) {
      errors.add(
        `${field}.path`,
        path,
        "not a plain normalised path (no //, . or .., no trailing /, no spaces or shell characters)",
        "write the canonical absolute path",
      );
      continue;
    }
    if (VOLATILE_ROOTS.includes(path) || VOLATILE_PREFIXES.some((prefix) => path.startsWith(prefix))) {
      errors.add(
        `${field}.path`,
        path,
        "is on a volatile or kernel filesystem, gone or meaningless after a reboot",
        "write it under /etc (a unit can create run-time files with RuntimeDirectory=)",
      );
    }
    if (reserved.has(path) || path === BOOTSTRAP_STATE_DIRECTORY || path.startsWith(STATE_PREFIX)) {
      errors.add(`${field}.path`, path, "is written by the bootstrap itself", "choose another path");
    }
    if (seen.has(path)) errors.add(`${field}.path`, path, "is listed twice; the later content would silently win", "merge the two files into one entry");
    const nested = neededDirectories.get(path);
    if (nested) errors.add(`${field}.path`, path, `is a file, but ${nested} needs it to be a directory`, "move one of the two files");
    seen.add(path);
    if (typeof file.mode !== "string" || !/^0[0-7]{3}$/.test(file.mode)) {
      errors.add(`${field}.mode`, file.mode, "not a four-digit octal mode without setuid, setgid or sticky bits", 'write it like "0644" (a string)');
    } else if ((parseInt(file.mode, 8) & 0o002) !== 0) {
      errors.add(`${field}.mode`, file.mode, "is world-writable: any local user could change what root runs", 'drop the write bit for others, e.g. "0644"');
    }
    for (const key of ["owner", "group"] as const) {
      if (typeof file[key] !== "string" || !ACCOUNT.test(file[key])) errors.add(`${field}.${key}`, file[key], "not a user or group name", 'e.g. "root"');
    }
    if (typeof file.content !== "string" || file.content.includes("\0")) {
      errors.add(
        `${field}.content`,
        typeof file.content === "string" ? "(contains NUL)" : file.content,
        "not text",
        "give the file's text; binary files do not belong in user data",
      );
    }
    if (path === "/etc/docker/daemon.json") checkDaemonJson(file, field, errors);
  }
}

/** CIS Docker Benchmark 3.17/3.18: daemon.json is owned by root:root and not writable by others; dockerd refuses bad JSON. */
function checkDaemonJson(file: HostFile, field: string, errors: SpecErrors): void {
  if (file.owner !== "root" || file.group !== "root") {
    errors.add(
      `${field}.owner`,
      `${file.owner}:${file.group}`,
      "daemon.json must be owned by root:root (CIS Docker 3.17)",
      'set owner "root" and group "root"',
    );
  }
  if (file.mode !== "0644") {
    errors.add(`${field}.mode`, file.mode, "daemon.json must have mode 0644 (CIS Docker 3.18)", 'set mode "0644"');
  }
  if (typeof file.content === "string") {
    try {
      const parsed: unknown = JSON.parse(file.content);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a JSON object");
    } catch (error) {
      errors.add(
        `${field}.content`,
        file.content,
        `daemon.json is not a JSON object (${(error as Error).message}); dockerd would not start`,
        "render it from a typed daemon configuration",
      );
    }
  }
}
