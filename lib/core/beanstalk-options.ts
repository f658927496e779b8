import { closestMatch } from "./edit-distance";
import { ENVIRONMENT_NAME } from "./quantities";
import { SpecError } from "./spec-error";

/** One Elastic Beanstalk configuration option, as `aws_elastic_beanstalk_environment.setting` takes it. */
export interface BeanstalkOptionSetting {
  readonly namespace: string;
  readonly name: string;
  readonly value: string;
  /** Only for `aws:autoscaling:scheduledaction`: the scheduled action's name. */
  readonly resource?: string;
}

/** A documented option namespace and the option names it takes. */
export interface BeanstalkNamespace {
  /** The namespace as documented; `<…>` marks a part you choose (a process, port or rule name). */
  readonly namespace: string;
  /** Matches namespaces with a chosen part, e.g. `aws:elbv2:listener:443`. */
  readonly pattern?: RegExp;
  /** The option names, or for free-form namespaces the rule names must follow. */
  readonly options: readonly string[] | { readonly anyName: RegExp; readonly describe: string };
  /** Set when a BeanstalkEnvironment refuses the whole namespace, with the reason. */
  readonly refused?: string;
}

const PROCESS_OPTIONS = [
  "DeregistrationDelay",
  "HealthCheckInterval",
  "HealthCheckPath",
  "HealthCheckTimeout",
  "HealthyThresholdCount",
  "MatcherHTTPCode",
  "Port",
  "Protocol",
  "StickinessEnabled",
  "StickinessLBCookieDuration",
  "StickinessType",
  "UnhealthyThresholdCount",
];
const ELBV2_LISTENER_OPTIONS = ["DefaultProcess", "ListenerEnabled", "Protocol", "Rules", "SSLCertificateArns", "SSLPolicy"];
const CLASSIC = "it configures a classic load balancer, which BeanstalkEnvironment never creates (it always uses an application load balancer)";

/**
 * The general option namespaces of Elastic Beanstalk ("General options for all environments" and the
 * Docker platform options of the AWS Elastic Beanstalk Developer Guide). Raw settings are checked
 * against this table, so a typo fails at synth instead of being ignored by the service.
 */
