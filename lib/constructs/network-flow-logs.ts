import { Construct } from "constructs";
import { CloudwatchLogGroup, FlowLog, IamRole, IamRolePolicy, KmsKey } from "../providers/aws";
import { awsAccountId, awsPartition, awsRegion } from "./aws-context";
import { logGroupKey } from "./log-group-key";
import { jsonWithReferences } from "./json-with-references";

/** The CloudWatch Logs retention periods AWS accepts (days; 0 keeps logs forever). */
export const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Options of a VPC's flow logs. */
export interface FlowLogOptions {
  /** Days to keep the records; under 365 needs the `LOG-RETENTION-UNDER-365` exception (checkov CKV_AWS_338). @default 365 */
  readonly retentionInDays?: number;
  /** Which traffic to record. @default "ALL" */
  readonly trafficType?: "ALL" | "ACCEPT" | "REJECT";
  /** Seconds over which records are aggregated: 60 or 600. @default 600 */
  readonly maxAggregationIntervalSeconds?: 60 | 600;
}

export interface VpcFlowLogsProps extends FlowLogOptions {
  readonly vpcId: string;
  /** The log group's name. */
  readonly logGroupName: string;
  /** Tags on every resource. */
  readonly tags: Record<string, string>;
}

/**
 * A VPC's flow logs in a CloudWatch log group encrypted with its own KMS key (rotation on):
 * the key policy lets CloudWatch Logs use it for this log group only, and the delivery role
 * can be assumed by the flow logs service for this account only (confused-deputy guard).
 */
export class VpcFlowLogs extends Construct {
  public readonly key: KmsKey;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly deliveryRole: IamRole;
  public readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const account = awsAccountId(this);
    const region = awsRegion(this);
    const partition = awsPartition(this);

    this.key = logGroupKey(this, "key", {
      description: `Encrypts the VPC flow logs in ${props.logGroupName}`,
      logGroupName: props.logGroupName,
      tags: props.tags,
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays ?? 365,
      kmsKeyId: this.key.arn,
      tags: props.tags,
    });
    this.deliveryRole = new IamRole(this, "delivery-role", {
      description: `Delivers VPC flow logs to ${props.logGroupName}`,
      assumeRolePolicy: jsonWithReferences({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": account },
              ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
            },
          },
        ],
      }),
      tags: props.tags,
    });
    const policy = new IamRolePolicy(this, "delivery-policy", {
      role: this.deliveryRole.id,
      name: "deliver-flow-logs",
      policy: jsonWithReferences({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: `${this.logGroup.arn}:*` },
          { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: `arn:${partition}:logs:${region}:${account}:log-group:*` },
        ],
      }),
    });
    this.flowLog = new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: this.deliveryRole.arn,
      maxAggregationInterval: props.maxAggregationIntervalSeconds ?? 600,
      tags: props.tags,
      dependsOn: [policy],
    });
  }
}
