/**
 * The keys dockerd reads from `/etc/docker/daemon.json` on Linux, from Engine 20.10 to 29: the
 * JSON tags of moby's `daemon/config` structs. dockerd refuses a file with any other key ("the
 * following directives don't match any configuration option"), so `DaemonConfig` refuses it
 * first, at synth time.
 *
 * `in2010` marks the keys Engine 20.10 already knows (checked against the JSON tags in Debian's
 * 20.10 dockerd binary by test/integration/daemon-config.itest.ts); the others came later and are
 * refused by `DaemonConfig.checkEngine` for an engine older than 23.0. `removedIn` is the release
 * that dropped a key. dockerd itself stays the last word for exact versions in between.
 */
export interface DockerdKey {
  /** Known to Engine 20.10. */
  readonly in2010: boolean;
  /** The Engine release that no longer accepts the key. */
  readonly removedIn?: string;
}

const IN_2010: DockerdKey = { in2010: true };
const LATER: DockerdKey = { in2010: false };

export const DOCKERD_KEYS: Readonly<Record<string, DockerdKey>> = {
  "allow-direct-routing": LATER,
  "allow-nondistributable-artifacts": IN_2010,
  "api-cors-header": IN_2010,
  "authorization-plugins": IN_2010,
  bip: IN_2010,
  bip6: LATER,
  bridge: IN_2010,
  "bridge-accept-fwmark": LATER,
  builder: IN_2010,
  "cdi-spec-dirs": LATER,
  "cgroup-parent": IN_2010,
  "cluster-advertise": { in2010: true, removedIn: "23.0" },
  "cluster-store": { in2010: true, removedIn: "23.0" },
  "cluster-store-opts": { in2010: true, removedIn: "23.0" },
  containerd: IN_2010,
  "containerd-namespace": IN_2010,
  "containerd-plugin-namespace": IN_2010,
  "cpu-rt-period": IN_2010,
  "cpu-rt-runtime": IN_2010,
  "cri-containerd": IN_2010,
  "data-root": IN_2010,
  debug: IN_2010,
  "default-address-pools": IN_2010,
  "default-cgroupns-mode": IN_2010,
  "default-gateway": IN_2010,
  "default-gateway-v6": IN_2010,
  "default-init": IN_2010,
  "default-ipc-mode": IN_2010,
  "default-network-opts": LATER,
  "default-runtime": IN_2010,
  "default-shm-size": IN_2010,
  "default-ulimits": IN_2010,
  "deprecated-key-path": IN_2010,
  dns: IN_2010,
  "dns-opts": IN_2010,
  "dns-search": IN_2010,
  "exec-opts": IN_2010,
  "exec-root": IN_2010,
  experimental: IN_2010,
  features: IN_2010,
  "firewall-backend": LATER,
  "fixed-cidr": IN_2010,
  "fixed-cidr-v6": IN_2010,
  graph: { in2010: true, removedIn: "23.0" },
  group: IN_2010,
  "host-gateway-ip": IN_2010,
  "host-gateway-ips": LATER,
  hosts: IN_2010,
  "http-proxy": LATER,
  "https-proxy": LATER,
  icc: IN_2010,
  init: IN_2010,
  "init-path": IN_2010,
  "insecure-registries": IN_2010,
  ip: IN_2010,
  "ip-forward": IN_2010,
  "ip-forward-no-drop": LATER,
  "ip-masq": IN_2010,
  ip6tables: IN_2010,
  iptables: IN_2010,
  ipv6: IN_2010,
  labels: IN_2010,
  "live-restore": IN_2010,
  "log-driver": IN_2010,
  "log-format": LATER,
  "log-level": IN_2010,
  "log-opts": IN_2010,
  "max-concurrent-downloads": IN_2010,
  "max-concurrent-uploads": IN_2010,
  "max-download-attempts": IN_2010,
  "metrics-addr": IN_2010,
  mtu: IN_2010,
  "network-control-plane-mtu": IN_2010,
  "network-diagnostic-port": IN_2010,
  "no-new-privileges": IN_2010,
  "no-proxy": LATER,
  "node-generic-resources": IN_2010,
  "oom-score-adjust": { in2010: true, removedIn: "25.0" },
  pidfile: IN_2010,
  "raw-logs": IN_2010,
  "registry-mirrors": IN_2010,
  "resolv-conf": IN_2010,
  rootless: IN_2010,
  runtimes: IN_2010,
  "seccomp-profile": IN_2010,
  "selinux-enabled": IN_2010,
  "shutdown-timeout": IN_2010,
  "storage-driver": IN_2010,
  "storage-opts": IN_2010,
  "swarm-default-advertise-addr": IN_2010,
  "swarm-raft-election-tick": IN_2010,
  "swarm-raft-heartbeat-tick": IN_2010,
  tls: IN_2010,
  tlscacert: IN_2010,
  tlscert: IN_2010,
  tlskey: IN_2010,
  tlsverify: IN_2010,
  "userland-proxy": IN_2010,
  "userland-proxy-path": IN_2010,
  "userns-remap": IN_2010,
};

/**
 * Known keys that `DaemonConfig.extra` refuses however they are spelled, with the reason and fix:
 * they would bypass a hardened default without the named exception the typed prop asks for.
 */
export const EXTRA_KEYS_REFUSED: Readonly<Record<string, string>> = {
  "api-cors-header": "sets CORS headers on the Engine API, letting web pages drive the engine; deprecated by Docker",
  "cgroup-parent": "moves every container out of the default cgroup hierarchy (CIS 2.10)",
  debug: "switches the daemon to debug logging (CIS 2.3 asks for log-level info): use logLevel with the exception CIS-2.3",
  "cluster-store": "the classic-swarm key/value store, removed in Engine 23.0",
  "cluster-advertise": "the classic-swarm key/value store, removed in Engine 23.0",
  "cluster-store-opts": "the classic-swarm key/value store, removed in Engine 23.0",
  graph: "the old name of data-root, removed in Engine 23.0: use dataRoot",
};
