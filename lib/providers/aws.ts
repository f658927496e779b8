// Deep imports of the AWS provider. Add a resource here when a construct needs it; never
// import the package root (it loads every resource: ~1.5 s and ~500 MB per process).
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: see lazy-class.ts */
import { lazyClass } from "./lazy-class";
export const AwsProvider = lazyClass(() => (require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider")).AwsProvider);
export type AwsProvider = import("@cdktf/provider-aws/lib/provider").AwsProvider;

// Network, security groups and Docker hosts (lib/constructs/network*.ts, security-group.ts, docker-host*.ts).
export const CloudwatchLogGroup = lazyClass(
  () => (require("@cdktf/provider-aws/lib/cloudwatch-log-group") as typeof import("@cdktf/provider-aws/lib/cloudwatch-log-group")).CloudwatchLogGroup,
);
export type CloudwatchLogGroup = import("@cdktf/provider-aws/lib/cloudwatch-log-group").CloudwatchLogGroup;
export const DataAwsAmi = lazyClass(
  () => (require("@cdktf/provider-aws/lib/data-aws-ami") as typeof import("@cdktf/provider-aws/lib/data-aws-ami")).DataAwsAmi,
);
export type DataAwsAmi = import("@cdktf/provider-aws/lib/data-aws-ami").DataAwsAmi;
export const DataAwsAvailabilityZones = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/data-aws-availability-zones") as typeof import("@cdktf/provider-aws/lib/data-aws-availability-zones"))
      .DataAwsAvailabilityZones,
);
export type DataAwsAvailabilityZones = import("@cdktf/provider-aws/lib/data-aws-availability-zones").DataAwsAvailabilityZones;
export const DataAwsCallerIdentity = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/data-aws-caller-identity") as typeof import("@cdktf/provider-aws/lib/data-aws-caller-identity")).DataAwsCallerIdentity,
);
export type DataAwsCallerIdentity = import("@cdktf/provider-aws/lib/data-aws-caller-identity").DataAwsCallerIdentity;
export const DataAwsPartition = lazyClass(
  () => (require("@cdktf/provider-aws/lib/data-aws-partition") as typeof import("@cdktf/provider-aws/lib/data-aws-partition")).DataAwsPartition,
);
export type DataAwsPartition = import("@cdktf/provider-aws/lib/data-aws-partition").DataAwsPartition;
export const DataAwsRegion = lazyClass(
  () => (require("@cdktf/provider-aws/lib/data-aws-region") as typeof import("@cdktf/provider-aws/lib/data-aws-region")).DataAwsRegion,
);
export type DataAwsRegion = import("@cdktf/provider-aws/lib/data-aws-region").DataAwsRegion;
export const DataAwsSsmParameter = lazyClass(
  () => (require("@cdktf/provider-aws/lib/data-aws-ssm-parameter") as typeof import("@cdktf/provider-aws/lib/data-aws-ssm-parameter")).DataAwsSsmParameter,
);
export type DataAwsSsmParameter = import("@cdktf/provider-aws/lib/data-aws-ssm-parameter").DataAwsSsmParameter;
export const DefaultSecurityGroup = lazyClass(
  () => (require("@cdktf/provider-aws/lib/default-security-group") as typeof import("@cdktf/provider-aws/lib/default-security-group")).DefaultSecurityGroup,
);
export type DefaultSecurityGroup = import("@cdktf/provider-aws/lib/default-security-group").DefaultSecurityGroup;
export const EbsVolume = lazyClass(() => (require("@cdktf/provider-aws/lib/ebs-volume") as typeof import("@cdktf/provider-aws/lib/ebs-volume")).EbsVolume);
export type EbsVolume = import("@cdktf/provider-aws/lib/ebs-volume").EbsVolume;
export const EgressOnlyInternetGateway = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/egress-only-internet-gateway") as typeof import("@cdktf/provider-aws/lib/egress-only-internet-gateway"))
      .EgressOnlyInternetGateway,
);
export type EgressOnlyInternetGateway = import("@cdktf/provider-aws/lib/egress-only-internet-gateway").EgressOnlyInternetGateway;
export const Eip = lazyClass(() => (require("@cdktf/provider-aws/lib/eip") as typeof import("@cdktf/provider-aws/lib/eip")).Eip);
export type Eip = import("@cdktf/provider-aws/lib/eip").Eip;
export const FlowLog = lazyClass(() => (require("@cdktf/provider-aws/lib/flow-log") as typeof import("@cdktf/provider-aws/lib/flow-log")).FlowLog);
export type FlowLog = import("@cdktf/provider-aws/lib/flow-log").FlowLog;
export const IamInstanceProfile = lazyClass(
  () => (require("@cdktf/provider-aws/lib/iam-instance-profile") as typeof import("@cdktf/provider-aws/lib/iam-instance-profile")).IamInstanceProfile,
);
export type IamInstanceProfile = import("@cdktf/provider-aws/lib/iam-instance-profile").IamInstanceProfile;
export const IamRole = lazyClass(() => (require("@cdktf/provider-aws/lib/iam-role") as typeof import("@cdktf/provider-aws/lib/iam-role")).IamRole);
export type IamRole = import("@cdktf/provider-aws/lib/iam-role").IamRole;
export const IamRolePolicy = lazyClass(
  () => (require("@cdktf/provider-aws/lib/iam-role-policy") as typeof import("@cdktf/provider-aws/lib/iam-role-policy")).IamRolePolicy,
);
export type IamRolePolicy = import("@cdktf/provider-aws/lib/iam-role-policy").IamRolePolicy;
export const IamRolePolicyAttachment = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/iam-role-policy-attachment") as typeof import("@cdktf/provider-aws/lib/iam-role-policy-attachment"))
      .IamRolePolicyAttachment,
);
export type IamRolePolicyAttachment = import("@cdktf/provider-aws/lib/iam-role-policy-attachment").IamRolePolicyAttachment;
export const Instance = lazyClass(() => (require("@cdktf/provider-aws/lib/instance") as typeof import("@cdktf/provider-aws/lib/instance")).Instance);
export type Instance = import("@cdktf/provider-aws/lib/instance").Instance;
export const InternetGateway = lazyClass(
  () => (require("@cdktf/provider-aws/lib/internet-gateway") as typeof import("@cdktf/provider-aws/lib/internet-gateway")).InternetGateway,
);
export type InternetGateway = import("@cdktf/provider-aws/lib/internet-gateway").InternetGateway;
export const KmsKey = lazyClass(() => (require("@cdktf/provider-aws/lib/kms-key") as typeof import("@cdktf/provider-aws/lib/kms-key")).KmsKey);
export type KmsKey = import("@cdktf/provider-aws/lib/kms-key").KmsKey;
export const LaunchTemplate = lazyClass(
  () => (require("@cdktf/provider-aws/lib/launch-template") as typeof import("@cdktf/provider-aws/lib/launch-template")).LaunchTemplate,
);
export type LaunchTemplate = import("@cdktf/provider-aws/lib/launch-template").LaunchTemplate;
export const NatGateway = lazyClass(() => (require("@cdktf/provider-aws/lib/nat-gateway") as typeof import("@cdktf/provider-aws/lib/nat-gateway")).NatGateway);
export type NatGateway = import("@cdktf/provider-aws/lib/nat-gateway").NatGateway;
export const Route = lazyClass(() => (require("@cdktf/provider-aws/lib/route") as typeof import("@cdktf/provider-aws/lib/route")).Route);
export type Route = import("@cdktf/provider-aws/lib/route").Route;
export const Route53Record = lazyClass(
  () => (require("@cdktf/provider-aws/lib/route53-record") as typeof import("@cdktf/provider-aws/lib/route53-record")).Route53Record,
);
export type Route53Record = import("@cdktf/provider-aws/lib/route53-record").Route53Record;
export const Route53Zone = lazyClass(
  () => (require("@cdktf/provider-aws/lib/route53-zone") as typeof import("@cdktf/provider-aws/lib/route53-zone")).Route53Zone,
);
export type Route53Zone = import("@cdktf/provider-aws/lib/route53-zone").Route53Zone;
export const RouteTable = lazyClass(() => (require("@cdktf/provider-aws/lib/route-table") as typeof import("@cdktf/provider-aws/lib/route-table")).RouteTable);
export type RouteTable = import("@cdktf/provider-aws/lib/route-table").RouteTable;
export const RouteTableAssociation = lazyClass(
  () => (require("@cdktf/provider-aws/lib/route-table-association") as typeof import("@cdktf/provider-aws/lib/route-table-association")).RouteTableAssociation,
);
export type RouteTableAssociation = import("@cdktf/provider-aws/lib/route-table-association").RouteTableAssociation;
export const SecurityGroup = lazyClass(
  () => (require("@cdktf/provider-aws/lib/security-group") as typeof import("@cdktf/provider-aws/lib/security-group")).SecurityGroup,
);
export type SecurityGroup = import("@cdktf/provider-aws/lib/security-group").SecurityGroup;
export const Subnet = lazyClass(() => (require("@cdktf/provider-aws/lib/subnet") as typeof import("@cdktf/provider-aws/lib/subnet")).Subnet);
export type Subnet = import("@cdktf/provider-aws/lib/subnet").Subnet;
export const VolumeAttachment = lazyClass(
  () => (require("@cdktf/provider-aws/lib/volume-attachment") as typeof import("@cdktf/provider-aws/lib/volume-attachment")).VolumeAttachment,
);
export type VolumeAttachment = import("@cdktf/provider-aws/lib/volume-attachment").VolumeAttachment;
export const Vpc = lazyClass(() => (require("@cdktf/provider-aws/lib/vpc") as typeof import("@cdktf/provider-aws/lib/vpc")).Vpc);
export type Vpc = import("@cdktf/provider-aws/lib/vpc").Vpc;
export const VpcSecurityGroupEgressRule = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/vpc-security-group-egress-rule") as typeof import("@cdktf/provider-aws/lib/vpc-security-group-egress-rule"))
      .VpcSecurityGroupEgressRule,
);
export type VpcSecurityGroupEgressRule = import("@cdktf/provider-aws/lib/vpc-security-group-egress-rule").VpcSecurityGroupEgressRule;
export const VpcSecurityGroupIngressRule = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule") as typeof import("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule"))
      .VpcSecurityGroupIngressRule,
);
export type VpcSecurityGroupIngressRule = import("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule").VpcSecurityGroupIngressRule;

