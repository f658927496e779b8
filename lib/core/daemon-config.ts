import { checkDockerAddressSpace, cidrsOverlap, tryParseCidr } from "./cidr";
import { DEFAULT_LOG_ROTATION, checkExtra, checkHostsAndTls, checkLogging, checkRegistries, checkScalarProps, checkUlimits } from "./daemon-config-checks";
import type { DaemonLogDriver } from "./daemon-config-checks";
import { daemonExceptionLabel, resolveDaemonExceptions } from "./daemon-exception";
import type { DaemonRuleId } from "./daemon-exception";
import type { DaemonConfigProps } from "./daemon-config-props";
import type { HostPlan } from "./host-plan";
import { DOCKERD_KEYS } from "./dockerd-keys";
import { engineAtLeast, formatEngineVersion, parseEngineVersion } from "./engine-version";
import { SpecError, SpecErrors } from "./spec-error";
import { checkDataRootPath } from "./storage-preparation";
import { StorageDriver } from "./storage-driver";

/** The `nofile` limit every container gets unless it sets its own: the same as the container defaults. */
export const DEFAULT_DAEMON_ULIMITS = { nofile: { soft: 1024, hard: 65536 } } as const;

const TYPED_KEYS = new Set(
  "authorization-plugins bip data-root debug default-address-pools default-ulimits dns dns-search experimental fixed-cidr fixed-cidr-v6 hosts icc insecure-registries ip-forward iptables ipv6 labels live-restore log-driver log-level log-opts metrics-addr mtu no-new-privileges registry-mirrors seccomp-profile storage-driver storage-opts tls tlscacert tlscert tlskey tlsverify userland-proxy userns-remap".split(
    " ",
  ),
);

/**
 * A validated daemon.json model. Construct it (every problem is reported at once, as a SpecError
 * naming `where`, the prop, the value and the fix), then render it with `renderDaemonJson`.
 * `where` is the construct path or name the messages start with (default `DaemonConfig`).
 */
export class DaemonConfig {
  readonly storage: StorageDriver;
  readonly dataRoot: string;
  readonly usernsRemap?: string;
  readonly liveRestore: boolean;
  /** Why each hardened default is weakened, by rule. */
  readonly exceptionReasons: ReadonlyMap<DaemonRuleId, string>;
  /** Legal but poor choices (vfs, a deprecated driver, a public metrics endpoint), for synth-time warnings. */
  readonly warnings: readonly string[];
  private readonly entries: Readonly<Record<string, unknown>>;
  private readonly props: DaemonConfigProps;

