import { Construct } from "constructs";
import { awsExceptionTags, resolveAwsExceptions } from "../core/aws-exception";
import type { AwsException, AwsRuleId } from "../core/aws-exception";
import { SpecError, SpecErrors } from "../core/spec-error";
import { CloudwatchLogGroup, IamRolePolicy, KmsKey } from "../providers/aws";
import { LOG_GROUP_NAME } from "../render/cloudwatch-agent";
import { logGroupKey } from "./log-group-key";
import { LOG_RETENTION_DAYS } from "./network-flow-logs";
import { jsonWithReferences } from "./json-with-references";

export interface ServiceLogGroupsProps {
  /** Every group's name starts with this prefix, e.g. `/web/shop/`; the key may be used for these groups only. */
  readonly prefix: string;
  /** The groups' names after the prefix, one per service (e.g. `web`, `cloudwatch-agent`). */
  readonly names: string[];
  /** Days the logs are kept; under 365 needs the `LOG-RETENTION-UNDER-365` exception (checkov CKV_AWS_338). @default 365 */
  readonly retentionInDays?: number;
  /** Named, reasoned weakenings (LOG-RETENTION-UNDER-365). @default none */
  readonly exceptions?: AwsException[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * CloudWatch Logs groups for the containers of an environment (the awslogs driver writes them),
 * kept 365 days by default and encrypted with their own KMS key (rotation on) whose policy lets
 * CloudWatch Logs use it only for groups under the prefix. `grantWrite` lets an instance role
 * create streams and put events in these groups and nothing else; the driver never creates groups.
 */
export class ServiceLogGroups extends Construct {
  public readonly key: KmsKey;
  /** The groups by their name after the prefix. */
  public readonly groups: Record<string, CloudwatchLogGroup> = {};
  public readonly retentionInDays: number;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: ServiceLogGroupsProps) {
    super(scope, id);
    const where = this.node.path;
    const errors = new SpecErrors(where);
    this.prefix = props.prefix;
    if (!/^\/[A-Za-z0-9_\-/.#]*\/$/.test(props.prefix) || props.prefix.length > 400) {
      errors.add("prefix", props.prefix, "not a log group name prefix that starts and ends with /", 'use e.g. "/web/shop/"');
    }
    const retention = props.retentionInDays ?? 365;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      errors.add("retentionInDays", retention, "CloudWatch Logs does not offer this retention", `use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    const needed = new Map<AwsRuleId, { field: string; value: unknown }>();
    if (retention > 0 && retention < 365) needed.set("LOG-RETENTION-UNDER-365", { field: "retentionInDays", value: retention });
    const reasons = resolveAwsExceptions(props.exceptions, needed, errors);
    errors.throwIfAny();
    this.retentionInDays = retention;
    if (props.names.length === 0 || new Set(props.names).size !== props.names.length) {
      throw new SpecError(where, "names", props.names, "empty or a name is listed twice", "list each service once");
    }
    const tags = { ...(props.tags ?? {}), ...awsExceptionTags(reasons) };

    this.key = logGroupKey(this, "key", { description: `Encrypts the container logs under ${props.prefix}`, logGroupName: `${props.prefix}*`, tags: tags });
    for (const name of props.names) {
      const full = `${props.prefix}${name}`;
      if (!LOG_GROUP_NAME.test(full))
        throw new SpecError(where, "names", name, "does not make a CloudWatch Logs group name", "use letters, digits and _ - / . #");
      this.groups[name] = new CloudwatchLogGroup(this, `group-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`, {
        name: full,
        retentionInDays: retention,
        kmsKeyId: this.key.arn,
        tags,
      });
    }
  }

  /** The full name of a group, e.g. `/web/shop/web`. */
  groupName(name: string): string {
    if (this.groups[name] === undefined)
      throw new SpecError(this.node.path, "groupName", name, "no such group", `use one of ${Object.keys(this.groups).join(", ")}`);
    return `${this.prefix}${name}`;
  }

  /** Lets a role (by name) write events to these groups: what Docker's awslogs driver calls. */
  grantWrite(roleName: string): IamRolePolicy {
    return new IamRolePolicy(this, "write-grant", {
      name: "write-container-logs",
      role: roleName,
      policy: jsonWithReferences({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WriteContainerLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: Object.values(this.groups).map((g) => `${g.arn}:*`),
          },
        ],
      }),
    });
  }
}
