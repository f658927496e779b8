import type { IConstruct } from "constructs";
import { deployedUnits, plannedHosts, renderedLayerEnvironment } from "./host-services";
import { mergeEnvironmentFiles, unitValues } from "./systemd-exec";

/** An environment that knows each service's effective configuration per host (MinimalEnvironment). */
export interface LayeredEnvironment extends IConstruct {
  effectiveEnvironment(service: string, host: string): Record<string, { readonly value: string; readonly layer: string }>;
}

function isLayered(scope: IConstruct): scope is LayeredEnvironment {
  return typeof (scope as Partial<LayeredEnvironment>).effectiveEnvironment === "function";
}

/**
 * A service's effective configuration on one host, after the three layers (cluster-wide, common,
 * local; a later layer wins). From an environment that computes it (MinimalEnvironment's
 * `effectiveEnvironment`; given, or the only one under `scope`), else read back from the host plan the host receives: the unit's
 * environment files in systemd's order. `host` is the host's name or the end of its construct path.
 */
export function effectiveServiceSettings(scope: IConstruct, service: string, host: string): Record<string, string> {
  // The environment itself, or the one environment under the scope (a stack), that computes its layers.
  const layered = isLayered(scope) ? [scope] : scope.node.findAll().filter(isLayered);
  const deployed = deployedUnits(scope).filter((u) => u.service === service && u.host === host);
  if (layered.length === 1) {
    try {
      return Object.fromEntries(Object.entries(layered[0].effectiveEnvironment(service, host)).map(([name, v]) => [name, v.value]));
    } catch (error) {
      // Support services have no layers of their own: read what their deploy delivers.
      if (deployed.length !== 1) throw error;
    }
  }
  if (deployed.length === 1) {
    const { unit, files } = deployed[0];
    return mergeEnvironmentFiles(unitValues(unit, "EnvironmentFile").map((path) => files.find((f) => f.path === path.replace(/^-/, ""))?.content ?? ""));
  }
  const hosts = plannedHosts(scope);
  const matches = hosts.filter((h) => h.path === host || h.path.endsWith(`/${host}`) || h.plan.name === host);
  if (matches.length !== 1) {
    throw new Error(
      `${scope.node.path}: ${matches.length ? "several hosts match" : "no bootstrapped host matches"} "${host}"; the hosts are: ${hosts.map((h) => h.path).join(", ") || "none"}`,
    );
  }
  return renderedLayerEnvironment(matches[0], service);
}

/**
 * Asserts a service's effective settings on a host: every expected variable has exactly that
 * value (`undefined` means the variable must not be set). Throws an Error listing each difference.
 * Framework-neutral: use it in jest, vitest, mocha or node:test.
 */
export function assertServiceSettings(scope: IConstruct, service: string, host: string, expected: Record<string, string | undefined>): void {
  const actual = effectiveServiceSettings(scope, service, host);
  const problems = Object.entries(expected).flatMap(([name, value]) =>
    actual[name] === value
      ? []
      : [`  ${name}: expected ${value === undefined ? "unset" : JSON.stringify(value)}, found ${name in actual ? JSON.stringify(actual[name]) : "unset"}`],
  );
  if (problems.length) throw new Error(`${service} on ${host} (${scope.node.path}):\n${problems.join("\n")}`);
}
