import { Testing, TerraformStack } from "cdktf";
import { SecureBucket } from "../../lib/constructs/secure-bucket";
import { AwsProvider } from "../../lib/providers/aws";
import type { SecureBucketProps } from "../../lib/constructs/secure-bucket";
import { expectRefusal } from "../support/expect-refusal";

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

function synth(props: Partial<SecureBucketProps> = {}, grant?: (b: SecureBucket) => void): Json {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const bucket = new SecureBucket(stack, "bundles", { purpose: "beanstalk-bundles", ...props });
  grant?.(bucket);
  return JSON.parse(Testing.synth(stack, true)) as Json;
}

const one = (json: Json, type: string) => {
  const all = Object.values(json.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
};

describe("SecureBucket", () => {
  test("encrypts with its own rotated key, versions, blocks public access, enforces ownership and TLS", () => {
    const json = synth();
    expect(one(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30 });
    expect(one(json, "aws_s3_bucket")).toMatchObject({ bucket_prefix: "beanstalk-bundles-", force_destroy: false });
    expect(one(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(one(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.\w+\.arn\}$/) },
        bucket_key_enabled: true,
      },
    ]);
    expect(one(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(one(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    const bucketArn = expect.stringMatching(/^\$\{aws_s3_bucket\.\w+\.arn\}$/);
    const objectsArn = expect.stringMatching(/^\$\{aws_s3_bucket\.\w+\.arn\}\/\*$/);
    expect(JSON.parse(String(one(json, "aws_s3_bucket_policy").policy)).Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Action: "s3:*", Resource: [bucketArn, objectsArn], Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      expect.objectContaining({
        Effect: "Deny",
        Action: "s3:*",
        Resource: [bucketArn, objectsArn],
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      }),
    ]);
    expect(one(json, "aws_s3_bucket_policy").depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
    expect(one(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
    expect(json.resource.aws_s3_bucket_logging).toBeUndefined();
  });

  test("grantRead gives one role object reads under a prefix and decryption with the bucket key only", () => {
    const json = synth({ accessLogs: { bucket: "org-access-logs" } }, (b) => {
      b.grantRead("shop-eb-ec2", "bundles/shop/");
      b.grantRead("shop-eb-service");
    });
    const grants = Object.values(json.resource.aws_iam_role_policy);
    expect(grants.map((g) => [g.name, g.role])).toEqual([
      ["beanstalk-bundles-bucket-read", "shop-eb-ec2"],
      ["beanstalk-bundles-bucket-read-1", "shop-eb-service"],
    ]);
    expect(JSON.parse(String(grants[0].policy)).Statement).toEqual([
      {
        Sid: "ReadObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.\w+\.arn\}\/bundles\/shop\/\*$/),
      },
      {
        Sid: "ListBucket",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.\w+\.arn\}$/),
        Condition: { StringLike: { "s3:prefix": "bundles/shop/*" } },
      },
      { Sid: "DecryptWithBucketKey", Effect: "Allow", Action: "kms:Decrypt", Resource: expect.stringMatching(/^\$\{aws_kms_key\.\w+\.arn\}$/) },
    ]);
    expect(one(json, "aws_s3_bucket_logging")).toMatchObject({ target_bucket: "org-access-logs", target_prefix: "beanstalk-bundles/" });
  });

  test.each([
    ["purpose", { purpose: "Bundles!" }, /not 3-30 lowercase letters/],
    ["bucketName", { bucketName: "My_Bucket" }, /not a valid S3 bucket name/],
    ["noncurrentVersionExpirationDays", { noncurrentVersionExpirationDays: 0 }, /from 1 to 36500/],
    ["keyDeletionWindowDays", { keyDeletionWindowDays: 3 }, /from 7 to 30/],
  ] as [string, Partial<SecureBucketProps>, RegExp][])("refuses a bad %s", (field, props, problem) => {
    expectRefusal(() => synth(props), { where: "test/bundles", field, problem });
  });

  test("refuses a key prefix that is not one", () => {
    expectRefusal(() => synth({}, (b) => b.grantRead("role", "bundles/*")), {
      where: "test/bundles",
      field: "grantRead.keyPrefix",
      value: "bundles/*",
      problem: /not an object key prefix/,
    });
  });
});
