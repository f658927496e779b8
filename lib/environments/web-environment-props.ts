import type { AwsException } from "../core/aws-exception";
import type { DockerAddressSpace } from "../core/cidr";
import type { DaemonConfig } from "../core/daemon-config";
import type { DockerHostOptions } from "../core/docker-host-settings";
import type { FleetCapacity, FleetDeployment, FleetScaling } from "../core/web-fleet-settings";
import type { WebLoadBalancerOptions } from "../core/web-load-balancer-settings";
import type { WebMonitoringOptions } from "../core/web-monitoring-settings";
import type { WebRelease } from "../core/web-release";
import type { Network } from "../constructs/network";
import type { HostDataVolumeOptions } from "../constructs/web-fleet";
import type { Bootstrapper } from "../render/bootstrap/bootstrap-user-data";
import type { WebServiceSpec } from "../render/web-host-plan";

/** Stateful data of the service: an encrypted EBS volume on every host, bind-mounted into the container. */
export interface WebDataVolume extends HostDataVolumeOptions {
  /** Where the service sees it, e.g. `/var/lib/app`. Owned by the service's user (a numeric uid:gid). */
  readonly containerPath: string;
}

export interface WebEnvironmentProps {
  /**
   * The environment's name: the load balancer, target group, Auto Scaling group, alarms,
   * dashboard and log groups are named after it. 1-26 lowercase letters, digits and '-';
   * changing it replaces the environment.
   */
  readonly name: string;
  /** The network: the load balancer in its public subnets, the hosts in its private subnets, in every zone. */
  readonly network: Network;
  /** The web service (image, ports and logging come from the environment; `containerPort` is its HTTP port). */
  readonly service: WebServiceSpec;
  /**
   * The retained releases, newest first. A deploy is a new entry at the front; every entry stays
   * until you drop it, so rolling back is one prop: `activeRelease`.
   */
  readonly releases: WebRelease[];
  /** The release the fleet runs: set it to an older version to roll back. @default the newest (releases[0]) */
  readonly activeRelease?: string;
  /** The load balancer: certificate, TLS policy, health check, draining. */
  readonly loadBalancer: WebLoadBalancerOptions;
  /** Host settings (instance type, AMI, engine version, volumes). @default DockerHostTemplate's defaults (t3.medium, Ubuntu 24.04, Docker 27.5.1) */
  readonly host?: DockerHostOptions;
  /** Docker's address pools, checked against the VPC's block. @default Docker's compiled-in pools */
  readonly dockerAddressSpace?: DockerAddressSpace;
  /** The engine's daemon.json. @default new DaemonConfig() (CIS-hardened, overlay2 on the Docker data volume) */
  readonly daemon?: DaemonConfig;
  /** The tool that bootstraps each host. @default "cloud-init" */
  readonly bootstrapper?: Bootstrapper;
  /** Fleet bounds. @default 2 to 4 hosts, 2 at creation */
  readonly capacity?: FleetCapacity;
  /** Target-tracking scaling. @default none: the fleet keeps its desired capacity */
  readonly scaling?: FleetScaling;
  /** The health-gated rolling deploy. @default 100% healthy, up to 150%, checkpoints at 50% and 100% with 5 minutes between */
  readonly deployment?: FleetDeployment;
  /**
   * An encrypted EBS volume per host for the service's data. Each host has its own, and it goes
   * with the host (every release replaces the hosts), so keep only data that can be rebuilt
   * there; durable state belongs in managed services. @default none: the service is stateless
   */
  readonly dataVolume?: WebDataVolume;
  /** Days the container logs are kept; under 365 needs the `LOG-RETENTION-UNDER-365` exception. @default 365 */
  readonly logRetentionInDays?: number;
  /** The CloudWatch agent image and the alarms. */
  readonly monitoring: WebMonitoringOptions;
  /** Named, reasoned weakenings: DELETION-PROTECTION-OFF, LOG-RETENTION-UNDER-365. @default none */
  readonly exceptions?: AwsException[];
  /** Tags on every resource that takes them. @default {} */
  readonly tags?: Record<string, string>;
}
