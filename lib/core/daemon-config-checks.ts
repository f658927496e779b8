import { tryParseCidr } from "./cidr";
import { ULIMIT_NAMES } from "./quantities";
import { closestMatch } from "./edit-distance";
import { DOCKERD_KEYS, EXTRA_KEYS_REFUSED } from "./dockerd-keys";
import type { DaemonConfigProps } from "./daemon-config-props";
import { EXCEPTION_LABEL_PREFIX } from "./policy-exception";
import type { SpecErrors } from "./spec-error";

/** Field-level checks of `DaemonConfigProps`, each adding its problems to `errors`. */

/** The log drivers a production daemon may use: local files with rotation, or a central sink (CIS 2.13). */
export const DAEMON_LOG_DRIVERS = ["local", "json-file", "awslogs", "journald", "syslog", "fluentd"] as const;
export type DaemonLogDriver = (typeof DAEMON_LOG_DRIVERS)[number];

/** Rotation of the `local` and `json-file` drivers, which write to the data volume. */
export const DEFAULT_LOG_ROTATION: Readonly<Record<string, string>> = { "max-size": "10m", "max-file": "5" };

export { ULIMIT_NAMES };

export function isIpAddress(text: unknown): boolean {
  if (typeof text !== "string") return false;
  const parsed = tryParseCidr(`${text}/${text.includes(":") ? 128 : 32}`);
  return parsed !== undefined;
}

export function checkLogging(driver: unknown, options: Record<string, string>, errors: SpecErrors): void {
  if (!(DAEMON_LOG_DRIVERS as readonly unknown[]).includes(driver)) {
    errors.add("logDriver", driver, "not a log driver this library allows for a production daemon", `use one of ${DAEMON_LOG_DRIVERS.join(", ")}`);
    return;
  }
  for (const [key, value] of Object.entries(options)) {
    if (typeof value !== "string") errors.add(`logOptions.${key}`, value, "log options are strings", `write it as "${String(value)}"`);
  }
  if (driver === "local" || driver === "json-file") {
    if (!/^[1-9]\d*[kmg]?$/i.test(options["max-size"] ?? "")) {
      errors.add(
        'logOptions["max-size"]',
        options["max-size"],
        `the ${driver} driver writes to the data volume and must rotate: max-size is a positive size`,
        'use e.g. "10m"',
      );
    }
    if (!/^[1-9]\d*$/.test(options["max-file"] ?? "")) {
      errors.add(
        'logOptions["max-file"]',
        options["max-file"],
        `the ${driver} driver must keep a bounded number of files: max-file is a positive whole number`,
        'use e.g. "5"',
      );
    }
  }
  if (driver === "awslogs" && !options["awslogs-group"]) {
    errors.add(
      'logOptions["awslogs-group"]',
      options["awslogs-group"],
      "the awslogs driver needs the CloudWatch Logs group to write to",
      'set logOptions: { "awslogs-group": "/docker/my-host", ... }',
    );
  }
}

export function checkUlimits(ulimits: Record<string, { soft: number; hard: number }>, errors: SpecErrors): void {
  for (const [name, limit] of Object.entries(ulimits)) {
    const field = `defaultUlimits.${name}`;
    if (!ULIMIT_NAMES.includes(name)) errors.add(field, name, "not a ulimit name", `use one of ${ULIMIT_NAMES.join(", ")}`);
    else if (!Number.isInteger(limit?.soft) || !Number.isInteger(limit?.hard) || limit.soft < 0 || limit.hard < 0) {
      errors.add(field, limit, "soft and hard must be whole numbers, 0 or more", "write e.g. { soft: 1024, hard: 65536 }");
    } else if (limit.soft > limit.hard) errors.add(field, limit, "the soft limit is above the hard limit", `lower soft to at most ${limit.hard}`);
  }
}

/**
 * The API listeners and their TLS: `unix://`, `fd://` or `tcp://host:port`; a TCP listener only
 * with mutual TLS (tlsverify and CA, certificate and key). Returns true when a TCP host is set.
 */
