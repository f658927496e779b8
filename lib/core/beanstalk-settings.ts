import type { BeanstalkOptionSetting } from "./beanstalk-options";

/**
 * Typed Elastic Beanstalk settings: what a BeanstalkEnvironment renders into option settings so
 * users never write a namespace string. Every field documents the option it sets.
 */

/** How a new application version reaches the instances (`aws:elasticbeanstalk:command` DeploymentPolicy). */
export type DeploymentPolicy = "AllAtOnce" | "Rolling" | "RollingWithAdditionalBatch" | "Immutable" | "TrafficSplitting";

/** A named, reasoned weakening; the reason is rendered into the synthesized output. */
export interface Justification {
  /** Why; at least 10 characters. Shown as a tag on the resource it weakens. */
  readonly reason: string;
}

/** Application deployments (`aws:elasticbeanstalk:command`, `aws:elasticbeanstalk:trafficsplitting`). */
export interface DeploymentSettings {
  /**
   * The deployment policy. `AllAtOnce` takes every instance out of service at once and is refused
   * unless `allowAllAtOnce` names a reason.
   * @default "Immutable" (a fresh Auto Scaling group per deploy; a failed deploy only terminates it)
   */
  readonly policy?: DeploymentPolicy;
  /**
   * Batch size for `Rolling` and `RollingWithAdditionalBatch` (BatchSizeType, BatchSize).
   * @default { type: "Percentage", value: 25 } for those policies; not set for the others
   */
  readonly batchSize?: { readonly type: "Percentage" | "Fixed"; readonly value: number };
  /**
   * Canary settings for `TrafficSplitting` (NewVersionPercent 1-100, EvaluationTime 3-600 minutes).
   * @default { newVersionPercent: 10, evaluationTimeMinutes: 5 } for TrafficSplitting
   */
  readonly trafficSplitting?: { readonly newVersionPercent?: number; readonly evaluationTimeMinutes?: number };
  /**
   * Seconds an instance may take to run the deployment commands (Timeout, 1-3600).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * The named opt-out that allows `policy: "AllAtOnce"` (downtime on every deploy).
   * @default none (AllAtOnce refused)
   */
  readonly allowAllAtOnce?: Justification;
}

/** Configuration changes that replace instances (`aws:autoscaling:updatepolicy:rollingupdate`). */
export interface ConfigurationUpdateSettings {
  /**
   * `Health` waits for each batch to pass health checks; `Immutable` launches a complete new set;
   * `Time` only waits `pauseTime` between batches.
   * @default "Health"
   */
  readonly type?: "Health" | "Immutable" | "Time";
  /**
   * Instances replaced per batch (MaxBatchSize).
   * @default 1
   */
  readonly maxBatchSize?: number;
  /**
   * Instances kept in service during the update (MinInstancesInService); below `capacity.maxSize`.
   * @default 1
   */
  readonly minInstancesInService?: number;
  /**
   * Wait between batches for `Time` updates, as an ISO 8601 duration (`PT5M`), PT0S-PT1H.
   * @default the service's computed pause (only for Time)
   */
  readonly pauseTime?: string;
  /**
   * How long a batch may take to become healthy before the update is cancelled, PT5M-PT1H.
   * @default "PT30M"
   */
  readonly timeout?: string;
}

/** The Auto Scaling group (`aws:autoscaling:asg`, `aws:ec2:instances`). */
export interface CapacitySettings {
  /**
   * @default 2 (one per Availability Zone of two subnets)
   */
  readonly minSize?: number;
  /**
   * @default 4
   */
  readonly maxSize?: number;
  /**
   * Instance types, first one preferred (InstanceTypes).
   * @default ["t3.small"]
   */
  readonly instanceTypes?: string[];
}

/** The load balancer's health check of the default process (`aws:elasticbeanstalk:environment:process:default`). */
export interface LoadBalancerHealthCheck {
  /**
   * @default "/"
   */
  readonly path?: string;
  /**
   * HTTP codes that mean healthy, e.g. `200` or `200-299` (MatcherHTTPCode).
   * @default "200"
   */
  readonly matcher?: string;
  /**
   * Seconds between checks, 5-300.
   * @default 15
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds to wait for a response, 1-60, below the interval.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * @default 3
   */
  readonly healthyThreshold?: number;
  /**
   * @default 5
   */
  readonly unhealthyThreshold?: number;
}

