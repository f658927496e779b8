// Deep imports of the AWS provider. Add a resource here when a construct needs it; never
// import the package root (it loads every resource: ~1.5 s and ~500 MB per process).
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: see lazy-export.ts */
import { lazyExport } from "./lazy-export";
export declare const AwsProvider: typeof import("@cdktf/provider-aws/lib/provider").AwsProvider;
lazyExport(exports, "AwsProvider", () => (require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider")).AwsProvider);
export type AwsProvider = import("@cdktf/provider-aws/lib/provider").AwsProvider;

// Network, security groups and Docker hosts (lib/constructs/network*.ts, security-group.ts, docker-host*.ts).
export declare const CloudwatchLogGroup: typeof import("@cdktf/provider-aws/lib/cloudwatch-log-group").CloudwatchLogGroup;
lazyExport(
  exports,
  "CloudwatchLogGroup",
  () => (require("@cdktf/provider-aws/lib/cloudwatch-log-group") as typeof import("@cdktf/provider-aws/lib/cloudwatch-log-group")).CloudwatchLogGroup,
);
export type CloudwatchLogGroup = import("@cdktf/provider-aws/lib/cloudwatch-log-group").CloudwatchLogGroup;
export declare const DataAwsAmi: typeof import("@cdktf/provider-aws/lib/data-aws-ami").DataAwsAmi;
lazyExport(exports, "DataAwsAmi", () => (require("@cdktf/provider-aws/lib/data-aws-ami") as typeof import("@cdktf/provider-aws/lib/data-aws-ami")).DataAwsAmi);
export type DataAwsAmi = import("@cdktf/provider-aws/lib/data-aws-ami").DataAwsAmi;
export declare const DataAwsAvailabilityZones: typeof import("@cdktf/provider-aws/lib/data-aws-availability-zones").DataAwsAvailabilityZones;
lazyExport(
  exports,
  "DataAwsAvailabilityZones",
  () =>
    (require("@cdktf/provider-aws/lib/data-aws-availability-zones") as typeof import("@cdktf/provider-aws/lib/data-aws-availability-zones"))
      .DataAwsAvailabilityZones,
);
export type DataAwsAvailabilityZones = import("@cdktf/provider-aws/lib/data-aws-availability-zones").DataAwsAvailabilityZones;
export declare const DataAwsCallerIdentity: typeof import("@cdktf/provider-aws/lib/data-aws-caller-identity").DataAwsCallerIdentity;
lazyExport(
  exports,
  "DataAwsCallerIdentity",
  () =>
    (require("@cdktf/provider-aws/lib/data-aws-caller-identity") as typeof import("@cdktf/provider-aws/lib/data-aws-caller-identity")).DataAwsCallerIdentity,
);
export type DataAwsCallerIdentity = import("@cdktf/provider-aws/lib/data-aws-caller-identity").DataAwsCallerIdentity;
export declare const DataAwsPartition: typeof import("@cdktf/provider-aws/lib/data-aws-partition").DataAwsPartition;
lazyExport(
  exports,
  "DataAwsPartition",
  () => (require("@cdktf/provider-aws/lib/data-aws-partition") as typeof import("@cdktf/provider-aws/lib/data-aws-partition")).DataAwsPartition,
);
export type DataAwsPartition = import("@cdktf/provider-aws/lib/data-aws-partition").DataAwsPartition;
export declare const DataAwsRegion: typeof import("@cdktf/provider-aws/lib/data-aws-region").DataAwsRegion;
lazyExport(
  exports,
  "DataAwsRegion",
  () => (require("@cdktf/provider-aws/lib/data-aws-region") as typeof import("@cdktf/provider-aws/lib/data-aws-region")).DataAwsRegion,
);
export type DataAwsRegion = import("@cdktf/provider-aws/lib/data-aws-region").DataAwsRegion;
export declare const DataAwsSsmParameter: typeof import("@cdktf/provider-aws/lib/data-aws-ssm-parameter").DataAwsSsmParameter;
lazyExport(
  exports,
  "DataAwsSsmParameter",
  () => (require("@cdktf/provider-aws/lib/data-aws-ssm-parameter") as typeof import("@cdktf/provider-aws/lib/data-aws-ssm-parameter")).DataAwsSsmParameter,
);
export type DataAwsSsmParameter = import("@cdktf/provider-aws/lib/data-aws-ssm-parameter").DataAwsSsmParameter;
export declare const DefaultSecurityGroup: typeof import("@cdktf/provider-aws/lib/default-security-group").DefaultSecurityGroup;
lazyExport(
  exports,
  "DefaultSecurityGroup",
  () => (require("@cdktf/provider-aws/lib/default-security-group") as typeof import("@cdktf/provider-aws/lib/default-security-group")).DefaultSecurityGroup,
);
export type DefaultSecurityGroup = import("@cdktf/provider-aws/lib/default-security-group").DefaultSecurityGroup;
export declare const EbsVolume: typeof import("@cdktf/provider-aws/lib/ebs-volume").EbsVolume;
lazyExport(exports, "EbsVolume", () => (require("@cdktf/provider-aws/lib/ebs-volume") as typeof import("@cdktf/provider-aws/lib/ebs-volume")).EbsVolume);
export type EbsVolume = import("@cdktf/provider-aws/lib/ebs-volume").EbsVolume;
export declare const EgressOnlyInternetGateway: typeof import("@cdktf/provider-aws/lib/egress-only-internet-gateway").EgressOnlyInternetGateway;
lazyExport(
  exports,
  "EgressOnlyInternetGateway",
  () =>
    (require("@cdktf/provider-aws/lib/egress-only-internet-gateway") as typeof import("@cdktf/provider-aws/lib/egress-only-internet-gateway"))
      .EgressOnlyInternetGateway,
);
export type EgressOnlyInternetGateway = import("@cdktf/provider-aws/lib/egress-only-internet-gateway").EgressOnlyInternetGateway;
export declare const Eip: typeof import("@cdktf/provider-aws/lib/eip").Eip;
lazyExport(exports, "Eip", () => (require("@cdktf/provider-aws/lib/eip") as typeof import("@cdktf/provider-aws/lib/eip")).Eip);
export type Eip = import("@cdktf/provider-aws/lib/eip").Eip;
export declare const FlowLog: typeof import("@cdktf/provider-aws/lib/flow-log").FlowLog;
lazyExport(exports, "FlowLog", () => (require("@cdktf/provider-aws/lib/flow-log") as typeof import("@cdktf/provider-aws/lib/flow-log")).FlowLog);
export type FlowLog = import("@cdktf/provider-aws/lib/flow-log").FlowLog;
export declare const IamInstanceProfile: typeof import("@cdktf/provider-aws/lib/iam-instance-profile").IamInstanceProfile;
lazyExport(
  exports,
  "IamInstanceProfile",
  () => (require("@cdktf/provider-aws/lib/iam-instance-profile") as typeof import("@cdktf/provider-aws/lib/iam-instance-profile")).IamInstanceProfile,
);
export type IamInstanceProfile = import("@cdktf/provider-aws/lib/iam-instance-profile").IamInstanceProfile;
export declare const IamRole: typeof import("@cdktf/provider-aws/lib/iam-role").IamRole;
lazyExport(exports, "IamRole", () => (require("@cdktf/provider-aws/lib/iam-role") as typeof import("@cdktf/provider-aws/lib/iam-role")).IamRole);
export type IamRole = import("@cdktf/provider-aws/lib/iam-role").IamRole;
export declare const IamRolePolicy: typeof import("@cdktf/provider-aws/lib/iam-role-policy").IamRolePolicy;
lazyExport(
  exports,
  "IamRolePolicy",
  () => (require("@cdktf/provider-aws/lib/iam-role-policy") as typeof import("@cdktf/provider-aws/lib/iam-role-policy")).IamRolePolicy,
);
export type IamRolePolicy = import("@cdktf/provider-aws/lib/iam-role-policy").IamRolePolicy;
export declare const IamRolePolicyAttachment: typeof import("@cdktf/provider-aws/lib/iam-role-policy-attachment").IamRolePolicyAttachment;
lazyExport(
  exports,
  "IamRolePolicyAttachment",
  () =>
    (require("@cdktf/provider-aws/lib/iam-role-policy-attachment") as typeof import("@cdktf/provider-aws/lib/iam-role-policy-attachment"))
      .IamRolePolicyAttachment,
);
export type IamRolePolicyAttachment = import("@cdktf/provider-aws/lib/iam-role-policy-attachment").IamRolePolicyAttachment;
export declare const Instance: typeof import("@cdktf/provider-aws/lib/instance").Instance;
lazyExport(exports, "Instance", () => (require("@cdktf/provider-aws/lib/instance") as typeof import("@cdktf/provider-aws/lib/instance")).Instance);
export type Instance = import("@cdktf/provider-aws/lib/instance").Instance;
export declare const InternetGateway: typeof import("@cdktf/provider-aws/lib/internet-gateway").InternetGateway;
lazyExport(
  exports,
  "InternetGateway",
  () => (require("@cdktf/provider-aws/lib/internet-gateway") as typeof import("@cdktf/provider-aws/lib/internet-gateway")).InternetGateway,
);
export type InternetGateway = import("@cdktf/provider-aws/lib/internet-gateway").InternetGateway;
export declare const KmsKey: typeof import("@cdktf/provider-aws/lib/kms-key").KmsKey;
lazyExport(exports, "KmsKey", () => (require("@cdktf/provider-aws/lib/kms-key") as typeof import("@cdktf/provider-aws/lib/kms-key")).KmsKey);
export type KmsKey = import("@cdktf/provider-aws/lib/kms-key").KmsKey;
export declare const LaunchTemplate: typeof import("@cdktf/provider-aws/lib/launch-template").LaunchTemplate;
lazyExport(
  exports,
  "LaunchTemplate",
  () => (require("@cdktf/provider-aws/lib/launch-template") as typeof import("@cdktf/provider-aws/lib/launch-template")).LaunchTemplate,
);
export type LaunchTemplate = import("@cdktf/provider-aws/lib/launch-template").LaunchTemplate;
export declare const NatGateway: typeof import("@cdktf/provider-aws/lib/nat-gateway").NatGateway;
lazyExport(exports, "NatGateway", () => (require("@cdktf/provider-aws/lib/nat-gateway") as typeof import("@cdktf/provider-aws/lib/nat-gateway")).NatGateway);
export type NatGateway = import("@cdktf/provider-aws/lib/nat-gateway").NatGateway;
export declare const Route: typeof import("@cdktf/provider-aws/lib/route").Route;
lazyExport(exports, "Route", () => (require("@cdktf/provider-aws/lib/route") as typeof import("@cdktf/provider-aws/lib/route")).Route);
export type Route = import("@cdktf/provider-aws/lib/route").Route;
export declare const Route53Record: typeof import("@cdktf/provider-aws/lib/route53-record").Route53Record;
lazyExport(
  exports,
  "Route53Record",
  () => (require("@cdktf/provider-aws/lib/route53-record") as typeof import("@cdktf/provider-aws/lib/route53-record")).Route53Record,
);
export type Route53Record = import("@cdktf/provider-aws/lib/route53-record").Route53Record;
export declare const Route53Zone: typeof import("@cdktf/provider-aws/lib/route53-zone").Route53Zone;
lazyExport(
  exports,
  "Route53Zone",
  () => (require("@cdktf/provider-aws/lib/route53-zone") as typeof import("@cdktf/provider-aws/lib/route53-zone")).Route53Zone,
);
export type Route53Zone = import("@cdktf/provider-aws/lib/route53-zone").Route53Zone;
export declare const RouteTable: typeof import("@cdktf/provider-aws/lib/route-table").RouteTable;
lazyExport(exports, "RouteTable", () => (require("@cdktf/provider-aws/lib/route-table") as typeof import("@cdktf/provider-aws/lib/route-table")).RouteTable);
export type RouteTable = import("@cdktf/provider-aws/lib/route-table").RouteTable;
export declare const RouteTableAssociation: typeof import("@cdktf/provider-aws/lib/route-table-association").RouteTableAssociation;
lazyExport(
  exports,
  "RouteTableAssociation",
  () => (require("@cdktf/provider-aws/lib/route-table-association") as typeof import("@cdktf/provider-aws/lib/route-table-association")).RouteTableAssociation,
);
export type RouteTableAssociation = import("@cdktf/provider-aws/lib/route-table-association").RouteTableAssociation;
export declare const SecurityGroup: typeof import("@cdktf/provider-aws/lib/security-group").SecurityGroup;
lazyExport(
  exports,
  "SecurityGroup",
  () => (require("@cdktf/provider-aws/lib/security-group") as typeof import("@cdktf/provider-aws/lib/security-group")).SecurityGroup,
);
export type SecurityGroup = import("@cdktf/provider-aws/lib/security-group").SecurityGroup;
export declare const Subnet: typeof import("@cdktf/provider-aws/lib/subnet").Subnet;
lazyExport(exports, "Subnet", () => (require("@cdktf/provider-aws/lib/subnet") as typeof import("@cdktf/provider-aws/lib/subnet")).Subnet);
export type Subnet = import("@cdktf/provider-aws/lib/subnet").Subnet;
export declare const VolumeAttachment: typeof import("@cdktf/provider-aws/lib/volume-attachment").VolumeAttachment;
lazyExport(
  exports,
  "VolumeAttachment",
  () => (require("@cdktf/provider-aws/lib/volume-attachment") as typeof import("@cdktf/provider-aws/lib/volume-attachment")).VolumeAttachment,
);
export type VolumeAttachment = import("@cdktf/provider-aws/lib/volume-attachment").VolumeAttachment;
export declare const Vpc: typeof import("@cdktf/provider-aws/lib/vpc").Vpc;
lazyExport(exports, "Vpc", () => (require("@cdktf/provider-aws/lib/vpc") as typeof import("@cdktf/provider-aws/lib/vpc")).Vpc);
export type Vpc = import("@cdktf/provider-aws/lib/vpc").Vpc;
export declare const VpcSecurityGroupEgressRule: typeof import("@cdktf/provider-aws/lib/vpc-security-group-egress-rule").VpcSecurityGroupEgressRule;
lazyExport(
  exports,
  "VpcSecurityGroupEgressRule",
  () =>
    (require("@cdktf/provider-aws/lib/vpc-security-group-egress-rule") as typeof import("@cdktf/provider-aws/lib/vpc-security-group-egress-rule"))
      .VpcSecurityGroupEgressRule,
);
export type VpcSecurityGroupEgressRule = import("@cdktf/provider-aws/lib/vpc-security-group-egress-rule").VpcSecurityGroupEgressRule;
export declare const VpcSecurityGroupIngressRule: typeof import("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule").VpcSecurityGroupIngressRule;
lazyExport(
  exports,
  "VpcSecurityGroupIngressRule",
  () =>
    (require("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule") as typeof import("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule"))
      .VpcSecurityGroupIngressRule,
);
export type VpcSecurityGroupIngressRule = import("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule").VpcSecurityGroupIngressRule;

// Secure buckets and Elastic Beanstalk (lib/constructs/secure-bucket.ts, lib/environments/beanstalk-*.ts, stacks/beanstalk.ts).
export declare const S3Bucket: typeof import("@cdktf/provider-aws/lib/s3-bucket").S3Bucket;
lazyExport(exports, "S3Bucket", () => (require("@cdktf/provider-aws/lib/s3-bucket") as typeof import("@cdktf/provider-aws/lib/s3-bucket")).S3Bucket);
export type S3Bucket = import("@cdktf/provider-aws/lib/s3-bucket").S3Bucket;
export declare const S3BucketVersioningA: typeof import("@cdktf/provider-aws/lib/s3-bucket-versioning").S3BucketVersioningA;
lazyExport(
  exports,
  "S3BucketVersioningA",
  () => (require("@cdktf/provider-aws/lib/s3-bucket-versioning") as typeof import("@cdktf/provider-aws/lib/s3-bucket-versioning")).S3BucketVersioningA,
);
export type S3BucketVersioningA = import("@cdktf/provider-aws/lib/s3-bucket-versioning").S3BucketVersioningA;
export declare const S3BucketServerSideEncryptionConfigurationA: typeof import("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration").S3BucketServerSideEncryptionConfigurationA;
lazyExport(
  exports,
  "S3BucketServerSideEncryptionConfigurationA",
  () =>
    (
      require("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration") as typeof import("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration")
    ).S3BucketServerSideEncryptionConfigurationA,
);
export type S3BucketServerSideEncryptionConfigurationA =
  import("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration").S3BucketServerSideEncryptionConfigurationA;
export declare const S3BucketPublicAccessBlock: typeof import("@cdktf/provider-aws/lib/s3-bucket-public-access-block").S3BucketPublicAccessBlock;
lazyExport(
  exports,
  "S3BucketPublicAccessBlock",
  () =>
    (require("@cdktf/provider-aws/lib/s3-bucket-public-access-block") as typeof import("@cdktf/provider-aws/lib/s3-bucket-public-access-block"))
      .S3BucketPublicAccessBlock,
);
export type S3BucketPublicAccessBlock = import("@cdktf/provider-aws/lib/s3-bucket-public-access-block").S3BucketPublicAccessBlock;
export declare const S3BucketOwnershipControls: typeof import("@cdktf/provider-aws/lib/s3-bucket-ownership-controls").S3BucketOwnershipControls;
lazyExport(
  exports,
  "S3BucketOwnershipControls",
  () =>
    (require("@cdktf/provider-aws/lib/s3-bucket-ownership-controls") as typeof import("@cdktf/provider-aws/lib/s3-bucket-ownership-controls"))
      .S3BucketOwnershipControls,
);
export type S3BucketOwnershipControls = import("@cdktf/provider-aws/lib/s3-bucket-ownership-controls").S3BucketOwnershipControls;
export declare const S3BucketPolicy: typeof import("@cdktf/provider-aws/lib/s3-bucket-policy").S3BucketPolicy;
lazyExport(
  exports,
  "S3BucketPolicy",
  () => (require("@cdktf/provider-aws/lib/s3-bucket-policy") as typeof import("@cdktf/provider-aws/lib/s3-bucket-policy")).S3BucketPolicy,
);
export type S3BucketPolicy = import("@cdktf/provider-aws/lib/s3-bucket-policy").S3BucketPolicy;
export declare const S3BucketLifecycleConfiguration: typeof import("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration").S3BucketLifecycleConfiguration;
lazyExport(
  exports,
  "S3BucketLifecycleConfiguration",
  () =>
    (require("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration") as typeof import("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration"))
      .S3BucketLifecycleConfiguration,
);
export type S3BucketLifecycleConfiguration = import("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration").S3BucketLifecycleConfiguration;
export declare const S3BucketLoggingA: typeof import("@cdktf/provider-aws/lib/s3-bucket-logging").S3BucketLoggingA;
lazyExport(
  exports,
  "S3BucketLoggingA",
  () => (require("@cdktf/provider-aws/lib/s3-bucket-logging") as typeof import("@cdktf/provider-aws/lib/s3-bucket-logging")).S3BucketLoggingA,
);
export type S3BucketLoggingA = import("@cdktf/provider-aws/lib/s3-bucket-logging").S3BucketLoggingA;
export declare const S3Object: typeof import("@cdktf/provider-aws/lib/s3-object").S3Object;
lazyExport(exports, "S3Object", () => (require("@cdktf/provider-aws/lib/s3-object") as typeof import("@cdktf/provider-aws/lib/s3-object")).S3Object);
export type S3Object = import("@cdktf/provider-aws/lib/s3-object").S3Object;
export declare const ElasticBeanstalkApplication: typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-application").ElasticBeanstalkApplication;
lazyExport(
  exports,
  "ElasticBeanstalkApplication",
  () =>
    (require("@cdktf/provider-aws/lib/elastic-beanstalk-application") as typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-application"))
      .ElasticBeanstalkApplication,
);
export type ElasticBeanstalkApplication = import("@cdktf/provider-aws/lib/elastic-beanstalk-application").ElasticBeanstalkApplication;
export declare const ElasticBeanstalkApplicationVersion: typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-application-version").ElasticBeanstalkApplicationVersion;
lazyExport(
  exports,
  "ElasticBeanstalkApplicationVersion",
  () =>
    (require("@cdktf/provider-aws/lib/elastic-beanstalk-application-version") as typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-application-version"))
      .ElasticBeanstalkApplicationVersion,
);
export type ElasticBeanstalkApplicationVersion = import("@cdktf/provider-aws/lib/elastic-beanstalk-application-version").ElasticBeanstalkApplicationVersion;
export declare const ElasticBeanstalkEnvironment: typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-environment").ElasticBeanstalkEnvironment;
lazyExport(
  exports,
  "ElasticBeanstalkEnvironment",
  () =>
    (require("@cdktf/provider-aws/lib/elastic-beanstalk-environment") as typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-environment"))
      .ElasticBeanstalkEnvironment,
);
export type ElasticBeanstalkEnvironment = import("@cdktf/provider-aws/lib/elastic-beanstalk-environment").ElasticBeanstalkEnvironment;
export declare const EcrRepository: typeof import("@cdktf/provider-aws/lib/ecr-repository").EcrRepository;
lazyExport(
  exports,
  "EcrRepository",
  () => (require("@cdktf/provider-aws/lib/ecr-repository") as typeof import("@cdktf/provider-aws/lib/ecr-repository")).EcrRepository,
);
export type EcrRepository = import("@cdktf/provider-aws/lib/ecr-repository").EcrRepository;
export declare const DataAwsLbListener: typeof import("@cdktf/provider-aws/lib/data-aws-lb-listener").DataAwsLbListener;
lazyExport(
  exports,
  "DataAwsLbListener",
  () => (require("@cdktf/provider-aws/lib/data-aws-lb-listener") as typeof import("@cdktf/provider-aws/lib/data-aws-lb-listener")).DataAwsLbListener,
);
export type DataAwsLbListener = import("@cdktf/provider-aws/lib/data-aws-lb-listener").DataAwsLbListener;
export declare const LbListenerRule: typeof import("@cdktf/provider-aws/lib/lb-listener-rule").LbListenerRule;
lazyExport(
  exports,
  "LbListenerRule",
  () => (require("@cdktf/provider-aws/lib/lb-listener-rule") as typeof import("@cdktf/provider-aws/lib/lb-listener-rule")).LbListenerRule,
);
export type LbListenerRule = import("@cdktf/provider-aws/lib/lb-listener-rule").LbListenerRule;

// ECR (lib/constructs/ecr-registry.ts).
export declare const EcrLifecyclePolicy: typeof import("@cdktf/provider-aws/lib/ecr-lifecycle-policy").EcrLifecyclePolicy;
lazyExport(
  exports,
  "EcrLifecyclePolicy",
  () => (require("@cdktf/provider-aws/lib/ecr-lifecycle-policy") as typeof import("@cdktf/provider-aws/lib/ecr-lifecycle-policy")).EcrLifecyclePolicy,
);
export type EcrLifecyclePolicy = import("@cdktf/provider-aws/lib/ecr-lifecycle-policy").EcrLifecyclePolicy;
export declare const KmsAlias: typeof import("@cdktf/provider-aws/lib/kms-alias").KmsAlias;
lazyExport(exports, "KmsAlias", () => (require("@cdktf/provider-aws/lib/kms-alias") as typeof import("@cdktf/provider-aws/lib/kms-alias")).KmsAlias);
export type KmsAlias = import("@cdktf/provider-aws/lib/kms-alias").KmsAlias;

// WebEnvironment: load balancer, fleet, alarms and dashboard (lib/constructs/web-*.ts, lib/environments/web-environment.ts).
export declare const Lb: typeof import("@cdktf/provider-aws/lib/lb").Lb;
lazyExport(exports, "Lb", () => (require("@cdktf/provider-aws/lib/lb") as typeof import("@cdktf/provider-aws/lib/lb")).Lb);
export type Lb = import("@cdktf/provider-aws/lib/lb").Lb;
export declare const LbListener: typeof import("@cdktf/provider-aws/lib/lb-listener").LbListener;
lazyExport(exports, "LbListener", () => (require("@cdktf/provider-aws/lib/lb-listener") as typeof import("@cdktf/provider-aws/lib/lb-listener")).LbListener);
export type LbListener = import("@cdktf/provider-aws/lib/lb-listener").LbListener;
export declare const LbTargetGroup: typeof import("@cdktf/provider-aws/lib/lb-target-group").LbTargetGroup;
lazyExport(
  exports,
  "LbTargetGroup",
  () => (require("@cdktf/provider-aws/lib/lb-target-group") as typeof import("@cdktf/provider-aws/lib/lb-target-group")).LbTargetGroup,
);
export type LbTargetGroup = import("@cdktf/provider-aws/lib/lb-target-group").LbTargetGroup;
export declare const AutoscalingGroup: typeof import("@cdktf/provider-aws/lib/autoscaling-group").AutoscalingGroup;
lazyExport(
  exports,
  "AutoscalingGroup",
  () => (require("@cdktf/provider-aws/lib/autoscaling-group") as typeof import("@cdktf/provider-aws/lib/autoscaling-group")).AutoscalingGroup,
);
export type AutoscalingGroup = import("@cdktf/provider-aws/lib/autoscaling-group").AutoscalingGroup;
export declare const AutoscalingPolicy: typeof import("@cdktf/provider-aws/lib/autoscaling-policy").AutoscalingPolicy;
lazyExport(
  exports,
  "AutoscalingPolicy",
  () => (require("@cdktf/provider-aws/lib/autoscaling-policy") as typeof import("@cdktf/provider-aws/lib/autoscaling-policy")).AutoscalingPolicy,
);
export type AutoscalingPolicy = import("@cdktf/provider-aws/lib/autoscaling-policy").AutoscalingPolicy;
export declare const CloudwatchMetricAlarm: typeof import("@cdktf/provider-aws/lib/cloudwatch-metric-alarm").CloudwatchMetricAlarm;
lazyExport(
  exports,
  "CloudwatchMetricAlarm",
  () => (require("@cdktf/provider-aws/lib/cloudwatch-metric-alarm") as typeof import("@cdktf/provider-aws/lib/cloudwatch-metric-alarm")).CloudwatchMetricAlarm,
);
export type CloudwatchMetricAlarm = import("@cdktf/provider-aws/lib/cloudwatch-metric-alarm").CloudwatchMetricAlarm;
export declare const CloudwatchDashboard: typeof import("@cdktf/provider-aws/lib/cloudwatch-dashboard").CloudwatchDashboard;
lazyExport(
  exports,
  "CloudwatchDashboard",
  () => (require("@cdktf/provider-aws/lib/cloudwatch-dashboard") as typeof import("@cdktf/provider-aws/lib/cloudwatch-dashboard")).CloudwatchDashboard,
);
export type CloudwatchDashboard = import("@cdktf/provider-aws/lib/cloudwatch-dashboard").CloudwatchDashboard;
export type { LaunchTemplateBlockDeviceMappings } from "@cdktf/provider-aws/lib/launch-template";

// Private registry (lib/constructs/private-registry*.ts; Lb, LbListener and LbTargetGroup above).
export declare const LbTargetGroupAttachment: typeof import("@cdktf/provider-aws/lib/lb-target-group-attachment").LbTargetGroupAttachment;
lazyExport(
  exports,
  "LbTargetGroupAttachment",
  () =>
    (require("@cdktf/provider-aws/lib/lb-target-group-attachment") as typeof import("@cdktf/provider-aws/lib/lb-target-group-attachment"))
      .LbTargetGroupAttachment,
);
export type LbTargetGroupAttachment = import("@cdktf/provider-aws/lib/lb-target-group-attachment").LbTargetGroupAttachment;

// MinimalEnvironment: in-place deploys through SSM (lib/environments/minimal-environment.ts).
export declare const SsmAssociation: typeof import("@cdktf/provider-aws/lib/ssm-association").SsmAssociation;
lazyExport(
  exports,
  "SsmAssociation",
  () => (require("@cdktf/provider-aws/lib/ssm-association") as typeof import("@cdktf/provider-aws/lib/ssm-association")).SsmAssociation,
);
export type SsmAssociation = import("@cdktf/provider-aws/lib/ssm-association").SsmAssociation;
export declare const SsmDocument: typeof import("@cdktf/provider-aws/lib/ssm-document").SsmDocument;
lazyExport(
  exports,
  "SsmDocument",
  () => (require("@cdktf/provider-aws/lib/ssm-document") as typeof import("@cdktf/provider-aws/lib/ssm-document")).SsmDocument,
);
export type SsmDocument = import("@cdktf/provider-aws/lib/ssm-document").SsmDocument;
