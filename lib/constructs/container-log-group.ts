import { Construct } from "constructs";
import { CloudwatchLogGroup, KmsKey } from "../providers/aws";
import { logGroupKey } from "./log-group-key";

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
    this.key = logGroupKey(this, "key", {
      description: `Encrypts the container logs in ${props.logGroupName}`,
      logGroupName: props.logGroupName,
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
