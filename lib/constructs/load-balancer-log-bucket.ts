import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { SpecError } from "../core/spec-error";
import {
  S3Bucket,
  S3BucketLifecycleConfiguration,
  S3BucketPolicy,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfigurationA,
} from "../providers/aws";
import { awsAccountId, awsPartition, awsRegion } from "./aws-context";
import { bucketBaseline, tlsOnlyStatements } from "./bucket-baseline";

/**
 * Elastic Load Balancing's log delivery accounts, for the regions that opened before August
 * 2022 (the AWS documentation's "Attach a policy to your S3 bucket"); newer regions deliver as
 * the service principal `logdelivery.elasticloadbalancing.amazonaws.com`, which the policy
 * always allows.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
};

export interface LoadBalancerLogBucketProps {
  /** The key prefix the load balancer writes under (no leading or trailing `/`, never `AWSLogs`). @default "alb" */
  readonly prefix?: string;
  /** Days before log objects expire. @default 365 */
  readonly retentionDays?: number;
  /** Days before replaced or deleted versions expire. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Let `terraform destroy` delete the bucket with its logs. @default false */
  readonly forceDestroy?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The bucket an Application Load Balancer writes its access logs to. The same guarantees as
 * SecureBucket (versioning, all four public access block flags, BucketOwnerEnforced, a policy
 * that denies requests without TLS 1.2+, expiry) with one documented difference: the default
 * encryption is SSE-S3 (AES256), because ALB access log delivery supports no other server-side
 * encryption (not SSE-KMS); the tag `encryption-reason` says so in the output. Only Elastic
 * Load Balancing may write, and only under `<prefix>/AWSLogs/<this account>/`.
 */
export class LoadBalancerLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly prefix: string;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  public readonly policy: S3BucketPolicy;
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;

  constructor(scope: Construct, id: string, props: LoadBalancerLogBucketProps = {}) {
    super(scope, id);
    const where = this.node.path;
    this.prefix = props.prefix ?? "alb";
    if (!/^[A-Za-z0-9][A-Za-z0-9!_.*'()-]*(\/[A-Za-z0-9!_.*'()-]+)*$/.test(this.prefix) || /(^|\/)AWSLogs(\/|$)/.test(this.prefix)) {
      throw new SpecError(where, "prefix", this.prefix, "not a key prefix without leading or trailing '/' and without AWSLogs", 'use e.g. "alb" or "web/alb"');
    }
    const retentionDays = props.retentionDays ?? 365;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 30;
    for (const [field, value] of [
      ["retentionDays", retentionDays],
      ["noncurrentVersionExpirationDays", noncurrentDays],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > 36500)
        throw new SpecError(where, field, value, "not a whole number of days from 1 to 36500", "use e.g. 365");
    }
    const tags = {
      "cdktf-docker-environments:purpose": "load-balancer-access-logs",
      "cdktf-docker-environments:encryption-reason": "SSE-S3: ALB access log delivery supports only Amazon S3 managed keys",
      ...(props.tags ?? {}),
    };
    const partition = awsPartition(this);
    const account = awsAccountId(this);
    const region = awsRegion(this);

    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: "alb-access-logs-", forceDestroy: props.forceDestroy ?? false, tags });
    const { publicAccessBlock, versioning } = bucketBaseline(this, this.bucket.id);
    this.publicAccessBlock = publicAccessBlock;
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });

    const logs = `${this.bucket.arn}/${this.prefix}/AWSLogs/${account}/*`;
    const everything = [this.bucket.arn, `${this.bucket.arn}/*`];
    // In the regions that opened before August 2022 the region's ELB account delivers the logs:
    // one more statement for it there, none elsewhere (a for expression over the lookup).
    const legacyDelivery = new TerraformLocal(
      this,
      "legacy-elb-log-delivery",
      `\${[for account in compact([lookup(${JSON.stringify(ELB_LOG_DELIVERY_ACCOUNTS)}, "${region}", "")]) : ` +
        `{ Sid = "ElbAccountWritesAccessLogs", Effect = "Allow", Principal = { AWS = "arn:${partition}:iam::\${account}:root" }, Action = "s3:PutObject", Resource = "${logs}" }]}`,
    );
    const statements = new TerraformLocal(this, "policy-statements", [
      ...tlsOnlyStatements(everything),
      {
        Sid: "ElbLogDeliveryWritesAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: logs,
      },
    ]);
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: Fn.jsonencode({ Version: "2012-10-17", Statement: Fn.concat([statements.expression, legacyDelivery.expression]) }),
      dependsOn: [this.publicAccessBlock],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });
  }
}
