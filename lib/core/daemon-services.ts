import type { ContainerSettings } from "./container-settings";
import type { DaemonConfig } from "./daemon-config";
import { SpecErrors } from "./spec-error";

/**
 * Refuses services that cannot run as configured on a daemon with this config: with
 * `userns-remap`, Docker refuses `--privileged`, `--network host` and `--pid host` unless the
 * container also leaves the remapped namespace (`--userns host`), and sharing any host namespace
 * (user, network, pid, ipc, uts) undoes the isolation the remap is there for. Throws one SpecError
 * listing every conflict, naming the service and its field.
 */
export function checkServicesAgainstDaemon(config: DaemonConfig, services: readonly ContainerSettings[], where: string): void {
  const errors = new SpecErrors(where);
  const remap = config.usernsRemap;
  if (remap !== undefined) {
    const fix = "run this service on a host without usernsRemap, or remove the host namespace / privileged setting from it";
    for (const service of services) {
      const at = `services.${service.name}`;
      const problem = (what: string) => `the daemon remaps user namespaces (userns-remap: ${remap}), ${what}`;
      if (service.usernsMode === "host")
        errors.add(`${at}.usernsMode`, "host", problem("and this service asks for the host user namespace, undoing the remap for it"), fix);
      if (service.privileged) errors.add(`${at}.privileged`, true, problem("and Docker runs privileged containers only in the host user namespace"), fix);
      const namespaces: [keyof ContainerSettings, string][] = [
        ["networkMode", "network"],
        ["pidMode", "PID"],
        ["ipcMode", "IPC"],
        ["utsMode", "UTS"],
      ];
      for (const [field, name] of namespaces) {
        if (service[field] === "host") {
          errors.add(
            `${at}.${field}`,
            "host",
            problem(`and this service shares the host's ${name} namespace, which Docker refuses or which undoes the remap's isolation`),
            fix,
          );
        }
      }
    }
  }
  errors.throwIfAny();
}