export const BEANSTALK_NAMESPACES: readonly BeanstalkNamespace[] = [
  {
    namespace: "aws:autoscaling:asg",
    options: ["Availability Zones", "Cooldown", "Custom Availability Zones", "EnableCapacityRebalancing", "MinSize", "MaxSize"],
  },
  {
    namespace: "aws:autoscaling:launchconfiguration",
    options: [
      "BlockDeviceMappings",
      "DisableDefaultEC2SecurityGroup",
      "DisableIMDSv1",
      "EC2KeyName",
      "IamInstanceProfile",
      "ImageId",
      "InstanceType",
      "MonitoringInterval",
      "RootVolumeIOPS",
      "RootVolumeSize",
      "RootVolumeThroughput",
      "RootVolumeType",
      "SecurityGroups",
      "SSHSourceRestriction",
    ],
  },
  { namespace: "aws:autoscaling:scheduledaction", options: ["StartTime", "EndTime", "MaxSize", "MinSize", "DesiredCapacity", "Recurrence", "Suspend"] },
  {
    namespace: "aws:autoscaling:trigger",
    options: [
      "BreachDuration",
      "EvaluationPeriods",
      "LowerBreachScaleIncrement",
      "LowerThreshold",
      "MeasureName",
      "Period",
      "Statistic",
      "Unit",
      "UpperBreachScaleIncrement",
      "UpperThreshold",
    ],
  },
  {
    namespace: "aws:autoscaling:updatepolicy:rollingupdate",
    options: ["MaxBatchSize", "MinInstancesInService", "PauseTime", "RollingUpdateEnabled", "RollingUpdateType", "Timeout"],
  },
  {
    namespace: "aws:ec2:instances",
    options: ["EnableSpot", "InstanceTypes", "SpotFleetOnDemandAboveBasePercentage", "SpotFleetOnDemandBase", "SpotMaxPrice", "SupportedArchitectures"],
  },
  { namespace: "aws:ec2:vpc", options: ["AssociatePublicIpAddress", "DBSubnets", "ELBScheme", "ELBSubnets", "Subnets", "VPCId"] },
  { namespace: "aws:elasticbeanstalk:application", options: ["Application Healthcheck URL"] },
  {
    namespace: "aws:elasticbeanstalk:application:environment",
    options: { anyName: ENVIRONMENT_NAME, describe: "an environment variable name (letters, digits, _)" },
  },
  {
    namespace: "aws:elasticbeanstalk:application:environmentsecrets",
    options: { anyName: ENVIRONMENT_NAME, describe: "an environment variable name (letters, digits, _)" },
  },
  { namespace: "aws:elasticbeanstalk:cloudwatch:logs", options: ["DeleteOnTerminate", "RetentionInDays", "StreamLogs"] },
  { namespace: "aws:elasticbeanstalk:cloudwatch:logs:health", options: ["DeleteOnTerminate", "HealthStreamingEnabled", "RetentionInDays"] },
  { namespace: "aws:elasticbeanstalk:command", options: ["BatchSize", "BatchSizeType", "DeploymentPolicy", "IgnoreHealthCheck", "Timeout"] },
  { namespace: "aws:elasticbeanstalk:environment", options: ["EnvironmentType", "LoadBalancerIsShared", "LoadBalancerType", "ServiceRole"] },
  {
    namespace: "aws:elasticbeanstalk:environment:process:<process name>",
    pattern: /^aws:elasticbeanstalk:environment:process:[A-Za-z0-9_-]+$/,
    options: PROCESS_OPTIONS,
  },
  { namespace: "aws:elasticbeanstalk:environment:proxy", options: ["ProxyServer"] },
  {
    namespace: "aws:elasticbeanstalk:environment:proxy:staticfiles",
    options: { anyName: /^\/[\w./-]*$/, describe: "a URL path starting with /" },
  },
  {
    namespace: "aws:elasticbeanstalk:healthreporting:system",
    options: ["ConfigDocument", "EnhancedHealthAuthEnabled", "HealthCheckSuccessThreshold", "SystemType"],
  },
  { namespace: "aws:elasticbeanstalk:hostmanager", options: ["LogPublicationControl"] },
  { namespace: "aws:elasticbeanstalk:managedactions", options: ["ManagedActionsEnabled", "PreferredStartTime", "ServiceRoleForManagedUpdates"] },
  { namespace: "aws:elasticbeanstalk:managedactions:platformupdate", options: ["InstanceRefreshEnabled", "UpdateLevel"] },
  { namespace: "aws:elasticbeanstalk:monitoring", options: ["Automatically Terminate Unhealthy Instances"] },
  {
    namespace: "aws:elasticbeanstalk:sns:topics",
    options: ["Notification Endpoint", "Notification Protocol", "Notification Topic ARN", "Notification Topic Name"],
  },
  {
    namespace: "aws:elasticbeanstalk:sqsd",
    options: [
      "ConnectTimeout",
      "ErrorVisibilityTimeout",
      "HttpConnections",
      "HttpPath",
      "InactivityTimeout",
      "MaxRetries",
      "MimeType",
      "RetentionPeriod",
      "VisibilityTimeout",
      "WorkerQueueURL",
    ],
    refused: "it configures a worker environment; BeanstalkEnvironment creates web server environments",
  },
  { namespace: "aws:elasticbeanstalk:trafficsplitting", options: ["EvaluationTime", "NewVersionPercent"] },
  { namespace: "aws:elasticbeanstalk:xray", options: ["XRayEnabled"] },
  { namespace: "aws:elb:healthcheck", options: ["HealthyThreshold", "Interval", "Target", "Timeout", "UnhealthyThreshold"], refused: CLASSIC },
  { namespace: "aws:elb:listener", options: ["InstancePort", "InstanceProtocol", "ListenerEnabled", "ListenerProtocol", "PolicyNames"], refused: CLASSIC },
  {
    namespace: "aws:elb:listener:<port>",
    pattern: /^aws:elb:listener:\d{1,5}$/,
    options: ["InstancePort", "InstanceProtocol", "ListenerEnabled", "ListenerProtocol", "PolicyNames", "SSLCertificateId"],
    refused: CLASSIC,
  },
  { namespace: "aws:elb:loadbalancer", options: ["CrossZone", "ManagedSecurityGroup", "SecurityGroups"], refused: CLASSIC },
  {
    namespace: "aws:elb:policies",
    options: [
      "ConnectionDrainingEnabled",
      "ConnectionDrainingTimeout",
      "ConnectionSettingIdleTimeout",
      "LoadBalancerPorts",
      "Stickiness Cookie Expiration",
      "Stickiness Policy",
    ],
    refused: CLASSIC,
  },
  {
    namespace: "aws:elb:policies:<policy name>",
    pattern: /^aws:elb:policies:[A-Za-z0-9_-]+$/,
    options: ["CookieName", "InstancePorts", "LoadBalancerPorts", "ProxyProtocol", "PublicKey", "PublicKeyPolicyNames", "SSLProtocols", "SSLReferencePolicy"],
    refused: CLASSIC,
  },
  { namespace: "aws:elbv2:listener:default", options: ELBV2_LISTENER_OPTIONS },
  { namespace: "aws:elbv2:listener:<port>", pattern: /^aws:elbv2:listener:\d{1,5}$/, options: ELBV2_LISTENER_OPTIONS },
  {
    namespace: "aws:elbv2:listenerrule:<rule name>",
    pattern: /^aws:elbv2:listenerrule:[A-Za-z0-9_-]+$/,
    options: ["HostHeaders", "PathPatterns", "Priority", "Process"],
  },
  {
    namespace: "aws:elbv2:loadbalancer",
    options: ["AccessLogsS3Bucket", "AccessLogsS3Enabled", "AccessLogsS3Prefix", "IdleTimeout", "ManagedSecurityGroup", "SecurityGroups", "SharedLoadBalancer"],
  },
  {
    namespace: "aws:rds:dbinstance",
    options: [
      "DBAllocatedStorage",
      "DBDeletionPolicy",
      "DBEngine",
      "DBEngineVersion",
      "DBInstanceClass",
      "DBPassword",
      "DBSnapshotIdentifier",
      "DBUser",
      "MultiAZDatabase",
    ],
    refused: "a database created by the environment lives and dies with it, and its password would be a plain option value; create aws_db_instance separately",
  },
];

