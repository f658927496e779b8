/**
 * The desired state of one Docker host, as plain data: what every bootstrapper (cloud-init,
 * Ansible, Chef, Salt, Puppet) renders, so the same props give the same host whichever is chosen.
 * Configuration management only bootstraps the host (book chapter 10): engine, storage,
 * daemon.json, units and environment files; containers are then run by systemd.
 */
export interface HostPlan {
  /** Host name, for comments and tags. */
  readonly name: string;
  /** The Docker engine to install, pinned. */
  readonly engine: EngineInstall;
  /** Extra OS packages to install (e.g. btrfs-progs, lvm2, jq, awscli), pinned where it matters. */
  readonly packages: string[];
  /**
   * Idempotent shell commands that prepare storage before the engine first starts
   * (format and mount the dedicated volume, build an LVM thin pool, ...). Run as root with `sh -eu`.
   */
  readonly storagePreparation: string[];
  /** Files to write, in order: daemon.json, systemd units, environment files, scripts. */
  readonly files: HostFile[];
  /** systemd units to enable and start, in order, after the engine is up. */
  readonly services: string[];
}

/** The pinned Docker engine. */
export interface EngineInstall {
  /** Docker Engine version, e.g. `27.5.1`. */
  readonly version: string;
  /**
   * OS package pins for the engine on the host's distribution (Ubuntu 24.04 by default), e.g.
   * `docker-ce=5:27.5.1-1~ubuntu.24.04~noble`.
   */
  readonly packages: string[];
  /**
   * The apt repository the engine packages come from. Set it for a mirror reachable from
   * private subnets; the key is still checked against the fingerprint you give.
   * @default DOCKER_UBUNTU_NOBLE_REPOSITORY (Docker's official repository for Ubuntu 24.04)
   */
  readonly repository?: AptRepository;
}

/**
 * An apt repository whose signing key is fetched over HTTPS and accepted only if its primary
 * key has the pinned fingerprint; written as a deb822 `.sources` file with `Signed-By`.
 */
export interface AptRepository {
  /** Short name, used for `/etc/apt/sources.list.d/<name>.sources` and `/etc/apt/keyrings/<name>.asc`. */
  readonly name: string;
  /** Base URI (https), e.g. `https://download.docker.com/linux/ubuntu`. */
  readonly uri: string;
  /** Suite, e.g. `noble`. */
  readonly suite: string;
  /** Components, e.g. `["stable"]`. */
  readonly components: string[];
  /** Where the ASCII-armored signing key is downloaded from (https). */
  readonly keyUrl: string;
  /** The 40-hex-digit fingerprint the downloaded primary key must have. */
  readonly keyFingerprint: string;
}

/** Docker's official apt repository for Ubuntu 24.04 (noble), stable channel, and its signing key. */
export const DOCKER_UBUNTU_NOBLE_REPOSITORY: AptRepository = {
  name: "docker",
  uri: "https://download.docker.com/linux/ubuntu",
  suite: "noble",
  components: ["stable"],
  keyUrl: "https://download.docker.com/linux/ubuntu/gpg",
  keyFingerprint: "9DC858229FC7DD38854AE2D88D81803C0EBFCD88",
};

/** One file on the host. */
export interface HostFile {
  /** Absolute path. */
  readonly path: string;
  readonly content: string;
  /** Octal mode, e.g. `0644`. */
  readonly mode: string;
  readonly owner: string;
  readonly group: string;
}