  constructor(
    props: DaemonConfigProps = {},
    private readonly where: string = "DaemonConfig",
  ) {
    const errors = new SpecErrors(where);
    const p = { ...props };
    this.props = p;
    this.storage = p.storage ?? StorageDriver.overlay2();
    if (!(this.storage instanceof StorageDriver))
      throw new SpecError(where, "storage", p.storage, "not a StorageDriver", "use a factory such as StorageDriver.overlay2()");
    this.dataRoot = (p.dataRoot ?? "/var/lib/docker").replace(/(.)\/+$/, "$1");
    checkDataRootPath(this.dataRoot, where);
    this.liveRestore = p.liveRestore ?? true;
    this.usernsRemap = p.usernsRemap;
    const logDriver = p.logDriver ?? "local";
    const logOptions = logDriver === "local" || logDriver === "json-file" ? { ...DEFAULT_LOG_ROTATION, ...p.logOptions } : { ...p.logOptions };
    checkLogging(logDriver, logOptions, errors);
    const ulimits = p.defaultUlimits ?? DEFAULT_DAEMON_ULIMITS;
    checkUlimits(ulimits, errors);
    const tcp = checkHostsAndTls(p, errors);
    checkRegistries(p.registryMirrors ?? [], p.insecureRegistries ?? [], errors);
    checkExtra(p.extra ?? {}, TYPED_KEYS, errors);
    checkScalarProps(p, errors);

    const needed = new Map<DaemonRuleId, { field: string; value: unknown }>();
    const weakens = (rule: DaemonRuleId, field: string, value: unknown, when: boolean) => when && needed.set(rule, { field, value });
    weakens("CIS-2.2", "icc", p.icc, p.icc === true);
    weakens("CIS-2.3", "logLevel", p.logLevel, (p.logLevel ?? "info") !== "info");
    weakens("CIS-2.4", "iptables", p.iptables, p.iptables === false);
    weakens("CIS-2.5", "insecureRegistries", p.insecureRegistries, (p.insecureRegistries ?? []).length > 0);
    weakens("CIS-2.6", "storage", this.storage.name, this.storage.name === "aufs");
    weakens("CIS-2.14", "noNewPrivileges", p.noNewPrivileges, p.noNewPrivileges === false);
    weakens("CIS-2.15", "liveRestore", p.liveRestore, p.liveRestore === false);
    weakens("CIS-2.16", "userlandProxy", p.userlandProxy, p.userlandProxy === true);
    weakens("CIS-2.18", "experimental", p.experimental, p.experimental === true);
    weakens("CIS-5.22", "seccompProfile", p.seccompProfile, p.seccompProfile === "unconfined");
    this.exceptionReasons = resolveDaemonExceptions(p.exceptions, needed, errors);

    if (p.swarmMode && this.liveRestore) {
      errors.add(
        "liveRestore",
        this.liveRestore,
        "live-restore is incompatible with swarm mode: dockerd refuses `docker swarm init` and `join`",
        'set liveRestore: false with exceptions: [{ rule: "CIS-2.15", reason: "..." }], or do not use swarm mode',
      );
    }
    if (p.usernsRemap !== undefined && this.storage.name === "containerd-snapshotter") {
      errors.add(
        "usernsRemap",
        p.usernsRemap,
        "the containerd image store does not work with userns-remap (moby#47377)",
        "drop usernsRemap, or use StorageDriver.overlay2()",
      );
    }
    errors.throwIfAny();
    this.checkHostNetworks(p.hostNetworks ?? [], where);

    const warnings = this.storage.warning ? [this.storage.warning] : [];
    if (p.metricsAddress && !/^(127\.|\[::1\]|localhost:)/.test(p.metricsAddress)) {
      warnings.push(`metrics-addr ${p.metricsAddress} serves unauthenticated engine metrics beyond loopback: allow only the collector in the security group`);
    }
    if (tcp) warnings.push("hosts includes a tcp:// listener: open its port only to the clients that hold certificates signed by tlsCaCert");
    this.warnings = warnings;
    this.entries = this.buildEntries(logDriver, logOptions, ulimits);
  }

  /** Whether daemon.json sets `hosts`: the host must then drop `-H fd://` from docker.service (a drop-in that clears ExecStart). */
  get setsHosts(): boolean {
    return this.props.hosts !== undefined;
  }

  /**
   * This config's part of a HostPlan: the packages its storage driver needs and the idempotent
   * commands that prepare `device` (the dedicated data volume) and mount it at the data root.
   */
  storagePlan(device: string): Pick<HostPlan, "packages" | "storagePreparation"> {
    return { packages: [...this.storage.packages], storagePreparation: this.storage.preparation(device, this.dataRoot) };
  }

  /** The daemon.json entries, keys in no particular order (renderDaemonJson sorts them). */
  toJson(): Record<string, unknown> {
    return structuredClone(this.entries) as Record<string, unknown>;
  }

  /**
   * Refuses overlaps of Docker's bridge and address pools with the networks the host must reach
   * (the VPC's CIDRs and peered ranges): the hook for a VPC known only later.
   */
  checkHostNetworks(hostNetworks: readonly string[], where: string = this.where): void {
    const p = this.props;
    checkDockerAddressSpace(
      { bip: p.bip, fixedCidr: p.fixedCidr, fixedCidrV6: p.fixedCidrV6, defaultAddressPools: p.defaultAddressPools },
      hostNetworks,
      where,
    );
    const errors = new SpecErrors(where);
    const pools = (p.defaultAddressPools ?? []).map((pool) => tryParseCidr(pool.base)!);
    pools.forEach((pool, i) => {
      pools.slice(0, i).forEach((other, j) => {
        if (cidrsOverlap(pool, other))
          errors.add(
            `default-address-pools[${i}].base`,
            p.defaultAddressPools![i].base,
            `overlaps default-address-pools[${j}].base ${p.defaultAddressPools![j].base}`,
            "make the pools disjoint",
          );
      });
      const bridge = p.bip ? tryParseCidr(p.bip) : undefined;
      if (bridge && cidrsOverlap(bridge, pool)) {
        errors.add(
          "bip",
          p.bip,
          `overlaps default-address-pools[${i}].base ${p.defaultAddressPools![i].base}`,
          "keep the default bridge outside the pools user-defined networks are cut from, so no two networks can be given the same range",
        );
      }
    });
    errors.throwIfAny();
  }

