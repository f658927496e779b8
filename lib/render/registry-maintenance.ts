import type { HostFile } from "../core/host-plan";
import { SpecError } from "../core/spec-error";
import { shellQuote } from "./shell-quote";
import { DOCKER_CLI } from "./systemd-unit";

/** Where the registry's files live on a host. */
export const REGISTRY_HOST_DIRECTORY = "/etc/docker-registry";

export interface RegistryMaintenanceOptions {
  /** The registry's service (container and unit) name. */
  readonly service: string;
  /** The serving config.yml and its read-only twin (storage.maintenance.readonly enabled). */
  readonly config: string;
  readonly readOnlyConfig: string;
  /** systemd OnCalendar= expression, the same on every replica, e.g. `Sun *-*-* 03:00:00`. */
  readonly schedule: string;
  /**
   * `collector`: switches to read-only, waits `drainSeconds`, runs `registry garbage-collect`, switches back.
   * `follower`: stays read-only for the whole window so no replica writes while the collector sweeps.
   */
  readonly role: "collector" | "follower";
  /** Seconds every replica is read-only. */
  readonly windowSeconds: number;
  /** Seconds the collector waits after switching before it collects (clock skew, in-flight uploads). */
  readonly drainSeconds: number;
  /** For error messages. */
  readonly where: string;
}

const CALENDAR = /^[A-Za-z0-9*,.:~/ -]{3,80}$/;

/**
 * Scheduled garbage collection with read-only mode (distribution refuses writes while
 * `storage.maintenance.readonly` is on): a oneshot service running a script and its timer.
 * Every replica's timer fires at the same time; the collector sweeps inside a window shorter than
 * the followers' read-only window (`timeout`), so nothing is pushed while blobs are deleted.
 */
export function registryMaintenanceFiles(o: RegistryMaintenanceOptions): HostFile[] {
  if (typeof o.schedule !== "string" || !CALENDAR.test(o.schedule)) {
    throw new SpecError(o.where, "garbageCollection.schedule", o.schedule, "not a systemd calendar expression", 'use e.g. "Sun *-*-* 03:00:00"');
  }
  const sweepSeconds = o.windowSeconds - o.drainSeconds - 60;
  if (!Number.isInteger(o.windowSeconds) || !Number.isInteger(o.drainSeconds) || o.drainSeconds < 30 || sweepSeconds < 60) {
    throw new SpecError(
      o.where,
      "garbageCollection.windowMinutes",
      o.windowSeconds / 60,
      "the window must leave at least a minute of sweeping after the drain and a minute of margin",
      "use a window of at least 5 minutes",
    );
  }
  const script = `${REGISTRY_HOST_DIRECTORY}/garbage-collect.sh`;
  const unit = `${o.service}-gc`;
  const q = shellQuote;
  const lines = [
    "#!/bin/bash",
    `# Garbage collection of the registry ${o.service} (${o.role}); rendered by cdktf-docker-environments.`,
    "set -euo pipefail",
    `config=${q(o.config)}`,
    `serving=${q(`${o.config}.serving`)}`,
    "restore() {",
    '  if [ -f "$serving" ]; then',
    '    mv -f "$serving" "$config"',
    `    systemctl restart ${q(`${o.service}.service`)}`,
    "  fi",
    "}",
    "trap restore EXIT",
    'cp -p "$config" "$serving"',
    `install -m 0644 -o root -g root ${q(o.readOnlyConfig)} "$config"`,
    `systemctl restart ${q(`${o.service}.service`)}`,
    ...(o.role === "collector"
      ? [`sleep ${o.drainSeconds}`, `timeout ${sweepSeconds} ${DOCKER_CLI} exec ${q(o.service)} registry garbage-collect /etc/docker/registry/config.yml`]
      : [`sleep ${o.windowSeconds}`]),
    "",
  ];
  const service = [
    `# Rendered by cdktf-docker-environments: garbage collection of ${o.service} in read-only mode.`,
    "[Unit]",
    `Description=Garbage collection of the registry ${o.service} (read-only while it runs)`,
    `Requires=${o.service}.service`,
    `After=${o.service}.service`,
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${script}`,
    `TimeoutStartSec=${o.windowSeconds + 300}`,
    "",
  ].join("\n");
  const timer = [
    `# Rendered by cdktf-docker-environments: when ${unit}.service runs (the same time on every replica).`,
    "[Unit]",
    `Description=Scheduled garbage collection of the registry ${o.service}`,
    "",
    "[Timer]",
    `OnCalendar=${o.schedule}`,
    "AccuracySec=1s",
    "Persistent=false",
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
  return [
    { path: script, content: lines.join("\n"), mode: "0750", owner: "root", group: "root" },
    { path: `/etc/systemd/system/${unit}.service`, content: service, mode: "0644", owner: "root", group: "root" },
    { path: `/etc/systemd/system/${unit}.timer`, content: timer, mode: "0644", owner: "root", group: "root" },
  ];
}

/** A oneshot unit that builds the htpasswd file from secret references before the registry starts. */
export function registryHtpasswdFiles(service: string, script: string): HostFile[] {
  const path = `${REGISTRY_HOST_DIRECTORY}/build-htpasswd.sh`;
  const unit = [
    "# Rendered by cdktf-docker-environments: builds the registry's htpasswd from secret references.",
    "[Unit]",
    `Description=htpasswd of the registry ${service} (bcrypt, from secret references)`,
    `Before=${service}.service`,
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    `ExecStart=${path}`,
    "",
  ].join("\n");
  const dropIn = ["[Unit]", `Requires=${service}-htpasswd.service`, `After=${service}-htpasswd.service`, ""].join("\n");
  return [
    { path, content: script, mode: "0750", owner: "root", group: "root" },
    { path: `/etc/systemd/system/${service}-htpasswd.service`, content: unit, mode: "0644", owner: "root", group: "root" },
    { path: `/etc/systemd/system/${service}.service.d/htpasswd.conf`, content: dropIn, mode: "0644", owner: "root", group: "root" },
  ];
}