// Secure buckets and Elastic Beanstalk (lib/constructs/secure-bucket.ts, lib/environments/beanstalk-*.ts, stacks/beanstalk.ts).
export const S3Bucket = lazyClass(() => (require("@cdktf/provider-aws/lib/s3-bucket") as typeof import("@cdktf/provider-aws/lib/s3-bucket")).S3Bucket);
export type S3Bucket = import("@cdktf/provider-aws/lib/s3-bucket").S3Bucket;
export const S3BucketVersioningA = lazyClass(
  () => (require("@cdktf/provider-aws/lib/s3-bucket-versioning") as typeof import("@cdktf/provider-aws/lib/s3-bucket-versioning")).S3BucketVersioningA,
);
export type S3BucketVersioningA = import("@cdktf/provider-aws/lib/s3-bucket-versioning").S3BucketVersioningA;
export const S3BucketServerSideEncryptionConfigurationA = lazyClass(
  () =>
    (
      require("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration") as typeof import("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration")
    ).S3BucketServerSideEncryptionConfigurationA,
);
export type S3BucketServerSideEncryptionConfigurationA =
  import("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration").S3BucketServerSideEncryptionConfigurationA;
export const S3BucketPublicAccessBlock = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/s3-bucket-public-access-block") as typeof import("@cdktf/provider-aws/lib/s3-bucket-public-access-block"))
      .S3BucketPublicAccessBlock,
);
export type S3BucketPublicAccessBlock = import("@cdktf/provider-aws/lib/s3-bucket-public-access-block").S3BucketPublicAccessBlock;
export const S3BucketOwnershipControls = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/s3-bucket-ownership-controls") as typeof import("@cdktf/provider-aws/lib/s3-bucket-ownership-controls"))
      .S3BucketOwnershipControls,
);
export type S3BucketOwnershipControls = import("@cdktf/provider-aws/lib/s3-bucket-ownership-controls").S3BucketOwnershipControls;
export const S3BucketPolicy = lazyClass(
  () => (require("@cdktf/provider-aws/lib/s3-bucket-policy") as typeof import("@cdktf/provider-aws/lib/s3-bucket-policy")).S3BucketPolicy,
);
export type S3BucketPolicy = import("@cdktf/provider-aws/lib/s3-bucket-policy").S3BucketPolicy;
export const S3BucketLifecycleConfiguration = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration") as typeof import("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration"))
      .S3BucketLifecycleConfiguration,
);
export type S3BucketLifecycleConfiguration = import("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration").S3BucketLifecycleConfiguration;
export const S3BucketLoggingA = lazyClass(
  () => (require("@cdktf/provider-aws/lib/s3-bucket-logging") as typeof import("@cdktf/provider-aws/lib/s3-bucket-logging")).S3BucketLoggingA,
);
export type S3BucketLoggingA = import("@cdktf/provider-aws/lib/s3-bucket-logging").S3BucketLoggingA;
export const S3Object = lazyClass(() => (require("@cdktf/provider-aws/lib/s3-object") as typeof import("@cdktf/provider-aws/lib/s3-object")).S3Object);
export type S3Object = import("@cdktf/provider-aws/lib/s3-object").S3Object;
export const ElasticBeanstalkApplication = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/elastic-beanstalk-application") as typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-application"))
      .ElasticBeanstalkApplication,
);
export type ElasticBeanstalkApplication = import("@cdktf/provider-aws/lib/elastic-beanstalk-application").ElasticBeanstalkApplication;
export const ElasticBeanstalkApplicationVersion = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/elastic-beanstalk-application-version") as typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-application-version"))
      .ElasticBeanstalkApplicationVersion,
);
export type ElasticBeanstalkApplicationVersion = import("@cdktf/provider-aws/lib/elastic-beanstalk-application-version").ElasticBeanstalkApplicationVersion;
export const ElasticBeanstalkEnvironment = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/elastic-beanstalk-environment") as typeof import("@cdktf/provider-aws/lib/elastic-beanstalk-environment"))
      .ElasticBeanstalkEnvironment,
);
export type ElasticBeanstalkEnvironment = import("@cdktf/provider-aws/lib/elastic-beanstalk-environment").ElasticBeanstalkEnvironment;
export const EcrRepository = lazyClass(
  () => (require("@cdktf/provider-aws/lib/ecr-repository") as typeof import("@cdktf/provider-aws/lib/ecr-repository")).EcrRepository,
);
export type EcrRepository = import("@cdktf/provider-aws/lib/ecr-repository").EcrRepository;
export const DataAwsLbListener = lazyClass(
  () => (require("@cdktf/provider-aws/lib/data-aws-lb-listener") as typeof import("@cdktf/provider-aws/lib/data-aws-lb-listener")).DataAwsLbListener,
);
export type DataAwsLbListener = import("@cdktf/provider-aws/lib/data-aws-lb-listener").DataAwsLbListener;
export const LbListenerRule = lazyClass(
  () => (require("@cdktf/provider-aws/lib/lb-listener-rule") as typeof import("@cdktf/provider-aws/lib/lb-listener-rule")).LbListenerRule,
);
export type LbListenerRule = import("@cdktf/provider-aws/lib/lb-listener-rule").LbListenerRule;

