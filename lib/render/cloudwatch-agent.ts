import type { ContainerSpec } from "../core/container-spec";
import { parseImageReference } from "../core/image-reference";
import { SpecError } from "../core/spec-error";

/** The CloudWatch namespace the agent publishes host metrics to. */
export const CLOUDWATCH_AGENT_NAMESPACE = "CWAgent";
/** The agent's memory metric, aggregated per Auto Scaling group (the memory alarm reads it). */
export const AGENT_MEMORY_METRIC = "mem_used_percent";
/** Where the containerized agent writes its translated configuration and pid file (tmpfs: the root filesystem is read-only). */
const AGENT_WRITABLE_PATHS = ["/opt/aws/amazon-cloudwatch-agent/etc", "/opt/aws/amazon-cloudwatch-agent/var", "/opt/aws/amazon-cloudwatch-agent/logs"];

/** Names CloudWatch Logs accepts for a log group. */
export const LOG_GROUP_NAME = /^[A-Za-z0-9_\-/.#]{1,512}$/;

/**
 * Options of Docker's awslogs driver for one log group: `mode: non-blocking` so a slow or
 * unreachable CloudWatch Logs never blocks the application on a stdout write (the driver
 * buffers up to `max-buffer-size` in memory and drops the oldest lines beyond it), and the
 * region and credentials from the instance (IMDSv2; the engine runs on the host, so hop
 * limit 1 is enough). The group is created by Terraform, never by the driver.
 */
export function awslogsOptions(logGroupName: string, where: string): Record<string, string> {
  if (!LOG_GROUP_NAME.test(logGroupName)) {
    throw new SpecError(where, "logGroupName", logGroupName, "not a CloudWatch Logs group name", "use letters, digits and _ - / . # (at most 512)");
  }
  return { "awslogs-group": logGroupName, "awslogs-create-group": "false", mode: "non-blocking", "max-buffer-size": "4m" };
}

export interface CloudWatchAgentOptions {
  /** The agent image, pinned by digest, e.g. `public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300052.0b1024@sha256:...`. */
  readonly image: string;
  /** The log group the agent's own output goes to. */
  readonly logGroupName: string;
  /** Seconds between samples. @default 60 */
  readonly collectionIntervalSeconds?: number;
  /** For error messages. */
  readonly where: string;
}

/**
 * The agent's JSON configuration: memory use of the host, tagged with the instance and its
 * Auto Scaling group and aggregated per group (the dimension the memory alarm watches).
 * `${aws:...}` are the agent's own placeholders, filled in on the host.
 */
export function cloudWatchAgentConfig(collectionIntervalSeconds = 60): Record<string, unknown> {
  return {
    agent: { metrics_collection_interval: collectionIntervalSeconds, omit_hostname: true },
    metrics: {
      namespace: CLOUDWATCH_AGENT_NAMESPACE,
      append_dimensions: { AutoScalingGroupName: "${aws:AutoScalingGroupName}", InstanceId: "${aws:InstanceId}" },
      aggregation_dimensions: [["AutoScalingGroupName"]],
      metrics_collected: { mem: { measurement: [AGENT_MEMORY_METRIC], metrics_collection_interval: collectionIntervalSeconds } },
    },
  };
}

/**
 * The CloudWatch agent as a hardened support service (book chapter 9: monitoring runs next to
 * the application on every host). Its configuration comes in `CW_CONFIG_CONTENT` (read by the
 * agent image when RUN_IN_CONTAINER is set), so nothing is mounted from the host. It runs as
 * nobody with a read-only root filesystem, all capabilities dropped and tmpfs where it writes.
 * `/proc/meminfo` is not namespaced, so the container sees the host's memory.
 *
 * One named weakening: the host's network namespace (CIS 5.10). The agent needs the instance
 * metadata service (region, instance id) and the instance role's credentials, and the hosts
 * keep IMDS hop limit 1, which shuts bridge-networked containers out of IMDS. Sharing the host
 * network for this one container keeps hop limit 1 for all the others; the agent opens no port.
 */
export function cloudWatchAgentService(options: CloudWatchAgentOptions): ContainerSpec {
  const reference = parseImageReference(options.image);
  if (typeof reference === "string" || reference.digest === undefined) {
    throw new SpecError(
      options.where,
      "cloudWatchAgent.image",
      options.image,
      typeof reference === "string" ? reference : "the agent image must be pinned by digest, like every image on a production host",
      "use public.ecr.aws/cloudwatch-agent/cloudwatch-agent:<version>@sha256:<digest> (docker buildx imagetools inspect shows the digest)",
    );
  }
  const interval = options.collectionIntervalSeconds ?? 60;
  if (![10, 30, 60].includes(interval)) {
    throw new SpecError(options.where, "cloudWatchAgent.collectionIntervalSeconds", interval, "not 10, 30 or 60", "use 60 (alarms evaluate minutes)");
  }
  return {
    name: "cloudwatch-agent",
    image: options.image,
    environment: { CW_CONFIG_CONTENT: JSON.stringify(cloudWatchAgentConfig(interval)), RUN_IN_CONTAINER: "True" },
    mounts: AGENT_WRITABLE_PATHS.map((target) => ({ type: "tmpfs" as const, target, size: "16m", mode: "1777" })),
    resources: { memory: "192m", cpus: 0.25, pidsLimit: 128 },
    security: { hostNamespaces: ["network"] },
    // The translated configuration exists only once the agent started with a valid one; the agent is PID 1.
    healthCheck: {
      command: "test -s /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.toml && kill -0 1",
      intervalSeconds: 60,
      startPeriodSeconds: 30,
    },
    logging: { driver: "awslogs", options: awslogsOptions(options.logGroupName, options.where) },
    stopTimeoutSeconds: 10,
    exceptions: [
      {
        rule: "CIS-5.10",
        reason:
          "the CloudWatch agent reads instance metadata and the instance role credentials, which IMDS hop limit 1 keeps from bridge-networked containers; it opens no port",
      },
    ],
  };
}