export function checkHostsAndTls(
  p: { hosts?: string[]; tls?: boolean; tlsVerify?: boolean; tlsCaCert?: string; tlsCert?: string; tlsKey?: string },
  errors: SpecErrors,
): boolean {
  const hosts = p.hosts ?? [];
  let tcp = false;
  hosts.forEach((host, i) => {
    if (typeof host === "string" && /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.test(host) && Number(host.split(":").pop()) <= 65535) tcp = true;
    else if (typeof host !== "string" || !/^(unix:\/\/\/[A-Za-z0-9._/-]+|fd:\/\/\d*)$/.test(host)) {
      errors.add(
        `hosts[${i}]`,
        host,
        "not a listener dockerd accepts here",
        "use unix:///var/run/docker.sock, fd:// (systemd socket activation) or tcp://<address>:2376",
      );
    }
  });
  if (p.hosts !== undefined && !hosts.some((h) => typeof h === "string" && /^(unix|fd):\/\//.test(h))) {
    errors.add(
      "hosts",
      hosts,
      "no local socket: the host's systemd units run /usr/bin/docker against /var/run/docker.sock",
      'add "unix:///var/run/docker.sock" (or "fd://")',
    );
  }
  const files: [string, string | undefined][] = [
    ["tlsCaCert", p.tlsCaCert],
    ["tlsCert", p.tlsCert],
    ["tlsKey", p.tlsKey],
  ];
  for (const [field, value] of files) {
    if (value !== undefined && (typeof value !== "string" || !/^\/[A-Za-z0-9._/-]+$/.test(value))) {
      errors.add(
        field,
        value,
        "not an absolute file path",
        "give the path of a PEM file on the host, e.g. /etc/docker/tls/ca.pem (the key file: root-only, 0400)",
      );
    }
  }
  const anyTls = p.tls !== undefined || p.tlsVerify !== undefined || files.some(([, v]) => v !== undefined);
  if (p.tlsVerify === true) {
    const missing = files.filter(([, v]) => !v).map(([f]) => f);
    if (missing.length) {
      errors.add(
        "tlsVerify",
        true,
        `tlsverify without certificates: ${missing.join(", ")} not set, and dockerd would fall back to ~/.docker/*.pem`,
        "set tlsCaCert (the CA clients must be signed by), tlsCert and tlsKey",
      );
    }
  }
  if (p.tls === false && p.tlsVerify === true) errors.add("tls", false, "tlsverify implies TLS", "drop tls: false");
  if (tcp && p.tlsVerify !== true) {
    errors.add(
      "hosts",
      hosts,
      "a TCP listener without mutual TLS lets anyone who reaches the port control the engine, which is root on the host (CIS 2.7)",
      "set tlsVerify: true with tlsCaCert, tlsCert and tlsKey, or keep the unix socket only and reach the engine over SSH/SSM",
    );
  } else if (!tcp && anyTls) {
    errors.add(
      "tlsVerify",
      p.tlsVerify ?? p.tls,
      "TLS settings without a tcp:// host protect nothing (the unix socket does not use TLS)",
      "add a tcp://<address>:2376 host, or drop the TLS settings",
    );
  }
  return tcp;
}

export function checkRegistries(mirrors: unknown[], insecure: unknown[], errors: SpecErrors): void {
  mirrors.forEach((mirror, i) => {
    let ok = false;
    try {
      const url = new URL(String(mirror));
      ok = typeof mirror === "string" && url.protocol === "https:" && !url.username && !url.password && !url.search && !url.hash;
    } catch {
      ok = false;
    }
    if (!ok)
      errors.add(
        `registryMirrors[${i}]`,
        mirror,
        "a registry mirror is an https:// URL without credentials",
        "use e.g. https://mirror.internal.example.com (plain http needs an insecure registry)",
      );
  });
  insecure.forEach((registry, i) => {
    const text = String(registry);
    const cidr = tryParseCidr(text);
    const hostPort = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/.test(text);
    if (typeof registry !== "string" || (!hostPort && (cidr === undefined || cidr.address !== cidr.network))) {
      errors.add(`insecureRegistries[${i}]`, registry, "not a registry host[:port] or a CIDR block", "use e.g. registry.internal:5000 or 10.0.0.0/24");
    }
  });
}

/** `extra` may only carry real dockerd keys that no typed prop covers and that weaken nothing. */
export function checkExtra(extra: Record<string, unknown>, typedKeys: ReadonlySet<string>, errors: SpecErrors): void {
  for (const [key, value] of Object.entries(extra)) {
    const field = `extra["${key}"]`;
    if (!(key in DOCKERD_KEYS)) {
      const near = closestMatch(key, Object.keys(DOCKERD_KEYS));
      errors.add(
        field,
        value,
        'not a key dockerd knows: it would refuse to start ("the following directives don\'t match any configuration option")',
        `check the spelling${near ? ` (did you mean "${near}"?)` : ""}`,
      );
    } else if (key in EXTRA_KEYS_REFUSED) {
      errors.add(field, value, `refused: ${EXTRA_KEYS_REFUSED[key]}`, "leave it out");
    } else if (key === "features") {
      const features = value as Record<string, unknown>;
      if (typeof value !== "object" || value === null || Array.isArray(value) || Object.values(features).some((v) => typeof v !== "boolean")) {
        errors.add(field, value, "features is a map of feature names to true/false", 'write e.g. { "buildkit": true }');
      } else if ("containerd-snapshotter" in features) {
        errors.add(
          `${field}["containerd-snapshotter"]`,
          features["containerd-snapshotter"],
          "the image store is chosen by the storage prop",
          "use storage: StorageDriver.containerdSnapshotter() (or another StorageDriver)",
        );
      }
    } else if (typedKeys.has(key)) {
      errors.add(field, value, "a typed prop sets this key (with its hardened default and checks)", "use the typed prop instead");
    }
  }
}

const RESERVED_LABEL_PREFIXES = ["com.docker.", "io.docker.", "org.dockerproject.", EXCEPTION_LABEL_PREFIX];

/** The scalar props: log level, userns-remap, seccomp, MTU, DNS, IPv6, metrics, plugins, labels, booleans. */
export function checkScalarProps(p: DaemonConfigProps, errors: SpecErrors): void {
  if (p.logLevel !== undefined && !["debug", "info", "warn", "error", "fatal"].includes(p.logLevel)) {
    errors.add("logLevel", p.logLevel, "not a dockerd log level", 'use "info"');
  }
  if (p.usernsRemap !== undefined) {
    const ok = typeof p.usernsRemap === "string" && /^([a-z_][a-z0-9_-]*|\d+)(:([a-z_][a-z0-9_-]*|\d+))?$/.test(p.usernsRemap);
    if (!ok || /^(root|0)(:|$)/.test(p.usernsRemap)) {
      errors.add(
        "usernsRemap",
        p.usernsRemap,
        "not a user (and group) to remap to, or root, which remaps nothing",
        'use "default" (creates dockremap) or an unprivileged user with /etc/subuid and /etc/subgid ranges',
      );
    }
  }
  if (p.seccompProfile !== undefined && p.seccompProfile !== "unconfined" && !/^\/[A-Za-z0-9._/-]+\.json$/.test(p.seccompProfile)) {
    errors.add(
      "seccompProfile",
      p.seccompProfile,
      "not the absolute path of a JSON seccomp profile",
      "give e.g. /etc/docker/seccomp.json, or omit it for the engine's built-in profile",
    );
  }
  if (p.mtu !== undefined && (!Number.isInteger(p.mtu) || p.mtu < (p.ipv6 ? 1280 : 68) || p.mtu > 65535)) {
    errors.add("mtu", p.mtu, `not an MTU (a whole number from ${p.ipv6 ? "1280 with IPv6" : 68} to 65535)`, "use 1500, or 9001 inside a VPC");
  }
  (p.dns ?? []).forEach(
    (server, i) => isIpAddress(server) || errors.add(`dns[${i}]`, server, "not an IP address", "use e.g. 169.254.169.253 (the VPC resolver)"),
  );
  (p.dnsSearch ?? []).forEach((domain, i) => {
    if (typeof domain !== "string" || !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(domain))
      errors.add(`dnsSearch[${i}]`, domain, "not a domain name", "use e.g. internal.example.com");
  });
  if (p.ipv6 === true && !p.fixedCidrV6) errors.add("ipv6", true, "IPv6 on the default bridge needs its range", 'set fixedCidrV6, e.g. "2001:db8:1::/64"');
  if (p.fixedCidrV6 !== undefined && p.ipv6 !== true)
    errors.add("fixedCidrV6", p.fixedCidrV6, "has no effect without ipv6: true", "set ipv6: true, or drop fixedCidrV6");
  if (p.metricsAddress !== undefined && !/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):([1-9]\d{0,4})$/.test(p.metricsAddress)) {
    errors.add("metricsAddress", p.metricsAddress, "not an address:port", "use e.g. 127.0.0.1:9323");
  }
  (p.authorizationPlugins ?? []).forEach((plugin, i) => {
    if (typeof plugin !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(plugin))
      errors.add(`authorizationPlugins[${i}]`, plugin, "not a plugin name", "use the plugin's name, e.g. opa-docker-authz");
  });
  for (const [key, value] of Object.entries(p.labels ?? {})) {
    if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(key) || RESERVED_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix))) {
      errors.add(
        `labels.${key}`,
        value,
        "not a label key of lowercase letters, digits, . and -, outside the reserved com.docker., io.docker., org.dockerproject. and exception namespaces",
        "use a reverse-DNS key such as com.example.role",
      );
    } else if (typeof value !== "string" || /\p{Cc}/u.test(value))
      errors.add(`labels.${key}`, value, "a label value is a string on one line", "write it on one line");
  }
  const bools: (keyof DaemonConfigProps)[] = [
    "liveRestore",
    "icc",
    "userlandProxy",
    "noNewPrivileges",
    "iptables",
    "ipForward",
    "ipv6",
    "tls",
    "tlsVerify",
    "experimental",
    "swarmMode",
  ];
  for (const name of bools)
    if (p[name] !== undefined && typeof p[name] !== "boolean") errors.add(name, p[name], "must be true or false", "write true or false");
}
