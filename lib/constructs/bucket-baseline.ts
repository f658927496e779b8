import type { Construct } from "constructs";
import { S3BucketOwnershipControls, S3BucketPublicAccessBlock, S3BucketVersioningA } from "../providers/aws";

/** What every bucket of the library has, whatever it stores. */
export interface BucketBaseline {
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly versioning: S3BucketVersioningA;
}

/**
 * The settings every bucket gets: object ownership enforced (no ACLs), all four public access
 * block flags, versioning. Created in `scope` under the ids `ownership`, `public-access-block`
 * and `versioning`.
 */
export function bucketBaseline(scope: Construct, bucketId: string): BucketBaseline {
  new S3BucketOwnershipControls(scope, "ownership", { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, "public-access-block", {
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const versioning = new S3BucketVersioningA(scope, "versioning", { bucket: bucketId, versioningConfiguration: { status: "Enabled" } });
  return { publicAccessBlock, versioning };
}

/** Bucket policy statements that refuse plain HTTP and TLS below 1.2 for the given resources. */
export function tlsOnlyStatements(resources: string[]): Record<string, unknown>[] {
  const deny = (sid: string, condition: Record<string, Record<string, string>>) => ({
    Sid: sid,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: resources,
    Condition: condition,
  });
  return [deny("DenyInsecureTransport", { Bool: { "aws:SecureTransport": "false" } }), deny("DenyTlsBelow12", { NumericLessThan: { "s3:TlsVersion": "1.2" } })];
}
