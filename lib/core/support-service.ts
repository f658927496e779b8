import type { ContainerSpec, Logging } from "./container-spec";

/** What a support service knows about the host it is rendered for. */
export interface SupportServiceHost {
  /** The host's name in the environment, e.g. `app-1`. */
  readonly name: string;
  /** The host's private IPv4 address. */
  readonly privateIp: string;
  /** The environment's name (log group, DNS zone, tags). */
  readonly environmentName: string;
  /** The AWS region, as a literal. */
  readonly region: string;
  /** The environment's CloudWatch log group for container logs. */
  readonly logGroupName: string;
  /** Docker's data root on the host (`/var/lib/docker` unless the daemon says otherwise). */
  readonly dockerDataRoot: string;
  /** Every host of the environment, sorted by name (for agents that join each other, e.g. Consul). */
  readonly hosts: readonly { readonly name: string; readonly privateIp: string }[];
  /** The environment's private DNS zone, e.g. `minimal.internal`. */
  readonly zoneName: string;
}

/** A configuration file a support service reads, installed on the host with its unit. */
export interface SupportServiceFile {
  /** Absolute host path, outside the sensitive trees (/etc, /usr, ...) so it can be bind-mounted read-only. */
  readonly path: string;
  readonly content: string;
  /** @default "0644" */
  readonly mode?: string;
}

/** One support service on one host: its container and its configuration files. */
export interface SupportServiceDefinition {
  /** The container, run by a systemd unit like every service. */
  readonly spec: ContainerSpec;
  /** Files it needs on the host. @default [] */
  readonly files?: readonly SupportServiceFile[];
  /**
   * The log driver application containers need so this service can read their logs (a log
   * shipper tailing json-file logs). Applied to application services that do not choose one.
   * @default none
   */
  readonly applicationLogging?: Logging;
  /** What it does, for the documentation output. */
  readonly description: string;
  /**
   * Ports the environment's hosts must reach each other on for this service (a cluster's
   * gossip and RPC): opened between every pair of hosts. @default []
   */
  readonly peerPorts?: readonly { readonly port: number; readonly protocol: "tcp" | "udp"; readonly purpose: string }[];
}

/**
 * A support service (book chapter 3): rendered for every host of the environment, so it can
 * use the host's name and address. Replace one by passing your own function.
 */
export type SupportService = (host: SupportServiceHost) => SupportServiceDefinition;