/** The application load balancer (never a classic one). */
export interface LoadBalancerSettings {
  /** ACM (or IAM) certificate ARN for the HTTPS listener on port 443. */
  readonly certificateArn: string;
  /**
   * TLS policy of the HTTPS listener; only TLS 1.2+ policies are accepted.
   * @default "ELBSecurityPolicy-TLS13-1-2-2021-06"
   */
  readonly sslPolicy?: string;
  /**
   * Port 80: `redirect` answers every request with a 301 to HTTPS; `disabled` removes the listener.
   * @default "redirect"
   */
  readonly http?: "redirect" | "disabled";
  /**
   * `internal` keeps the load balancer inside the VPC (ELBScheme).
   * @default "public"
   */
  readonly scheme?: "public" | "internal";
  /**
   * @default the defaults of LoadBalancerHealthCheck
   */
  readonly healthCheck?: LoadBalancerHealthCheck;
  /**
   * Seconds in-flight requests get when an instance leaves (DeregistrationDelay, 0-3600).
   * @default 20
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Idle connection timeout in seconds (IdleTimeout, 1-3600).
   * @default the load balancer's default (60)
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * Access logs to an S3 bucket that lets the regional load balancer account write (SSE-S3).
   * @default off
   */
  readonly accessLogs?: { readonly bucket: string; readonly prefix?: string };
}

/** Where the environment runs (`aws:ec2:vpc`). */
export interface NetworkSettings {
  readonly vpcId: string;
  /** Subnets of the instances (private subnets with a NAT or VPC endpoints). */
  readonly instanceSubnetIds: string[];
  /** Subnets of the load balancer (public subnets for a public one), in at least two Availability Zones. */
  readonly loadBalancerSubnetIds: string[];
  /**
   * Give instances public IP addresses. Needs `allowPublicInstances` with a reason.
   * @default false
   */
  readonly associatePublicIpAddress?: boolean;
  /**
   * The named opt-out for `associatePublicIpAddress: true`.
   * @default none
   */
  readonly allowPublicInstances?: Justification;
}

/** CloudWatch Logs streaming (`aws:elasticbeanstalk:cloudwatch:logs` and `:health`). */
export interface LogSettings {
  /**
   * Days to keep instance and health logs: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Delete the log groups when the environment is terminated.
   * @default false
   */
  readonly deleteOnTerminate?: boolean;
}

/** Managed platform updates (`aws:elasticbeanstalk:managedactions`, `:platformupdate`). */
export interface ManagedUpdateSettings {
  /**
   * Weekly window start in UTC, `Day:HH:MM` (e.g. `Tue:09:00`).
   * @default "Sun:10:00"
   */
  readonly preferredStartTime?: string;
  /**
   * Highest update level applied automatically.
   * @default "minor"
   */
  readonly updateLevel?: "minor" | "patch";
  /**
   * Replace instances weekly even without a platform update.
   * @default true
   */
  readonly instanceRefresh?: boolean;
  /**
   * Turn managed updates off (you patch the platform yourself), with the reason.
   * @default managed updates on
   */
  readonly disabled?: Justification;
}

/** Everything the option-settings renderer needs; the environment construct fills the derived parts. */
export interface BeanstalkSettingsInput {
  readonly deployment?: DeploymentSettings;
  readonly configurationUpdates?: ConfigurationUpdateSettings;
  readonly capacity?: CapacitySettings;
  readonly loadBalancer: LoadBalancerSettings;
  readonly network: NetworkSettings;
  readonly logs?: LogSettings;
  readonly managedUpdates?: ManagedUpdateSettings;
  /** Instance profile name or ARN (IamInstanceProfile). */
  readonly instanceProfile: string;
  /** Service role name or ARN (ServiceRole, ServiceRoleForManagedUpdates). */
  readonly serviceRole: string;
  /** The instance port the load balancer forwards to (the default process's Port). */
  readonly applicationPort: number;
  /**
   * The Docker platform's reverse proxy (`aws:elasticbeanstalk:environment:proxy` ProxyServer):
   * `none` when the bundle publishes the port itself (docker-compose).
   * @default not set (the platform's nginx for Dockerrun v1; the ECS platform has none)
   */
  readonly proxyServer?: "nginx" | "none";
  /** Plain environment properties (`aws:elasticbeanstalk:application:environment`). */
  readonly environmentProperties?: Record<string, string>;
  /** Secret ARNs by variable name (`aws:elasticbeanstalk:application:environmentsecrets`). */
  readonly environmentSecrets?: Record<string, string>;
  /** Raw settings, checked against BEANSTALK_NAMESPACES; they may not override a typed setting. */
  readonly rawSettings?: BeanstalkOptionSetting[];
}
