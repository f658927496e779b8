import type { DockerAddressPool } from "./cidr";
import type { DaemonLogDriver } from "./daemon-config-checks";
import type { DaemonException } from "./daemon-exception";
import type { StorageDriver } from "./storage-driver";

/**
 * `/etc/docker/daemon.json`, typed (book chapters 6, 10, 11, 12; CIS Docker Benchmark 1.6 section
 * 2). Without props you get the hardened daemon: overlay2, rotated `local` logs, `icc` off, live
 * restore, no userland proxy, no new privileges, log level info, Docker-managed iptables,
 * experimental off, `nofile` 1024:65536 by default, and the unix socket only. Weakening any of these
 * needs an entry in `exceptions`, rendered as an engine label (visible in `docker info`).
 */
export interface DaemonConfigProps {
  /** Storage driver and its options (`storage-driver`, `storage-opts`, `features`). @default StorageDriver.overlay2() (xfs, ftype=1) */
  readonly storage?: StorageDriver;
  /** `data-root`: where images, containers and volumes live; the dedicated data volume is mounted here (CIS 1.1.1). @default "/var/lib/docker" */
  readonly dataRoot?: string;
  /** `log-driver`: `local` or `json-file` (rotation enforced), or a central sink: awslogs, journald, syslog, fluentd (CIS 2.13). @default "local" */
  readonly logDriver?: DaemonLogDriver;
  /** `log-opts`. For local/json-file they are merged over the rotation defaults, and rotation cannot be turned off. @default { "max-size": "10m", "max-file": "5" } for local/json-file, else {} */
  readonly logOptions?: Record<string, string>;
  /** `live-restore`: containers keep running while dockerd restarts or upgrades (CIS 2.15). Incompatible with swarm mode. @default true */
  readonly liveRestore?: boolean;
  /** `icc`: containers on the default bridge may talk to each other (CIS 2.2). User-defined networks are unaffected. @default false */
  readonly icc?: boolean;
  /** `userland-proxy`: docker-proxy processes for published ports instead of iptables rules only (CIS 2.16). @default false */
  readonly userlandProxy?: boolean;
  /** `no-new-privileges`: no container process can gain privileges through setuid/setgid binaries or file capabilities (CIS 2.14). @default true */
  readonly noNewPrivileges?: boolean;
  /**
   * `userns-remap`: run containers in a user namespace, root inside mapped to an unprivileged
   * host range (`"default"` creates the `dockremap` user and its /etc/subuid, /etc/subgid ranges).
   * CIS 2.9 recommends it; it is opt-in here because it changes file ownership on the host:
   * bind-mounted directories and secret files must be owned by the remapped ids, images are
   * stored per mapping, and host namespaces and `--privileged` no longer work (see
   * `checkServicesAgainstDaemon`). It also rules out the containerd image store.
   * @default undefined (no remapping)
   */
  readonly usernsRemap?: string;
  /** `default-ulimits` for every container (CIS 2.8). @default { nofile: { soft: 1024, hard: 65536 } } */
  readonly defaultUlimits?: Record<string, { readonly soft: number; readonly hard: number }>;
  /** `seccomp-profile`: a daemon-wide profile file (CIS 2.17); `"unconfined"` needs the exception CIS-5.22. @default the engine's built-in profile */
  readonly seccompProfile?: string;
  /** `iptables`: Docker manages the NAT and filter rules for its networks (CIS 2.4). @default true */
  readonly iptables?: boolean;
  /** `ip-forward`: Docker enables net.ipv4.ip_forward (containers need it to reach other networks). @default not set (Docker's default, true) */
  readonly ipForward?: boolean;
  /** `bip`: the default bridge's address and prefix, e.g. `192.168.200.1/24`. @default Docker's (172.17.0.1/16) */
  readonly bip?: string;
  /** `fixed-cidr`: the range inside `bip`'s network that default-bridge containers get addresses from. @default all of it */
  readonly fixedCidr?: string;
  /** `default-address-pools`: the ranges user-defined networks are cut from. @default Docker's (172.17.0.0/12 and 192.168.0.0/16 pieces) */
  readonly defaultAddressPools?: DockerAddressPool[];
  /** Networks Docker's ranges must not overlap (the VPC, peered or on-premises ranges); not rendered. See also `checkHostNetworks`. @default [] */
  readonly hostNetworks?: string[];
  /** `mtu` of the default bridge (e.g. 9001 inside a VPC, 1450 over a VPN). @default Docker's (1500) */
  readonly mtu?: number;
  /** `dns` servers for containers. @default the host's resolvers */
  readonly dns?: string[];
  /** `dns-search` domains for containers. @default the host's */
  readonly dnsSearch?: string[];
  /** `ipv6` on the default bridge; needs `fixedCidrV6`. @default false */
  readonly ipv6?: boolean;
  /** `fixed-cidr-v6`: the default bridge's IPv6 range, e.g. a /64 of the subnet's /56. @default none */
  readonly fixedCidrV6?: string;
  /**
   * `hosts`: the API listeners. Rendered only when set, because dockerd refuses a setting given both
   * in daemon.json and as a flag, and the packaged docker.service passes `-H fd://`: a host that
   * sets hosts needs a docker.service drop-in that clears ExecStart (see `setsHosts`). A
   * `tcp://` listener requires mutual TLS (CIS 2.7).
   * @default none: the unix socket /var/run/docker.sock only
   */
  readonly hosts?: string[];
  /** `tls`. @default not set (implied by tlsVerify) */
  readonly tls?: boolean;
  /** `tlsverify`: clients must present a certificate signed by `tlsCaCert`. Required with a tcp:// host. @default not set */
  readonly tlsVerify?: boolean;
  /** `tlscacert`: path of the CA that signs client certificates. @default not set */
  readonly tlsCaCert?: string;
  /** `tlscert`: path of the server certificate. @default not set */
  readonly tlsCert?: string;
  /** `tlskey`: path of the server key (a file on the host, never its content). @default not set */
  readonly tlsKey?: string;
  /** `registry-mirrors`: https:// pull-through mirrors of Docker Hub. @default [] */
  readonly registryMirrors?: string[];
  /** `insecure-registries`: registries reached over plain HTTP or unverified TLS; needs the exception CIS-2.5. @default [] */
  readonly insecureRegistries?: string[];
  /** `metrics-addr`: the Prometheus endpoint, e.g. `127.0.0.1:9323` (unauthenticated: keep it on loopback or a private address). @default off */
  readonly metricsAddress?: string;
  /** `log-level` (CIS 2.3); anything but info needs the exception CIS-2.3. @default "info" */
  readonly logLevel?: "debug" | "info" | "warn" | "error" | "fatal";
  /** `experimental` (CIS 2.18); true needs the exception CIS-2.18. @default false */
  readonly experimental?: boolean;
  /** `authorization-plugins` that approve each API request (CIS 2.12); the plugins must be installed on the host. @default [] */
  readonly authorizationPlugins?: string[];
  /** Engine `labels` (shown by `docker info`, used for placement). @default {} */
  readonly labels?: Record<string, string>;
  /** Whether this host joins a swarm (not a daemon.json key): refuses what swarm mode cannot run with (live-restore). @default false */
  readonly swarmMode?: boolean;
  /** More daemon.json keys: each must be a real dockerd key that no typed prop covers (see DOCKERD_KEYS). @default {} */
  readonly extra?: Record<string, unknown>;
  /** Named, reasoned weakenings of the hardened defaults (rendered as engine labels). @default [] */
  readonly exceptions?: DaemonException[];
}