  /**
   * Refuses an Engine that cannot run this config, naming the version: the storage driver's
   * releases, and extra keys the Engine does not know or no longer accepts. Returns warnings.
   */
  checkEngine(version: string, where: string = this.where): string[] {
    const warnings = this.storage.checkEngine(version, where);
    const v = parseEngineVersion(version, where);
    const errors = new SpecErrors(where);
    for (const key of Object.keys(this.props.extra ?? {})) {
      const known = DOCKERD_KEYS[key];
      if (known?.removedIn && engineAtLeast(v, known.removedIn)) {
        errors.add(`extra["${key}"]`, key, `removed in Docker Engine ${known.removedIn}; this host pins ${formatEngineVersion(v)}`, "drop the key");
      } else if (known && !known.in2010 && !engineAtLeast(v, "23.0")) {
        errors.add(`extra["${key}"]`, key, `not known to Docker Engine ${formatEngineVersion(v)} (it came after 20.10)`, "pin a newer Engine, or drop the key");
      }
    }
    errors.throwIfAny();
    return warnings;
  }

  private buildEntries(
    logDriver: DaemonLogDriver,
    logOptions: Record<string, string>,
    ulimits: Record<string, { soft: number; hard: number }>,
  ): Record<string, unknown> {
    const p = this.props;
    const storage = this.storage.daemonSettings();
    const extra = { ...p.extra };
    const features = { ...storage.features, ...((extra.features as Record<string, boolean> | undefined) ?? {}) };
    delete extra.features;
    const labels = [
      ...Object.entries(p.labels ?? {}).map(([k, v]) => `${k}=${v}`),
      ...[...this.exceptionReasons].map(([rule, reason]) => `${daemonExceptionLabel(rule)}=${reason}`),
    ];
    const optional = (key: string, value: unknown) => (value === undefined || (Array.isArray(value) && value.length === 0) ? {} : { [key]: value });
    return {
      ...optional("authorization-plugins", p.authorizationPlugins),
      ...optional("bip", p.bip),
      "data-root": this.dataRoot,
      ...optional(
        "default-address-pools",
        p.defaultAddressPools?.map((pool) => ({ base: pool.base, size: pool.size })),
      ),
      "default-ulimits": Object.fromEntries(Object.entries(ulimits).map(([name, l]) => [name, { Name: name, Hard: l.hard, Soft: l.soft }])),
      ...optional("dns", p.dns),
      ...optional("dns-search", p.dnsSearch),
      experimental: p.experimental ?? false,
      features,
      ...optional("fixed-cidr", p.fixedCidr),
      ...optional("fixed-cidr-v6", p.fixedCidrV6),
      ...optional("hosts", p.hosts),
      icc: p.icc ?? false,
      ...optional("insecure-registries", p.insecureRegistries),
      ...optional("ip-forward", p.ipForward),
      iptables: p.iptables ?? true,
      ...optional("ipv6", p.ipv6),
      ...optional("labels", labels),
      "live-restore": this.liveRestore,
      "log-driver": logDriver,
      ...optional("log-opts", Object.keys(logOptions).length ? logOptions : undefined),
      "log-level": p.logLevel ?? "info",
      ...optional("metrics-addr", p.metricsAddress),
      ...optional("mtu", p.mtu),
      "no-new-privileges": p.noNewPrivileges ?? true,
      ...optional("registry-mirrors", p.registryMirrors),
      ...optional("seccomp-profile", p.seccompProfile),
      ...optional("storage-driver", storage["storage-driver"]),
      ...optional("storage-opts", storage["storage-opts"]),
      ...optional("tls", p.tls),
      ...optional("tlscacert", p.tlsCaCert),
      ...optional("tlscert", p.tlsCert),
      ...optional("tlskey", p.tlsKey),
      ...optional("tlsverify", p.tlsVerify),
      "userland-proxy": p.userlandProxy ?? false,
      ...optional("userns-remap", p.usernsRemap),
      ...extra,
    };
  }
}
