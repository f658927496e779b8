import { Construct } from "constructs";
import { CloudwatchDashboard } from "../providers/aws";
import type { CloudwatchMetricAlarm } from "../providers/aws";
import { AGENT_MEMORY_METRIC, CLOUDWATCH_AGENT_NAMESPACE } from "../render/cloudwatch-agent";
import { awsRegion } from "./aws-context";
import { jsonWithReferences } from "./json-with-references";

export interface WebDashboardProps {
  /** The dashboard's name (the environment's name). */
  readonly name: string;
  readonly loadBalancerArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly autoScalingGroupName: string;
  /** Alarms shown with their state at the top. */
  readonly alarms: CloudwatchMetricAlarm[];
}

/**
 * One CloudWatch dashboard for the environment: alarm states, requests and 5xx responses,
 * response times, healthy and unhealthy hosts, fleet size (watch a deploy replace hosts), CPU
 * and memory.
 */
export class WebDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: WebDashboardProps) {
    super(scope, id);
    const region = awsRegion(this);
    const lb = ["LoadBalancer", props.loadBalancerArnSuffix];
    const tg = ["TargetGroup", props.targetGroupArnSuffix];
    const asg = ["AutoScalingGroupName", props.autoScalingGroupName];
    const graph = (x: number, y: number, title: string, metrics: unknown[][], extra: Record<string, unknown> = {}) => ({
      type: "metric",
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region, view: "timeSeries", period: 60, metrics, ...extra },
    });
    const elb = (metric: string, stat: string, dims: string[] = lb) => ["AWS/ApplicationELB", metric, ...dims, { stat }];
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.name,
      dashboardBody: jsonWithReferences({
        widgets: [
          { type: "alarm", x: 0, y: 0, width: 24, height: 3, properties: { title: "Alarms", alarms: props.alarms.map((a) => a.arn) } },
          graph(0, 3, "Requests and 5xx responses", [
            elb("RequestCount", "Sum"),
            elb("HTTPCode_Target_5XX_Count", "Sum"),
            elb("HTTPCode_ELB_5XX_Count", "Sum"),
          ]),
          graph(12, 3, "Target response time (s)", [elb("TargetResponseTime", "p50"), elb("TargetResponseTime", "p99")]),
          graph(0, 9, "Healthy and unhealthy hosts", [
            elb("HealthyHostCount", "Minimum", [...tg, ...lb]),
            elb("UnHealthyHostCount", "Maximum", [...tg, ...lb]),
          ]),
          graph(12, 9, "Fleet size (a deploy adds, then removes hosts)", [
            ["AWS/AutoScaling", "GroupDesiredCapacity", ...asg, { stat: "Average" }],
            ["AWS/AutoScaling", "GroupInServiceInstances", ...asg, { stat: "Average" }],
            ["AWS/AutoScaling", "GroupPendingInstances", ...asg, { stat: "Average" }],
            ["AWS/AutoScaling", "GroupTerminatingInstances", ...asg, { stat: "Average" }],
          ]),
          graph(0, 15, "CPU (%)", [["AWS/EC2", "CPUUtilization", ...asg, { stat: "Average" }]], { yAxis: { left: { min: 0, max: 100 } } }),
          graph(12, 15, "Memory used (%)", [[CLOUDWATCH_AGENT_NAMESPACE, AGENT_MEMORY_METRIC, ...asg, { stat: "Average" }]], {
            yAxis: { left: { min: 0, max: 100 } },
          }),
        ],
      }),
    });
  }
}
