import { LINUX_CAPABILITIES, normalizeCapability } from "./capabilities";
import type { ContainerSettings } from "./container-settings";
import { sortedRecord } from "./container-settings";
import type { SecurityProfile } from "./container-spec";
import { isAbsolutePath, ULIMIT_NAMES } from "./quantities";
import { CONTAINER_DEFAULTS_SECURITY, tmpfsOptions } from "./security-defaults";
import type { SpecErrors } from "./spec-error";

type SecuritySettings = Pick<
  ContainerSettings,
  | "privileged"
  | "capAdd"
  | "capDrop"
  | "readOnlyRootFilesystem"
  | "securityOpts"
  | "ulimits"
  | "networkMode"
  | "pidMode"
  | "ipcMode"
  | "utsMode"
  | "usernsMode"
  | "cgroupParent"
  | "devices"
>;

/** Resolves the security profile; adds the default /tmp tmpfs when the root filesystem is read-only. */
export function resolveSecurity(errors: SpecErrors, profile: SecurityProfile, tmpfs: Record<string, string>): SecuritySettings {
  const capAdd: string[] = [];
  for (const name of profile.capAdd ?? []) {
    const cap = normalizeCapability(name);
    if (!cap) errors.add("security.capAdd", name, "not a Linux capability", `use one of ${LINUX_CAPABILITIES.join(", ")}`);
    else if (!capAdd.includes(cap)) capAdd.push(cap);
  }
  const readOnly = profile.readOnlyRootFilesystem ?? true;
  if (readOnly && tmpfs["/tmp"] === undefined) {
    tmpfs["/tmp"] = tmpfsOptions(CONTAINER_DEFAULTS_SECURITY.tmpSizeBytes, "1777");
  }

  const securityOpts: string[] = [];
  if (profile.noNewPrivileges ?? true) securityOpts.push("no-new-privileges:true");
  const seccomp = profile.seccompProfile ?? "default";
  if (seccomp === "unconfined") securityOpts.push("seccomp=unconfined");
  else if (seccomp !== "default") {
    if (!isAbsolutePath(seccomp))
      errors.add(
        "security.seccompProfile",
        seccomp,
        "not default, unconfined or an absolute path to a profile",
        'use "default" or a host path such as /etc/docker/seccomp/app.json',
      );
    else securityOpts.push(`seccomp=${seccomp}`);
  }
  if (profile.apparmorProfile !== undefined) {
    if (!/^[\w.-]+$/.test(profile.apparmorProfile))
      errors.add("security.apparmorProfile", profile.apparmorProfile, "not an AppArmor profile name", "use a loaded profile name such as docker-default");
    securityOpts.push(`apparmor=${profile.apparmorProfile}`);
  }
  for (const option of profile.selinuxOptions ?? []) {
    if (!/^(disable|(user|role|type|level):[\w.:,-]+)$/.test(option)) {
      errors.add("security.selinuxOptions", option, "not an SELinux label option", 'use user:…, role:…, type:… or level:…, e.g. "type:svirt_apache_t"');
    }
    securityOpts.push(`label=${option}`);
  }

  const ulimits: Record<string, { soft: number; hard: number }> = {};
  for (const [name, limit] of Object.entries(profile.ulimits ?? CONTAINER_DEFAULTS_SECURITY.ulimits)) {
    if (!ULIMIT_NAMES.includes(name)) {
      errors.add(`security.ulimits.${name}`, name, "not a ulimit name", `use one of ${ULIMIT_NAMES.join(", ")}`);
      continue;
    }
    const { soft, hard } = limit ?? ({} as { soft: number; hard: number });
    if (!Number.isInteger(soft) || !Number.isInteger(hard) || soft < -1 || hard < -1) {
      errors.add(`security.ulimits.${name}`, limit, "soft and hard must be whole numbers (-1 for unlimited)", "use e.g. { soft: 1024, hard: 65536 }");
    } else if (hard !== -1 && (soft === -1 || soft > hard)) {
      errors.add(`security.ulimits.${name}`, limit, `the soft limit ${soft} is above the hard limit ${hard}`, "make soft <= hard");
    }
    ulimits[name] = { soft, hard };
  }

  const namespaces = new Set(profile.hostNamespaces ?? []);
  for (const ns of namespaces) {
    if (!["network", "pid", "ipc", "uts", "userns"].includes(ns)) {
      errors.add("security.hostNamespaces", ns, "not a namespace", 'use "network", "pid", "ipc", "uts" or "userns"');
    }
  }
  const devices = (profile.devices ?? []).map((device, i) => {
    const containerPath = device?.containerPath ?? device?.hostPath;
    const permissions = device?.permissions ?? "rwm";
    if (!isAbsolutePath(device?.hostPath) || !isAbsolutePath(containerPath)) {
      errors.add(`security.devices[${i}]`, device, "device paths must be absolute", "use e.g. { hostPath: '/dev/fuse' }");
    }
    if (!/^(?!.*(.).*\1)[rwm]{1,3}$/.test(permissions))
      errors.add(`security.devices[${i}].permissions`, permissions, "not a combination of r, w and m", 'use e.g. "r" or "rwm"');
    return { hostPath: device?.hostPath, containerPath, permissions };
  });
  if (profile.cgroupParent !== undefined && !/^[\w./-]+$/.test(profile.cgroupParent)) {
    errors.add("security.cgroupParent", profile.cgroupParent, "not a cgroup path", "use e.g. /docker-apps or apps.slice");
  }

  return {
    privileged: profile.privileged ?? false,
    capAdd: capAdd.sort(),
    capDrop: profile.keepDefaultCapabilities ? [] : ["ALL"],
    readOnlyRootFilesystem: readOnly,
    securityOpts: securityOpts.sort(),
    ulimits: sortedRecord(ulimits),
    networkMode: namespaces.has("network") ? "host" : undefined,
    pidMode: namespaces.has("pid") ? "host" : undefined,
    ipcMode: namespaces.has("ipc") ? "host" : undefined,
    utsMode: namespaces.has("uts") ? "host" : undefined,
    usernsMode: namespaces.has("userns") ? "host" : undefined,
    cgroupParent: profile.cgroupParent,
    devices,
  };
}
