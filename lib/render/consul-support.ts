import type { ContainerSpec } from "../core/container-spec";
import { SpecError } from "../core/spec-error";
import type { SupportService, SupportServiceHost } from "../core/support-service";
import { SUPPORT_CONFIG_DIRECTORY } from "./support-services";

/** HashiCorp's Consul image (pin it by digest for production). */
export const CONSUL_IMAGE = "hashicorp/consul:1.19.2";
/** Registrator v7, the last release (2016; unmaintained): registers containers from Docker events. */
export const REGISTRATOR_IMAGE = "gliderlabs/registrator:v7";

export interface ConsulOptions {
  /** @default CONSUL_IMAGE */
  readonly image?: string;
  /** @default "256m" */
  readonly memory?: string;
  /** @default 0.25 */
  readonly cpus?: number;
}

export interface RegistratorOptions {
  /** @default REGISTRATOR_IMAGE */
  readonly image?: string;
}

/** Consul's agent ports between servers (consul.io "Required ports"): server RPC and LAN gossip. */
const CONSUL_PEER_PORTS = [
  { port: 8300, protocol: "tcp", purpose: "Consul server RPC" },
  { port: 8301, protocol: "tcp", purpose: "Consul LAN gossip" },
  { port: 8301, protocol: "udp", purpose: "Consul LAN gossip" },
] as const;

/**
 * The Consul agent configuration (JSON) of one host: every host is a server, the servers find
 * each other by their fixed addresses (`retry_join`), gossip and RPC on the host's private
 * address, and the HTTP API and DNS interface answer on 127.0.0.1 only. No UI, no script checks.
 */
export function renderConsulConfig(host: SupportServiceHost): string {
  const servers = host.hosts.length;
  if (servers % 2 === 0) {
    throw new SpecError(
      `support service consul on ${host.name}`,
      "hosts",
      servers,
      "every host is a Consul server, and an even number of servers tolerates no more failures than one fewer",
      "run Consul on an environment of 1, 3 or 5 hosts",
    );
  }
  const config = {
    datacenter: host.environmentName,
    node_name: host.name,
    server: true,
    bootstrap_expect: servers,
    bind_addr: host.privateIp,
    advertise_addr: host.privateIp,
    client_addr: "127.0.0.1",
    retry_join: host.hosts.filter((h) => h.name !== host.name).map((h) => h.privateIp),
    data_dir: "/consul/data",
    ui_config: { enabled: false },
    enable_script_checks: false,
    disable_update_check: true,
    log_level: "INFO",
    ports: { dns: 8600, http: 8500 },
  };
  return `${JSON.stringify(config, undefined, 2)}\n`;
}

/** Consul (book chapter 14) and registrator as support services: an option, off by default. */
export const ConsulSupport = {
  /** A Consul server on every host: service catalogue, health checks and a DNS interface on 127.0.0.1:8600. */
  agent(options: ConsulOptions = {}): SupportService {
    return (host) => {
      const configPath = `${SUPPORT_CONFIG_DIRECTORY}/consul/consul.json`;
      const spec: ContainerSpec = {
        name: "consul",
        image: options.image ?? CONSUL_IMAGE,
        command: ["agent", "-config-file=/consul/config/consul.json"],
        user: "100:1000",
        resources: { memory: options.memory ?? "256m", cpus: options.cpus ?? 0.25 },
        mounts: [
          { type: "bind", source: configPath, target: "/consul/config/consul.json", readOnly: true },
          { type: "volume", source: "consul-data", target: "/consul/data" },
        ],
        security: { hostNamespaces: ["network"] },
        healthCheck: { command: "consul members >/dev/null", intervalSeconds: 15, startPeriodSeconds: 20 },
        exceptions: [{ rule: "CIS-5.10", reason: "gossips and serves RPC on the host's private address, where the other hosts' agents reach it" }],
      };
      return {
        spec,
        files: [{ path: configPath, content: renderConsulConfig(host) }],
        peerPorts: CONSUL_PEER_PORTS,
        description: `Consul server ${host.name} of datacenter ${host.environmentName}`,
      };
    };
  },

  /**
   * Registrator: registers every container that publishes a port in the local Consul agent. It
   * reads Docker's events through the engine's socket, and that socket is the whole engine API
   * (a read-only mount does not make the API read-only): whoever controls this container controls
   * the host. That is CIS 5.32, and it carries the exception saying so.
   */
  registrator(options: RegistratorOptions = {}): SupportService {
    return (host) => ({
      spec: {
        name: "registrator",
        image: options.image ?? REGISTRATOR_IMAGE,
        command: ["-internal=false", `-ip=${host.privateIp}`, "-resync=60", "consul://127.0.0.1:8500"],
        user: "0:0",
        resources: { memory: "64m", cpus: 0.1 },
        mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/tmp/docker.sock", readOnly: true }],
        security: { hostNamespaces: ["network"] },
        healthCheck: { command: "wget -q -O /dev/null http://127.0.0.1:8500/v1/agent/self", intervalSeconds: 30 },
        exceptions: [
          {
            rule: "CIS-5.32",
            reason:
              "registrator reads container events from the Docker socket: full engine access, so it runs only where you chose service registration by an agent",
          },
          { rule: "CIS-4.1", reason: "connects to the root-owned Docker socket (no capabilities: owner access only)" },
          { rule: "CIS-5.10", reason: "registers in the Consul agent that answers on the host's 127.0.0.1" },
        ],
      },
      description: `Registrator: registers ${host.name}'s published containers in Consul`,
    });
  },
};
