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
}

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
