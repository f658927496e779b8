import type { DaemonConfig } from "../core/daemon-config";
import type { ContainerSpec } from "../core/container-spec";
import type { PlacementStrategy } from "../core/placement";
import type { SupportService } from "../core/support-service";
import type { PolicyContext } from "../policy/container-rules";
import type { Bootstrapper } from "../render/bootstrap/bootstrap-user-data";
import type { DockerHostProps } from "../constructs/docker-host";
import type { Network } from "../constructs/network";

/** A service spec whose image may come from `releases` instead. */
export type MinimalServiceSpec = Omit<ContainerSpec, "image"> & {
  /** The image. Leave it out when you give `releases`. @default releases[0] */
  readonly image?: string;
};

/** A port other hosts reach the service on: published on the host's private address and named in DNS. */
export interface PrivatePort {
  /** The port's name in the SRV record `_<name>._<protocol>.<service>.<zone>`, e.g. `http`. */
  readonly name: string;
  /** Port inside the container. */
  readonly containerPort: number;
  /** Port on the host. @default containerPort */
  readonly hostPort?: number;
  /** @default "tcp" */
  readonly protocol?: "tcp" | "udp";
}

/** One Docker host of the environment. */
export interface MinimalHostProps {
  /** The host's name: a DNS label (`app-1`), its name in the private zone and in the configuration. */
  readonly name: string;
  /** @default "t3.medium" */
  readonly instanceType?: string;
  /** Which availability zone's private subnet. @default hosts are dealt over the zones in order */
  readonly zoneIndex?: number;
  /**
   * The host's fixed private IPv4 address, inside its private subnet. Services publish their
   * private ports on it and DNS names it, so it is fixed. @default the subnet's 10th address onwards, in host order
   */
  readonly privateIp?: string;
  /** Labels placement constraints match, e.g. `{ disk: "ssd" }`. @default {} */
  readonly labels?: Record<string, string>;
  /** The local configuration layer: variables for every service on this host (they win over the other layers). @default {} */
  readonly localConfiguration?: Record<string, string>;
  /**
   * What services may request on this host, before the system reserve and the support services.
   * @default the instance type's vCPUs and memory (known types only)
   */
  readonly capacity?: { readonly memory: string; readonly cpus: number };
  /** Further DockerHost props (volumes, AMI, Docker version, exceptions...). @default none */
  readonly hostOptions?: Omit<DockerHostProps, "network" | "bootstrap" | "userData" | "instanceType" | "zoneIndex" | "dnsName" | "subnetType">;
}

/** One application service of the environment. */
export interface MinimalServiceProps {
  /** The container. Its `resources` are also what placement reserves for it. */
  readonly spec: MinimalServiceSpec;
  /**
   * Release history, newest first: the newest runs. Keep the last few so a rollback is one
   * prop change (`rollbackTo`). @default [spec.image]
   */
  readonly releases?: string[];
  /** Run this older release (one of `releases`) instead of the newest. @default the newest */
  readonly rollbackTo?: string;
  /** The common configuration layer: variables for this service on all its hosts. @default {} */
  readonly commonConfiguration?: Record<string, string>;
  /** Run on exactly these hosts. @default chosen by the placement strategy */
  readonly hosts?: string[];
  /** How many hosts run it (strategy placement); 0 removes it from every host. @default 1 */
  readonly replicas?: number;
  /** Host labels a host must have to run it (strategy placement). @default {} */
  readonly constraints?: Record<string, string>;
  /**
   * What placement reserves per container, when less than the limits.
   * @default the spec's resources: memory limit and CPUs (so limits are never overcommitted)
   */
  readonly requests?: { readonly memory?: string; readonly cpus?: number };
  /** Ports other hosts reach it on, named in DNS. @default [] (reachable from its own host only, on 127.0.0.1) */
  readonly privatePorts?: PrivatePort[];
}

/** How a changed service reaches its hosts. */
export interface DeployOptions {
  /** Seconds a new release has on each host to become healthy before it is rolled back there. @default 300 */
  readonly healthTimeoutSeconds?: number;
  /**
   * Also run every service's deploy on this schedule (an SSM State Manager expression such as
   * `rate(1 day)`), repairing drift on the hosts. @default none: a deploy runs only on a change
   */
  readonly scheduleExpression?: string;
}

export interface MinimalEnvironmentProps {
  /** The network; the hosts go into its private subnets and their names into its private zone. */
  readonly network: Network;
  /** The environment's name: log group, SSM document names, tags. @default the construct id */
  readonly name?: string;
  /** The hosts, at least one, at most 50 (an SSM association's instance limit). */
  readonly hosts: MinimalHostProps[];
  /** The application services. */
  readonly services: MinimalServiceProps[];
  /** The cluster-wide configuration layer: variables for every service on every host. @default {} */
  readonly clusterConfiguration?: Record<string, string>;
  /** How services without explicit `hosts` are placed. @default "spread" */
  readonly placement?: PlacementStrategy;
  /**
   * Support services on every host (book chapter 3). Replace one by passing your own, remove
   * them all with `[]`. @default SupportServices.defaults(): a log shipper and a metrics agent
   */
  readonly supportServices?: SupportService[];
  /** Every host's daemon.json. @default new DaemonConfig() (CIS-hardened, overlay2) */
  readonly daemon?: DaemonConfig;
  /** The configuration-management tool that bootstraps each host. @default "cloud-init" */
  readonly bootstrapper?: Bootstrapper;
  /** Policy context for every service. @default {} (tags pass; `latest` is refused) */
  readonly policy?: PolicyContext;
  /** How many releases a service may retain. @default 5 */
  readonly releaseHistoryLimit?: number;
  /** Deploy behaviour. @default { healthTimeoutSeconds: 300 } */
  readonly deploy?: DeployOptions;
  /** Memory and CPUs kept for the OS and the engine on every host. @default { memory: "512m", cpus: 0.25 } */
  readonly systemReserved?: { readonly memory?: string; readonly cpus?: number };
  /** The AWS region, as a literal (the log shipper's configuration). @default the stack's AwsProvider region */
  readonly region?: string;
  /** Days the container log group keeps logs. @default 365 */
  readonly logRetentionInDays?: number;
  /** TTL of the services' DNS records. @default 30 */
  readonly dnsTtlSeconds?: number;
}
