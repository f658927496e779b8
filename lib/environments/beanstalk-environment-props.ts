import type { BeanstalkOptionSetting } from "../core/beanstalk-options";
import type { BeanstalkBundleFormat } from "../core/beanstalk-platform";
import type {
  CapacitySettings,
  ConfigurationUpdateSettings,
  DeploymentSettings,
  LoadBalancerSettings,
  LogSettings,
  ManagedUpdateSettings,
  NetworkSettings,
} from "../core/beanstalk-settings";
import type { BundleService } from "../core/bundle-service";
import type { SecureBucket } from "../constructs/secure-bucket";
import type { PolicyContext } from "../policy/container-rules";

/** Props of a BeanstalkEnvironment. Only `services`, `network` and `loadBalancer` are required. */
export interface BeanstalkEnvironmentProps {
  /** The containers, described with the shared service model. Names must be unique. */
  readonly services: BundleService[];
  /**
   * The source bundle format, which also picks the platform: `compose` and `dockerrun-v1` run on
   * "Docker running on AL2023", `dockerrun-v2` on "ECS running on AL2023".
   * @default "compose"
   */
  readonly bundleFormat?: BeanstalkBundleFormat;
  /**
   * The Elastic Beanstalk application (1-100 characters).
   * @default the construct id
   */
  readonly applicationName?: string;
  /**
   * The environment name (4-40 letters, digits and '-'); also the prefix of the IAM role names.
   * @default "<applicationName>-env", shortened to 40 characters
   */
  readonly environmentName?: string;
  /**
   * Solution stack by name. Must match the bundle format's platform branch.
   * @default BEANSTALK_SOLUTION_STACKS of the format's branch (the current AL2023 version)
   */
  readonly solutionStackName?: string;
  /**
   * A platform ARN instead of a solution stack name (e.g. to pin a platform version).
   * @default the solution stack
   */
  readonly platformArn?: string;
  /** VPC and subnets. */
  readonly network: NetworkSettings;
  /** The application load balancer: certificate, TLS policy, HTTP handling, health check. */
  readonly loadBalancer: LoadBalancerSettings;
  /**
   * @default Immutable deployments
   */
  readonly deployment?: DeploymentSettings;
  /**
   * @default Health-based rolling updates, one instance at a time
   */
  readonly configurationUpdates?: ConfigurationUpdateSettings;
  /**
   * @default 2-4 t3.small instances
   */
  readonly capacity?: CapacitySettings;
  /**
   * @default log and health streaming to CloudWatch Logs, kept 365 days
   */
  readonly logs?: LogSettings;
  /**
   * @default minor updates and weekly instance refresh, Sundays 10:00 UTC
   */
  readonly managedUpdates?: ManagedUpdateSettings;
  /**
   * Application versions Beanstalk keeps (appversion_lifecycle max_count); their bundles stay in S3.
   * @default 20
   */
  readonly keepVersions?: number;
  /**
   * Extra ECR repositories the instances may pull from.
   * @default the repositories of the services' ECR image references
   */
  readonly ecrRepositoryArns?: string[];
  /**
   * Customer managed KMS keys of the services' secrets.
   * @default [] (secrets under AWS managed keys need no grant)
   */
  readonly secretKmsKeyArns?: string[];
  /**
   * The bucket for source bundles.
   * @default a SecureBucket created for this environment
   */
  readonly bundleBucket?: SecureBucket;
  /**
   * Policy context for every service.
   * @default { requirePinnedImages: true } (a production environment deploys digests)
   */
  readonly policy?: PolicyContext;
  /**
   * Settings the typed props do not cover, checked against BEANSTALK_NAMESPACES. A raw setting may
   * not override a typed one, set a secret-looking environment property, or touch a classic load balancer.
   * @default []
   */
  readonly rawSettings?: BeanstalkOptionSetting[];
  /**
   * Tags of the application, version and environment.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}
