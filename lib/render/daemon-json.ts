import type { DaemonConfig } from "../core/daemon-config";
import type { HostFile } from "../core/host-plan";

/** Where dockerd reads its configuration on Linux. */
export const DAEMON_JSON_PATH = "/etc/docker/daemon.json";

/** Object keys sorted at every level (arrays keep their order), so the same config renders the same bytes. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The daemon.json object with its keys in a stable (sorted) order. */
export function daemonJsonObject(config: DaemonConfig): Record<string, unknown> {
  return sortKeys(config.toJson()) as Record<string, unknown>;
}

/** A DaemonConfig cannot change once built, and the hosts of an environment share one: each renders once. */
const rendered = new WeakMap<DaemonConfig, string>();

/** `/etc/docker/daemon.json` text: two-space indented JSON, keys sorted, trailing newline. */
export function renderDaemonJson(config: DaemonConfig): string {
  let text = rendered.get(config);
  if (text === undefined) rendered.set(config, (text = `${JSON.stringify(daemonJsonObject(config), null, 2)}\n`));
  return text;
}

/** The daemon.json file for a HostPlan: root:root 0644 (CIS 3.17/3.18). */
export function daemonJsonFile(config: DaemonConfig): HostFile {
  return { path: DAEMON_JSON_PATH, content: renderDaemonJson(config), mode: "0644", owner: "root", group: "root" };
}
