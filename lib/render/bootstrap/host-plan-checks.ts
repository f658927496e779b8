import { DOCKER_UBUNTU_NOBLE_REPOSITORY } from "../../core/host-plan";
import type { AptRepository, HostPlan } from "../../core/host-plan";
import { SpecErrors } from "../../core/spec-error";
import { checkFiles } from "./host-file-checks";

export { BOOTSTRAP_STATE_DIRECTORY } from "./host-file-checks";

/** systemd units the bootstrap itself enables for the engine; a plan must not list them again. */
export const ENGINE_UNITS = ["docker.service"];

const ENGINE_OWNED_UNITS = new Set(["docker.service", "docker.socket", "containerd.service"]);
/** Engine packages from other sources that conflict with the pinned docker-ce. */
const CONFLICTING_PACKAGES = new Set(["docker.io", "docker-ce", "docker-ce-cli", "containerd", "containerd.io", "runc", "podman-docker", "docker-compose"]);
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const PACKAGE_VERSION = /^[A-Za-z0-9.+~:-]+$/;
const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+\.(service|socket|timer|path|mount|target)$/;
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The default "where" of a plan's error messages: `host web-1` (a bad name is quoted). */
export function hostWhere(plan: HostPlan): string {
  const name: unknown = plan?.name;
  return `host ${typeof name === "string" && HOST_NAME.test(name) ? name : JSON.stringify(name)}`;
}

/** One `name` or `name=version` pin, split. */
export interface PackagePin {
  readonly name: string;
  /** Exact version, or undefined for whatever the repository has. */
  readonly version?: string;
}

export function parsePackagePin(spec: string): PackagePin {
  const at = spec.indexOf("=");
  return at < 0 ? { name: spec } : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** The upstream part of a Debian version: `5:27.5.1-1~ubuntu.24.04~noble` gives `27.5.1`. */
export function upstreamVersion(debianVersion: string): string {
  const withoutEpoch = debianVersion.replace(/^\d+:/, "");
  const dash = withoutEpoch.lastIndexOf("-");
  return dash < 0 ? withoutEpoch : withoutEpoch.slice(0, dash);
}

/**
 * Checks a host plan before any bootstrapper renders it and reports every problem at once.
 * Returns the engine repository to use (the plan's or Docker's official one).
 */
export function checkHostPlan(plan: HostPlan, where: string): AptRepository {
  const errors = new SpecErrors(where);
  if (typeof plan?.name !== "string" || !HOST_NAME.test(plan.name)) {
    errors.add("name", plan?.name, "not a host name (letters, digits, dots and dashes, at most 63)", 'name the host like "web-1"');
  }
  const repository = plan?.engine?.repository ?? DOCKER_UBUNTU_NOBLE_REPOSITORY;
  checkRepository(repository, "engine.repository", errors);
  checkEngine(plan, repository, errors);
  checkPackages(plan?.packages, errors);
  checkStorage(plan?.storagePreparation, errors);
  checkFiles(plan?.files, repository, errors);
  checkServices(plan?.services, errors);
  errors.throwIfAny();
  return repository;
}

export function checkRepository(repository: AptRepository, field: string, errors: SpecErrors): void {
  if (!TOKEN.test(repository?.name ?? ""))
    errors.add(`${field}.name`, repository?.name, "not a simple name", 'use letters, digits, dots and dashes, e.g. "docker"');
  for (const key of ["uri", "keyUrl"] as const) {
    const value = repository?.[key];
    if (typeof value !== "string" || !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%/+-]*)?$/.test(value)) {
      errors.add(
        `${field}.${key}`,
        value,
        "not an https URL",
        "serve the repository and its key over https (a plain-http mirror lets anyone on the path swap packages)",
      );
    }
  }
  if (!TOKEN.test(repository?.suite ?? "")) errors.add(`${field}.suite`, repository?.suite, "not a suite name", 'use the distribution codename, e.g. "noble"');
  if (!Array.isArray(repository?.components) || repository.components.length === 0 || !repository.components.every((c) => TOKEN.test(c))) {
    errors.add(`${field}.components`, repository?.components, "needs one or more component names", 'e.g. ["stable"]');
  }
  if (!/^[0-9A-F]{40}$/.test(repository?.keyFingerprint ?? "")) {
    errors.add(
      `${field}.keyFingerprint`,
      repository?.keyFingerprint,
      "not a full key fingerprint",
      "give all 40 hex digits in upper case, no spaces (gpg --show-keys --with-colons prints it)",
    );
  }
}

