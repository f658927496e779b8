import { Token } from "cdktf";
import { Construct } from "constructs";
import { SpecError } from "../core/spec-error";
import {
  IamRolePolicy,
  KmsKey,
  S3Bucket,
  S3BucketLifecycleConfiguration,
  S3BucketLoggingA,
  S3BucketPolicy,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfigurationA,
  S3BucketVersioningA,
} from "../providers/aws";
import { bucketBaseline, tlsOnlyStatements } from "./bucket-baseline";
import { jsonWithReferences } from "./json-with-references";

export interface SecureBucketProps {
  /**
   * What the bucket holds, in lowercase words joined by `-` (3-30 characters), e.g. `beanstalk-bundles`.
   * Used for the bucket name prefix, the key description and policy names.
   */
  readonly purpose: string;
  /**
   * Exact bucket name (globally unique).
   * @default a unique name starting with `<purpose>-` chosen by Terraform
   */
  readonly bucketName?: string;
  /**
   * Days before replaced or deleted object versions expire (versioning keeps them until then).
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days before incomplete multipart uploads are aborted.
   * @default 7
   */
  readonly abortIncompleteUploadsAfterDays?: number;
  /**
   * Server access logs to another bucket (which must not be this one).
   * @default no access logs (CloudTrail data events are the alternative)
   */
  readonly accessLogs?: { readonly bucket: string; readonly prefix?: string };
  /**
   * Let `terraform destroy` delete a bucket that still has objects.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Days KMS waits before deleting the key after it is scheduled for deletion (7-30).
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * An S3 bucket with the settings every reviewer and scanner asks for: SSE-KMS with its own
 * customer managed key (yearly rotation) and S3 Bucket Keys, versioning, all four public access
 * block flags, ownership controls `BucketOwnerEnforced` (no ACLs), a policy that denies any
 * request without TLS 1.2+, expiry of old versions and abandoned uploads. Read access is granted
 * per role with `grantRead`, which includes `kms:Decrypt` on the key.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly key: KmsKey;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  public readonly policy: S3BucketPolicy;
  public readonly versioning: S3BucketVersioningA;
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  private readonly purpose: string;
  private grants = 0;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const where = this.node.path;
    this.purpose = props.purpose;
    if (typeof props.purpose !== "string" || !/^[a-z0-9](?:[a-z0-9-]{1,28}[a-z0-9])$/.test(props.purpose)) {
      throw new SpecError(where, "purpose", props.purpose, "not 3-30 lowercase letters, digits and '-'", 'use e.g. "beanstalk-bundles"');
    }
    if (props.bucketName !== undefined && !Token.isUnresolved(props.bucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      throw new SpecError(where, "bucketName", props.bucketName, "not a valid S3 bucket name", "use 3-63 lowercase letters, digits, '.' and '-'");
    }
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 90;
    const abortDays = props.abortIncompleteUploadsAfterDays ?? 7;
    const deletionWindow = props.keyDeletionWindowDays ?? 30;
    for (const [field, value, min, max] of [
      ["noncurrentVersionExpirationDays", noncurrentDays, 1, 36500],
      ["abortIncompleteUploadsAfterDays", abortDays, 1, 365],
      ["keyDeletionWindowDays", deletionWindow, 7, 30],
    ] as const) {
      if (!Number.isInteger(value) || value < min || value > max)
        throw new SpecError(where, field, value, `not a whole number of days from ${min} to ${max}`, `use e.g. ${max === 30 ? 30 : min}`);
    }
    const tags = { "cdktf-docker-environments:purpose": props.purpose, ...(props.tags ?? {}) };

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the ${props.purpose} bucket (${where})`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: deletionWindow,
      tags,
    });
    this.bucket = new S3Bucket(this, "bucket", {
      ...(props.bucketName !== undefined ? { bucket: props.bucketName } : { bucketPrefix: `${props.purpose}-` }),
      forceDestroy: props.forceDestroy ?? false,
      tags,
    });
    ({ publicAccessBlock: this.publicAccessBlock, versioning: this.versioning } = bucketBaseline(this, this.bucket.id));
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    const objects = `${this.bucket.arn}/*`;
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: jsonWithReferences({
        Version: "2012-10-17",
        Statement: tlsOnlyStatements([this.bucket.arn, objects]),
      }),
      dependsOn: [this.publicAccessBlock],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-noncurrent-versions-and-abandoned-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: abortDays }],
        },
      ],
      dependsOn: [this.versioning],
    });
    if (props.accessLogs !== undefined) {
      new S3BucketLoggingA(this, "access-logs", {
        bucket: this.bucket.id,
        targetBucket: props.accessLogs.bucket,
        targetPrefix: props.accessLogs.prefix ?? `${props.purpose}/`,
      });
    }
  }

  /**
   * Lets a role read objects (under `keyPrefix`) and decrypt them with the bucket's key.
   * @param roleName the IAM role's name (a reference such as `role.name` is fine)
   * @param keyPrefix object key prefix, e.g. `bundles/`; the default covers the whole bucket
   */
  grantRead(roleName: string, keyPrefix = ""): IamRolePolicy {
    if (!Token.isUnresolved(keyPrefix) && !/^[\w./-]*$/.test(keyPrefix)) {
      throw new SpecError(this.node.path, "grantRead.keyPrefix", keyPrefix, "not an object key prefix", 'use e.g. "bundles/"');
    }
    const index = this.grants++;
    return new IamRolePolicy(this, `read-grant-${index}`, {
      name: `${this.purpose}-bucket-read${index === 0 ? "" : `-${index}`}`,
      role: roleName,
      policy: jsonWithReferences({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${this.bucket.arn}/${keyPrefix}*` },
          {
            Sid: "ListBucket",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: this.bucket.arn,
            Condition: { StringLike: { "s3:prefix": `${keyPrefix}*` } },
          },
          { Sid: "DecryptWithBucketKey", Effect: "Allow", Action: "kms:Decrypt", Resource: this.key.arn },
        ],
      }),
    });
  }
}
