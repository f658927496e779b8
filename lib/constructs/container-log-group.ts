import { Fn } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup, KmsKey } from "../providers/aws";
import { awsAccountId, awsPartition, awsRegion } from "./aws-context";

export interface ContainerLogGroupProps {
  /** The log group's name. */
  readonly logGroupName: string;
  /** Days to keep logs. */
  readonly retentionInDays: number;
  readonly tags: Record<string, string>;
}

/**
 * The CloudWatch log group an environment's log shippers write to, encrypted with its own KMS key
 * (rotation on) that CloudWatch Logs may use for this log group only.
 */
export class ContainerLogGroup extends Construct {
  public readonly key: KmsKey;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ContainerLogGroupProps) {
    super(scope, id);
    const account = awsAccountId(this);
    const region = awsRegion(this);
    const partition = awsPartition(this);
    const logGroupArn = `arn:${partition}:logs:${region}:${account}:log-group:${props.logGroupName}`;
    this.key = new KmsKey(this, "key", {
      description: `Encrypts the container logs in ${props.logGroupName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
          {
            Sid: "CloudWatchLogsUsesForThisLogGroup",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
          },
        ],
      }),
      tags: props.tags,
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: this.key.arn,
      tags: props.tags,
    });
  }
}