function checkEngine(plan: HostPlan, repository: AptRepository, errors: SpecErrors): void {
  const engine = plan?.engine;
  if (typeof engine?.version !== "string" || !/^\d+\.\d+\.\d+$/.test(engine.version)) {
    errors.add("engine.version", engine?.version, "not a Docker Engine release (major.minor.patch)", 'pin the engine, e.g. "27.5.1"');
    return;
  }
  if (!Array.isArray(engine.packages) || engine.packages.length === 0) {
    errors.add(
      "engine.packages",
      engine.packages,
      "no engine packages",
      `pin them, e.g. ["docker-ce=5:${engine.version}-1~ubuntu.24.04~noble", "docker-ce-cli=5:${engine.version}-1~ubuntu.24.04~noble", "containerd.io"]`,
    );
    return;
  }
  const seen = new Set<string>();
  for (const [i, spec] of engine.packages.entries()) {
    if (!checkPin(spec, `engine.packages[${i}]`, errors)) continue;
    const pin = parsePackagePin(spec);
    if (seen.has(pin.name)) errors.add(`engine.packages[${i}]`, spec, `${pin.name} is listed twice`, "list each package once");
    seen.add(pin.name);
    const codename = /~ubuntu\.\d+\.\d+~([a-z]+)$/.exec(pin.version ?? "")?.[1];
    if (codename && codename !== repository.suite) {
      errors.add(
        `engine.packages[${i}]`,
        spec,
        `built for ${codename} but the repository suite is ${repository.suite}`,
        `use the ${repository.suite} build of the package`,
      );
    }
    if ((pin.name === "docker-ce" || pin.name === "docker-ce-cli") && pin.version === undefined) {
      errors.add(
        `engine.packages[${i}]`,
        spec,
        `${pin.name} is not pinned, so every host would get whatever is newest on its first boot`,
        `pin it: "${pin.name}=5:${engine.version}-1~ubuntu.24.04~${repository.suite}"`,
      );
    } else if ((pin.name === "docker-ce" || pin.name === "docker-ce-cli") && upstreamVersion(pin.version as string) !== engine.version) {
      errors.add(
        `engine.packages[${i}]`,
        spec,
        `pins ${pin.name} ${upstreamVersion(pin.version as string)} but engine.version is ${engine.version}`,
        "pin the package to the engine version",
      );
    }
  }
  if (!seen.has("docker-ce")) {
    errors.add("engine.packages", engine.packages, "no docker-ce package", `add "docker-ce=5:${engine.version}-1~ubuntu.24.04~${repository.suite}"`);
  }
}

function checkPin(spec: unknown, field: string, errors: SpecErrors): boolean {
  if (typeof spec !== "string") {
    errors.add(field, spec, "not a package name", 'write "name" or "name=version"');
    return false;
  }
  const pin = parsePackagePin(spec);
  if (!PACKAGE_NAME.test(pin.name) || (pin.version !== undefined && !PACKAGE_VERSION.test(pin.version))) {
    errors.add(
      field,
      spec,
      "not a Debian package name with an optional =version",
      'write "name" or "name=version", e.g. "lvm2" or "btrfs-progs=6.6.3-1.1build2"',
    );
    return false;
  }
  return true;
}

function checkPackages(packages: string[], errors: SpecErrors): void {
  if (!Array.isArray(packages)) {
    errors.add("packages", packages, "not a list", "pass [] when the host needs no extra packages");
    return;
  }
  const seen = new Set<string>();
  for (const [i, spec] of packages.entries()) {
    if (!checkPin(spec, `packages[${i}]`, errors)) continue;
    const { name } = parsePackagePin(spec);
    if (CONFLICTING_PACKAGES.has(name)) {
      errors.add(
        `packages[${i}]`,
        spec,
        "is an engine package; the engine comes only from engine.packages",
        "remove it here and pin the engine in engine.packages",
      );
    } else if (seen.has(name)) {
      errors.add(`packages[${i}]`, spec, `${name} is listed twice`, "list each package once");
    }
    seen.add(name);
  }
}

function checkStorage(commands: string[], errors: SpecErrors): void {
  if (!Array.isArray(commands)) {
    errors.add("storagePreparation", commands, "not a list", "pass [] when the engine's data root needs no preparation");
    return;
  }
  for (const [i, command] of commands.entries()) {
    if (typeof command !== "string" || command.trim() === "" || command.includes("\0")) {
      errors.add(`storagePreparation[${i}]`, command, "not a shell command", "give an idempotent sh command, or remove the entry");
    }
  }
}

function checkServices(services: string[], errors: SpecErrors): void {
  if (!Array.isArray(services)) {
    errors.add("services", services, "not a list", "pass [] when the host runs no services of its own");
    return;
  }
  const seen = new Set<string>();
  for (const [i, unit] of services.entries()) {
    if (typeof unit !== "string" || !UNIT_NAME.test(unit)) {
      errors.add(
        `services[${i}]`,
        unit,
        "not a systemd unit name with its type",
        `write the full unit name, e.g. "${typeof unit === "string" && /^[A-Za-z0-9_.@-]+$/.test(unit) ? unit : "web"}.service"`,
      );
      continue;
    }
    if (ENGINE_OWNED_UNITS.has(unit)) {
      errors.add(`services[${i}]`, unit, "is the engine's own unit, which the bootstrap enables after preparing storage", "remove it from services");
    } else if (seen.has(unit)) {
      errors.add(`services[${i}]`, unit, "is listed twice", "list each unit once");
    }
    seen.add(unit);
  }
}
