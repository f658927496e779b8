import type { IConstruct } from "constructs";
import type { HostFile, HostPlan } from "../core/host-plan";
import { mergeEnvironmentFiles, systemdExecArgv, unitValues } from "./systemd-exec";

/** A bootstrapped host in the construct tree: anything with a host plan (DockerHost, DockerHostTemplate, an environment's hosts). */
export interface PlannedHost {
  /** The host's construct path. */
  readonly path: string;
  readonly plan: HostPlan;
}

/** Every construct under `scope` (itself included) that carries a bootstrapped host plan. */
export function plannedHosts(scope: IConstruct): PlannedHost[] {
  return scope.node
    .findAll()
    .flatMap((c) => {
      const plan = (c as { plan?: HostPlan; hostPlan?: HostPlan }).plan ?? (c as { hostPlan?: HostPlan }).hostPlan;
      return plan && Array.isArray(plan.files) && Array.isArray(plan.services) ? [{ path: c.node.path, plan }] : [];
    })
    .filter((host, i, all) => all.findIndex((h) => h.plan === host.plan) === i);
}

/** The unit file of a service on a host plan, or an Error naming the services there are. */
export function serviceUnit(host: PlannedHost, service: string): HostFile {
  const unit = host.plan.files.find((f) => f.path === `/etc/systemd/system/${service}.service`);
  if (unit === undefined) {
    const names = host.plan.services.map((s) => s.replace(/\.service$/, "")).join(", ");
    throw new Error(`${host.path}: no service "${service}" on this host; it runs: ${names || "nothing"}`);
  }
  return unit;
}

/**
 * The environment a service's container starts with on a host, read from what the host receives:
 * the unit's `EnvironmentFile=` layers in systemd's order (cluster, common, local: a later file
 * wins), as systemd reads them. Secrets are not in it (they are fetched on the host).
 */
export function renderedLayerEnvironment(host: PlannedHost, service: string): Record<string, string> {
  const unit = serviceUnit(host, service).content;
  const texts = unitValues(unit, "EnvironmentFile").map((value) => {
    const optional = value.startsWith("-");
    const path = optional ? value.slice(1) : value;
    const file = host.plan.files.find((f) => f.path === path);
    if (file === undefined && !optional) throw new Error(`${host.path}: the unit of ${service} reads ${path}, which the host plan does not write`);
    return file?.content ?? "";
  });
  return mergeEnvironmentFiles(texts);
}

/** The `docker run` argv of a service's unit on a host. */
export function serviceDockerRun(host: PlannedHost, service: string): string[] {
  return systemdExecArgv(serviceUnit(host, service).content);
}

/** A unit delivered to a host by a deploy (MinimalEnvironment's SSM documents), with the files that come with it. */
export interface DeployedUnit {
  /** `<environment path>/<service>@<host>`. */
  readonly where: string;
  readonly service: string;
  readonly host: string;
  readonly unit: string;
  readonly files: readonly { readonly path: string; readonly content: string }[];
}

type DeployedServices = Record<string, { files?: Record<string, { path: string; content: string }[]> }>;

/** Every systemd unit that deploys deliver (constructs whose `services` carry per-host `files`), under `scope`. */
export function deployedUnits(scope: IConstruct): DeployedUnit[] {
  const found: DeployedUnit[] = [];
  for (const construct of scope.node.findAll()) {
    const services = (construct as { services?: DeployedServices }).services;
    if (services === null || typeof services !== "object") continue;
    for (const [service, planned] of Object.entries(services)) {
      if (planned === null || typeof planned !== "object" || planned.files === null || typeof planned.files !== "object") continue;
      for (const [host, files] of Object.entries(planned.files)) {
        if (!Array.isArray(files)) continue;
        for (const file of files.filter((f) => /^\/etc\/systemd\/system\/[^/]+\.service$/.test(f?.path ?? ""))) {
          found.push({ where: `${construct.node.path}/${service}@${host}`, service, host, unit: file.content, files });
        }
      }
    }
  }
  return found;
}
