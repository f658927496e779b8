import type { Construct } from "constructs";
import { KmsKey } from "../providers/aws";
import { awsAccountId, awsPartition, awsRegion } from "./aws-context";
import { jsonWithReferences } from "./json-with-references";

export interface LogGroupKeyProps {
  /** What the key encrypts, for its description. */
  readonly description: string;
  /** The log group name, or a name prefix ending in `*` for a family of groups. */
  readonly logGroupName: string;
  /**
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * A customer managed KMS key (rotated yearly) that CloudWatch Logs may use only for the named log
 * group (or the groups under a prefix), through the `aws:logs:arn` encryption context.
 */
export function logGroupKey(scope: Construct, id: string, props: LogGroupKeyProps): KmsKey {
  const account = awsAccountId(scope);
  const region = awsRegion(scope);
  const partition = awsPartition(scope);
  const family = props.logGroupName.endsWith("*");
  return new KmsKey(scope, id, {
    description: props.description,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: jsonWithReferences({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
        {
          Sid: family ? "CloudWatchLogsUsesForTheseLogGroups" : "CloudWatchLogsUsesForThisLogGroup",
          Effect: "Allow",
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            [family ? "ArnLike" : "ArnEquals"]: {
              "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:${props.logGroupName}`,
            },
          },
        },
      ],
    }),
    tags: props.tags,
  });
}