/** Finds the table entry of a namespace, exact names first, then `<…>` patterns. */
export function findBeanstalkNamespace(namespace: string): BeanstalkNamespace | undefined {
  return BEANSTALK_NAMESPACES.find((n) => n.namespace === namespace) ?? BEANSTALK_NAMESPACES.find((n) => n.pattern?.test(namespace));
}

/**
 * Checks one raw setting against the table: the namespace must be known and allowed, and the
 * option name documented for it. Unknown names are refused with the closest known one.
 */
export function checkBeanstalkOptionSetting(setting: BeanstalkOptionSetting, where: string, field: string): void {
  const namespace = String(setting?.namespace ?? "");
  const name = String(setting?.name ?? "");
  if (typeof setting?.value !== "string") {
    throw new SpecError(where, `${field}.value`, setting?.value, "option values are strings", `write it as a string, e.g. "${String(setting?.value)}"`);
  }
  const entry = findBeanstalkNamespace(namespace);
  if (entry === undefined) {
    const suggestion = closestMatch(
      namespace,
      BEANSTALK_NAMESPACES.map((n) => n.namespace),
    );
    throw new SpecError(where, `${field}.namespace`, namespace, "not a known Elastic Beanstalk option namespace", `did you mean "${suggestion}"?`);
  }
  if (entry.refused !== undefined) {
    throw new SpecError(where, `${field}.namespace`, namespace, `refused because ${entry.refused}`, "remove this setting");
  }
  const options = entry.options;
  if (!Array.isArray(options)) {
    const rule = options as { anyName: RegExp; describe: string };
    if (!rule.anyName.test(name)) throw new SpecError(where, `${field}.name`, name, `not ${rule.describe}`, `use ${rule.describe}`);
    return;
  }
  if (!options.includes(name)) {
    throw new SpecError(
      where,
      `${field}.name`,
      name,
      `not an option of ${entry.namespace}`,
      `did you mean "${closestMatch(name, options)}"? The options are: ${options.join(", ")}`,
    );
  }
  if (setting.resource !== undefined && namespace !== "aws:autoscaling:scheduledaction") {
    throw new SpecError(where, `${field}.resource`, setting.resource, "only scheduled actions take a resource name", "remove resource");
  }
}
