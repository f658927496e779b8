import type { AptRepository, HostFile, HostPlan } from "../../core/host-plan";
import { aptRepositoryFiles } from "./apt-repository-files";
import { fetchAptKeyArgv, runOnceArgv, storageMarker } from "./bootstrap-shell";
import { checkHostPlan, ENGINE_UNITS, hostWhere, parsePackagePin } from "./host-plan-checks";
import type { PackagePin } from "./host-plan-checks";

/** Packages every bootstrap needs before it can fetch and check the engine repository's key. */
export const PREREQUISITE_PACKAGES = ["ca-certificates", "curl", "gnupg"];

/**
 * Directories that exist on every Ubuntu 24.04 host; every other parent of a written file is
 * created as root:root 0755 (what cloud-init's write_files does), so all bootstrappers agree.
 */
const STOCK_DIRECTORIES = new Set([
  "/",
  "/etc",
  "/etc/apt",
  "/etc/apt/apt.conf.d",
  "/etc/apt/keyrings",
  "/etc/apt/preferences.d",
  "/etc/apt/sources.list.d",
  "/etc/cron.d",
  "/etc/default",
  "/etc/logrotate.d",
  "/etc/modules-load.d",
  "/etc/profile.d",
  "/etc/security",
  "/etc/security/limits.d",
  "/etc/sysctl.d",
  "/etc/systemd",
  "/etc/systemd/system",
  "/etc/systemd/journald.conf.d",
  "/opt",
  "/srv",
  "/usr",
  "/usr/local",
  "/usr/local/bin",
  "/usr/local/lib",
  "/usr/local/sbin",
  "/var",
  "/var/lib",
]);

/** A directory the bootstrap creates. */
export interface HostDirectory {
  readonly path: string;
  readonly mode: string;
  readonly owner: string;
  readonly group: string;
}

/** A command run once, guarded by a marker file (`creates:` in every configuration-management tool). */
export interface RunOnceCommand {
  /** The plan's command, as given. */
  readonly command: string;
  /** The file whose existence means the command has run. */
  readonly marker: string;
  /** What the tool executes (no shell in between). */
  readonly argv: string[];
}

/** The engine repository: its key, fetched and checked once, and its deb822 sources file. */
export interface RepositorySetup {
  readonly repository: AptRepository;
  readonly keyPath: string;
  readonly fetchKeyArgv: string[];
  readonly sourcesFile: HostFile;
}

/**
 * The host plan normalised into the ordered steps every bootstrapper renders, so that the
 * same plan gives the same host whichever is chosen:
 *
 * 1. `osPackages` from the distribution archive (after an apt update);
 * 2. the engine repository key, fetched over HTTPS and checked against its fingerprint;
 * 3. `directories`, then `files` (the repository's sources file first, then the plan's);
 * 4. `storage` preparation, each command once, BEFORE the engine is installed — the engine
 *    starts on installation, so it must find its data root prepared and daemon.json written;
 * 5. `enginePackages`, pinned, installed without recommends after an apt update, then held;
 * 6. `systemctl daemon-reload`, then `engineUnits` and `services` enabled and started, in order.
 */
export interface BootstrapSteps {
  readonly hostName: string;
  readonly osPackages: PackagePin[];
  readonly engineRepository: RepositorySetup;
  readonly directories: HostDirectory[];
  readonly files: HostFile[];
  readonly storage: RunOnceCommand[];
  readonly enginePackages: PackagePin[];
  readonly engineUnits: string[];
  readonly services: string[];
}

/** Checks the plan (SpecError on bad input) and normalises it into bootstrap steps. */
export function bootstrapSteps(plan: HostPlan, where = hostWhere(plan)): BootstrapSteps {
  const repository = checkHostPlan(plan, where);
  const { keyPath, sourcesPath, sourcesContent } = aptRepositoryFiles(repository, "the Docker engine's apt repository");
  const sourcesFile: HostFile = {
    path: sourcesPath,
    content: sourcesContent,
    mode: "0644",
    owner: "root",
    group: "root",
  };
  const osPackageNames = [...PREREQUISITE_PACKAGES.filter((name) => !plan.packages.some((spec) => parsePackagePin(spec).name === name)), ...plan.packages];
  const files = [sourcesFile, ...plan.files.map((f) => ({ path: f.path, content: f.content, mode: f.mode, owner: f.owner, group: f.group }))];
  return {
    hostName: plan.name,
    osPackages: osPackageNames.map(parsePackagePin),
    engineRepository: { repository, keyPath, fetchKeyArgv: fetchAptKeyArgv(repository.keyUrl, repository.keyFingerprint, keyPath), sourcesFile },
    directories: parentDirectories(files.map((f) => f.path)),
    files,
    storage: plan.storagePreparation.map((command) => {
      const marker = storageMarker(command);
      return { command, marker, argv: runOnceArgv(command, marker) };
    }),
    enginePackages: plan.engine.packages.map(parsePackagePin),
    engineUnits: [...ENGINE_UNITS],
    services: [...plan.services],
  };
}

/** Every ancestor of the given files that a stock Ubuntu host lacks, parents first. */
function parentDirectories(paths: string[]): HostDirectory[] {
  const directories = new Set<string>();
  for (const path of paths) {
    for (let end = path.indexOf("/", 1); end > 0; end = path.indexOf("/", end + 1)) {
      const directory = path.slice(0, end);
      if (!STOCK_DIRECTORIES.has(directory)) directories.add(directory);
    }
  }
  return [...directories].map((path) => ({ path, mode: "0755", owner: "root", group: "root" }));
}

/** `name=version` or `name`, for apt-get. */
export function aptPin(pin: PackagePin): string {
  return pin.version === undefined ? pin.name : `${pin.name}=${pin.version}`;
}

/** One line saying what the bootstrap does, for comments at the top of every rendering. */
export function bootstrapSummary(steps: BootstrapSteps, tool: string): string {
  return `Rendered by cdktf-docker-environments: bootstraps the Docker host ${steps.hostName} with ${tool}; do not edit on the host.`;
}
