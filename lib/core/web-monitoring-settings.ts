import { SpecErrors } from "./spec-error";

/** Alarm thresholds of a web environment. Every alarm evaluates one-minute periods. */
export interface WebAlarmThresholds {
  /** Share of requests answered 5xx (by the hosts or the load balancer), in percent, over 3 minutes in a row. @default 5 */
  readonly http5xxPercent?: number;
  /** Fewest requests per minute before the 5xx rate counts (a single failed request is not a rate). @default 20 */
  readonly minimumRequestsPerMinute?: number;
  /** Hosts failing the target group health check, for 2 minutes in a row. @default 1 */
  readonly unhealthyHosts?: number;
  /** Average CPU of the fleet, in percent, for 5 minutes in a row. @default 80 */
  readonly cpuPercent?: number;
  /** Average memory use of the fleet's hosts (CloudWatch agent), in percent, for 5 minutes in a row. @default 85 */
  readonly memoryPercent?: number;
}

export interface WebMonitoringOptions {
  /**
   * The CloudWatch agent image, pinned by digest
   * (`public.ecr.aws/cloudwatch-agent/cloudwatch-agent:<version>@sha256:<digest>`): it runs on
   * every host as a support service and publishes the memory metric.
   */
  readonly cloudWatchAgentImage: string;
  /** Alarm thresholds. @default see WebAlarmThresholds */
  readonly thresholds?: WebAlarmThresholds;
  /** Where alarms notify (SNS topic ARNs), on ALARM and on OK. @default none: the alarms still gate deploys and show on the dashboard */
  readonly alarmActions?: string[];
}

export type ResolvedThresholds = Required<WebAlarmThresholds>;

/** Applies the defaults and checks the thresholds and actions. */
export function resolveWebMonitoring(
  options: WebMonitoringOptions,
  where: string,
  isReference: (v: string) => boolean,
): { thresholds: ResolvedThresholds; alarmActions: string[] } {
  const errors = new SpecErrors(where);
  const t = options?.thresholds ?? {};
  const thresholds = {
    http5xxPercent: t.http5xxPercent ?? 5,
    minimumRequestsPerMinute: t.minimumRequestsPerMinute ?? 20,
    unhealthyHosts: t.unhealthyHosts ?? 1,
    cpuPercent: t.cpuPercent ?? 80,
    memoryPercent: t.memoryPercent ?? 85,
  };
  const percent = (field: string, value: number) => {
    if (typeof value !== "number" || !(value > 0) || value > 100)
      errors.add(`monitoring.thresholds.${field}`, value, "not a percentage above 0 and at most 100", "use e.g. 5");
  };
  percent("http5xxPercent", thresholds.http5xxPercent);
  percent("cpuPercent", thresholds.cpuPercent);
  percent("memoryPercent", thresholds.memoryPercent);
  if (!Number.isInteger(thresholds.minimumRequestsPerMinute) || thresholds.minimumRequestsPerMinute < 1) {
    errors.add("monitoring.thresholds.minimumRequestsPerMinute", thresholds.minimumRequestsPerMinute, "not a whole number of at least 1", "use e.g. 20");
  }
  if (!Number.isInteger(thresholds.unhealthyHosts) || thresholds.unhealthyHosts < 1) {
    errors.add(
      "monitoring.thresholds.unhealthyHosts",
      thresholds.unhealthyHosts,
      "not a whole number of at least 1",
      "use 1: any host failing its health check is news",
    );
  }
  const alarmActions = options?.alarmActions ?? [];
  alarmActions.forEach((arn, i) => {
    if (typeof arn !== "string" || (!isReference(arn) && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(arn))) {
      errors.add(`monitoring.alarmActions[${i}]`, arn, "not an SNS topic ARN", "use arn:aws:sns:<region>:<account>:<topic>");
    }
  });
  errors.throwIfAny();
  return { thresholds, alarmActions: [...alarmActions] };
}
