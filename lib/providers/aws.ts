// Deep imports of the AWS provider. Add a resource here when a construct needs it; never
// import the package root (it loads every resource: ~1.5 s and ~500 MB per process).
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";

// Network, security groups and Docker hosts (lib/constructs/network*.ts, security-group.ts, docker-host*.ts).
export { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
export { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
export { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
export { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
export { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
export { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
export { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
export { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
export { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
export { EgressOnlyInternetGateway } from "@cdktf/provider-aws/lib/egress-only-internet-gateway";
export { Eip } from "@cdktf/provider-aws/lib/eip";
export { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
export { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
export { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
export { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
export { Instance } from "@cdktf/provider-aws/lib/instance";
export { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
export { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
export { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
export { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
export { Route } from "@cdktf/provider-aws/lib/route";
export { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
export { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
export { RouteTable } from "@cdktf/provider-aws/lib/route-table";
export { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
export { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
export { Subnet } from "@cdktf/provider-aws/lib/subnet";
export { VolumeAttachment } from "@cdktf/provider-aws/lib/volume-attachment";
export { Vpc } from "@cdktf/provider-aws/lib/vpc";
export { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
export { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

// Secure buckets and Elastic Beanstalk (lib/constructs/secure-bucket.ts, lib/environments/beanstalk-*.ts, stacks/beanstalk.ts).
export { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
export { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
export { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
export { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
export { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
export { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
export { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
export { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
export { S3Object } from "@cdktf/provider-aws/lib/s3-object";
export { ElasticBeanstalkApplication } from "@cdktf/provider-aws/lib/elastic-beanstalk-application";
export { ElasticBeanstalkApplicationVersion } from "@cdktf/provider-aws/lib/elastic-beanstalk-application-version";
export { ElasticBeanstalkEnvironment } from "@cdktf/provider-aws/lib/elastic-beanstalk-environment";
export { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
export { DataAwsLbListener } from "@cdktf/provider-aws/lib/data-aws-lb-listener";
export { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";

// ECR (lib/constructs/ecr-registry.ts).
export { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
export { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
