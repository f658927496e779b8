import { Construct } from "constructs";
import type { ResolvedThresholds } from "../core/web-monitoring-settings";
import { CloudwatchMetricAlarm } from "../providers/aws";
import { AGENT_MEMORY_METRIC, CLOUDWATCH_AGENT_NAMESPACE } from "../render/cloudwatch-agent";

export interface WebAlarmsProps {
  /** Alarm name prefix (the environment's name). */
  readonly name: string;
  /** The load balancer's `arn_suffix` (the LoadBalancer dimension). */
  readonly loadBalancerArnSuffix: string;
  /** The target group's `arn_suffix` (the TargetGroup dimension). */
  readonly targetGroupArnSuffix: string;
  /** The Auto Scaling group's name (a literal: the group's refresh watches some of these alarms). */
  readonly autoScalingGroupName: string;
  readonly thresholds: ResolvedThresholds;
  /** SNS topics notified on ALARM and OK. */
  readonly alarmActions: string[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The environment's alarms: the 5xx rate at the load balancer, hosts failing the target group
 * health check, fleet CPU, and fleet memory (from the CloudWatch agent). The first two also
 * gate deploys: the instance refresh watches them and rolls back when one goes to ALARM.
 */
export class WebAlarms extends Construct {
  public readonly http5xxRate: CloudwatchMetricAlarm;
  public readonly unhealthyHosts: CloudwatchMetricAlarm;
  public readonly cpu: CloudwatchMetricAlarm;
  public readonly memory: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: WebAlarmsProps) {
    super(scope, id);
    const t = props.thresholds;
    const actions = { alarmActions: props.alarmActions, okActions: props.alarmActions, actionsEnabled: true };
    const lb = { LoadBalancer: props.loadBalancerArnSuffix };
    const count = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lb, period: 60, stat: "Sum", unit: "Count" },
    });

    this.http5xxRate = new CloudwatchMetricAlarm(this, "http-5xx-rate", {
      alarmName: `${props.name}-http-5xx-rate`,
      alarmDescription: `More than ${t.http5xxPercent}% of requests to ${props.name} answered 5xx (targets or load balancer) for 3 minutes, with at least ${t.minimumRequestsPerMinute} requests a minute. Fails and rolls back a running deploy.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.http5xxPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      metricQuery: [
        count("requests", "RequestCount"),
        count("target5xx", "HTTPCode_Target_5XX_Count"),
        count("elb5xx", "HTTPCode_ELB_5XX_Count"),
        {
          id: "rate",
          label: "5xx responses (% of requests)",
          returnData: true,
          expression: `IF(FILL(requests, 0) >= ${t.minimumRequestsPerMinute}, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)`,
        },
      ],
      ...actions,
      tags: props.tags,
    });
    this.unhealthyHosts = new CloudwatchMetricAlarm(this, "unhealthy-hosts", {
      alarmName: `${props.name}-unhealthy-hosts`,
      alarmDescription: `At least ${t.unhealthyHosts} host(s) of ${props.name} failed the target group health check for 2 minutes. Fails and rolls back a running deploy.`,
      namespace: "AWS/ApplicationELB",
      metricName: "UnHealthyHostCount",
      dimensions: { ...lb, TargetGroup: props.targetGroupArnSuffix },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: t.unhealthyHosts,
      treatMissingData: "notBreaching",
      ...actions,
      tags: props.tags,
    });
    this.cpu = new CloudwatchMetricAlarm(this, "cpu", {
      alarmName: `${props.name}-cpu`,
      alarmDescription: `Average CPU of the ${props.name} fleet above ${t.cpuPercent}% for 5 minutes.`,
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: { AutoScalingGroupName: props.autoScalingGroupName },
      statistic: "Average",
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.cpuPercent,
      treatMissingData: "missing",
      ...actions,
      tags: props.tags,
    });
    this.memory = new CloudwatchMetricAlarm(this, "memory", {
      alarmName: `${props.name}-memory`,
      alarmDescription: `Average memory use of the ${props.name} hosts above ${t.memoryPercent}% for 5 minutes (CloudWatch agent). Missing data means the agent is not reporting.`,
      namespace: CLOUDWATCH_AGENT_NAMESPACE,
      metricName: AGENT_MEMORY_METRIC,
      dimensions: { AutoScalingGroupName: props.autoScalingGroupName },
      statistic: "Average",
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.memoryPercent,
      treatMissingData: "missing",
      ...actions,
      tags: props.tags,
    });
  }

  /** The alarms that fail and roll back an instance refresh. */
  get rollbackAlarms(): CloudwatchMetricAlarm[] {
    return [this.http5xxRate, this.unhealthyHosts];
  }
}