// ECR (lib/constructs/ecr-registry.ts).
export const EcrLifecyclePolicy = lazyClass(
  () => (require("@cdktf/provider-aws/lib/ecr-lifecycle-policy") as typeof import("@cdktf/provider-aws/lib/ecr-lifecycle-policy")).EcrLifecyclePolicy,
);
export type EcrLifecyclePolicy = import("@cdktf/provider-aws/lib/ecr-lifecycle-policy").EcrLifecyclePolicy;
export const KmsAlias = lazyClass(() => (require("@cdktf/provider-aws/lib/kms-alias") as typeof import("@cdktf/provider-aws/lib/kms-alias")).KmsAlias);
export type KmsAlias = import("@cdktf/provider-aws/lib/kms-alias").KmsAlias;

// WebEnvironment: load balancer, fleet, alarms and dashboard (lib/constructs/web-*.ts, lib/environments/web-environment.ts).
export const Lb = lazyClass(() => (require("@cdktf/provider-aws/lib/lb") as typeof import("@cdktf/provider-aws/lib/lb")).Lb);
export type Lb = import("@cdktf/provider-aws/lib/lb").Lb;
export const LbListener = lazyClass(() => (require("@cdktf/provider-aws/lib/lb-listener") as typeof import("@cdktf/provider-aws/lib/lb-listener")).LbListener);
export type LbListener = import("@cdktf/provider-aws/lib/lb-listener").LbListener;
export const LbTargetGroup = lazyClass(
  () => (require("@cdktf/provider-aws/lib/lb-target-group") as typeof import("@cdktf/provider-aws/lib/lb-target-group")).LbTargetGroup,
);
export type LbTargetGroup = import("@cdktf/provider-aws/lib/lb-target-group").LbTargetGroup;
export const AutoscalingGroup = lazyClass(
  () => (require("@cdktf/provider-aws/lib/autoscaling-group") as typeof import("@cdktf/provider-aws/lib/autoscaling-group")).AutoscalingGroup,
);
export type AutoscalingGroup = import("@cdktf/provider-aws/lib/autoscaling-group").AutoscalingGroup;
export const AutoscalingPolicy = lazyClass(
  () => (require("@cdktf/provider-aws/lib/autoscaling-policy") as typeof import("@cdktf/provider-aws/lib/autoscaling-policy")).AutoscalingPolicy,
);
export type AutoscalingPolicy = import("@cdktf/provider-aws/lib/autoscaling-policy").AutoscalingPolicy;
export const CloudwatchMetricAlarm = lazyClass(
  () => (require("@cdktf/provider-aws/lib/cloudwatch-metric-alarm") as typeof import("@cdktf/provider-aws/lib/cloudwatch-metric-alarm")).CloudwatchMetricAlarm,
);
export type CloudwatchMetricAlarm = import("@cdktf/provider-aws/lib/cloudwatch-metric-alarm").CloudwatchMetricAlarm;
export const CloudwatchDashboard = lazyClass(
  () => (require("@cdktf/provider-aws/lib/cloudwatch-dashboard") as typeof import("@cdktf/provider-aws/lib/cloudwatch-dashboard")).CloudwatchDashboard,
);
export type CloudwatchDashboard = import("@cdktf/provider-aws/lib/cloudwatch-dashboard").CloudwatchDashboard;
export type { LaunchTemplateBlockDeviceMappings } from "@cdktf/provider-aws/lib/launch-template";

// Private registry (lib/constructs/private-registry*.ts; Lb, LbListener and LbTargetGroup above).
export const LbTargetGroupAttachment = lazyClass(
  () =>
    (require("@cdktf/provider-aws/lib/lb-target-group-attachment") as typeof import("@cdktf/provider-aws/lib/lb-target-group-attachment"))
      .LbTargetGroupAttachment,
);
export type LbTargetGroupAttachment = import("@cdktf/provider-aws/lib/lb-target-group-attachment").LbTargetGroupAttachment;

// MinimalEnvironment: in-place deploys through SSM (lib/environments/minimal-environment.ts).
export const SsmAssociation = lazyClass(
  () => (require("@cdktf/provider-aws/lib/ssm-association") as typeof import("@cdktf/provider-aws/lib/ssm-association")).SsmAssociation,
);
export type SsmAssociation = import("@cdktf/provider-aws/lib/ssm-association").SsmAssociation;
export const SsmDocument = lazyClass(
  () => (require("@cdktf/provider-aws/lib/ssm-document") as typeof import("@cdktf/provider-aws/lib/ssm-document")).SsmDocument,
);
export type SsmDocument = import("@cdktf/provider-aws/lib/ssm-document").SsmDocument;
