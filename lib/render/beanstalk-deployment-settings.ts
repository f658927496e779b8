import type { BeanstalkSettingsInput } from "../core/beanstalk-settings";
import type { SettingsWriter } from "./beanstalk-settings-writer";
import { isDuration } from "./beanstalk-settings-writer";

const DEPLOYMENT_POLICIES = ["AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable", "TrafficSplitting"];

/**
 * How new versions and configuration changes reach the instances, and how many there are:
 * `aws:elasticbeanstalk:command`, `:trafficsplitting`, `aws:autoscaling:updatepolicy:rollingupdate`,
 * `aws:autoscaling:asg`, `aws:ec2:instances` and the instances' launch settings (IMDSv2 only).
 */
export function writeDeploymentSettings(w: SettingsWriter, input: BeanstalkSettingsInput): void {
  // Deployments of new application versions.
  const deployment = input.deployment ?? {};
  const policy = deployment.policy ?? "Immutable";
  if (!DEPLOYMENT_POLICIES.includes(policy))
    w.errors.add("deployment.policy", policy, "not a deployment policy", `use one of ${DEPLOYMENT_POLICIES.join(", ")}`);
  const allAtOnceAllowed = w.justified("deployment.allowAllAtOnce", deployment.allowAllAtOnce, "exception:deployment-all-at-once");
  if (policy === "AllAtOnce" && !allAtOnceAllowed) {
    w.errors.add(
      "deployment.policy",
      policy,
      "AllAtOnce takes every instance out of service during each deploy",
      'use "Immutable", "Rolling", "RollingWithAdditionalBatch" or "TrafficSplitting", or name the opt-out allowAllAtOnce: { reason: "…" }',
    );
  } else if (policy !== "AllAtOnce" && allAtOnceAllowed) {
    w.errors.add("deployment.allowAllAtOnce", deployment.allowAllAtOnce, `the policy is ${policy}, not AllAtOnce`, "remove allowAllAtOnce");
  }
  w.set("aws:elasticbeanstalk:command", "DeploymentPolicy", policy, "deployment.policy");
  const rolling = policy === "Rolling" || policy === "RollingWithAdditionalBatch";
  const capacity = input.capacity ?? {};
  const minSize = w.whole("capacity.minSize", capacity.minSize, 2, 1, 10000);
  const maxSize = w.whole("capacity.maxSize", capacity.maxSize, 4, 1, 10000);
  if (maxSize < minSize) w.errors.add("capacity.maxSize", maxSize, `below minSize ${minSize}`, "make maxSize >= minSize");
  if (deployment.batchSize !== undefined && !rolling) {
    w.errors.add(
      "deployment.batchSize",
      deployment.batchSize,
      `batch sizes apply to Rolling and RollingWithAdditionalBatch, not ${policy}`,
      "remove batchSize",
    );
  }
  if (rolling) {
    const batch = deployment.batchSize ?? { type: "Percentage", value: 25 };
    if (batch.type !== "Percentage" && batch.type !== "Fixed")
      w.errors.add("deployment.batchSize.type", batch.type, "not Percentage or Fixed", 'use "Percentage" or "Fixed"');
    w.whole("deployment.batchSize.value", batch.value, 25, 1, batch.type === "Fixed" ? maxSize : 100);
    w.set("aws:elasticbeanstalk:command", "BatchSizeType", batch.type, "deployment.batchSize.type");
    w.set("aws:elasticbeanstalk:command", "BatchSize", String(batch.value), "deployment.batchSize.value");
  }
  if (deployment.trafficSplitting !== undefined && policy !== "TrafficSplitting") {
    w.errors.add(
      "deployment.trafficSplitting",
      deployment.trafficSplitting,
      `the policy is ${policy}, not TrafficSplitting`,
      "remove trafficSplitting or use TrafficSplitting",
    );
  }
  if (policy === "TrafficSplitting") {
    const split = deployment.trafficSplitting ?? {};
    w.set(
      "aws:elasticbeanstalk:trafficsplitting",
      "NewVersionPercent",
      String(w.whole("deployment.trafficSplitting.newVersionPercent", split.newVersionPercent, 10, 1, 100)),
      "deployment.trafficSplitting",
    );
    w.set(
      "aws:elasticbeanstalk:trafficsplitting",
      "EvaluationTime",
      String(w.whole("deployment.trafficSplitting.evaluationTimeMinutes", split.evaluationTimeMinutes, 5, 3, 600)),
      "deployment.trafficSplitting",
    );
  }
  w.set(
    "aws:elasticbeanstalk:command",
    "Timeout",
    String(w.whole("deployment.timeoutSeconds", deployment.timeoutSeconds, 600, 1, 3600)),
    "deployment.timeoutSeconds",
  );
  w.set("aws:elasticbeanstalk:command", "IgnoreHealthCheck", "false", "deployment (health checks always gate deploys)");

  // Configuration changes that replace instances.
  const updates = input.configurationUpdates ?? {};
  const updateType = updates.type ?? "Health";
  if (!["Health", "Immutable", "Time"].includes(updateType))
    w.errors.add("configurationUpdates.type", updateType, "not Health, Immutable or Time", 'use "Health"');
  const maxBatch = w.whole("configurationUpdates.maxBatchSize", updates.maxBatchSize, 1, 1, 10000);
  const minInService = w.whole("configurationUpdates.minInstancesInService", updates.minInstancesInService, 1, 0, 9999);
  if (minInService >= maxSize)
    w.errors.add("configurationUpdates.minInstancesInService", minInService, `not below capacity.maxSize ${maxSize}`, "lower it or raise maxSize");
  w.set("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateEnabled", "true", "configurationUpdates");
  w.set("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateType", updateType, "configurationUpdates.type");
  w.set("aws:autoscaling:updatepolicy:rollingupdate", "MaxBatchSize", String(maxBatch), "configurationUpdates.maxBatchSize");
  w.set("aws:autoscaling:updatepolicy:rollingupdate", "MinInstancesInService", String(minInService), "configurationUpdates.minInstancesInService");
  if (updates.pauseTime !== undefined) {
    if (updateType !== "Time")
      w.errors.add("configurationUpdates.pauseTime", updates.pauseTime, "only Time-based updates pause between batches", "remove pauseTime");
    else if (!isDuration(updates.pauseTime, 0, 3600))
      w.errors.add("configurationUpdates.pauseTime", updates.pauseTime, "not an ISO 8601 duration from PT0S to PT1H", 'use e.g. "PT5M"');
    w.set("aws:autoscaling:updatepolicy:rollingupdate", "PauseTime", updates.pauseTime, "configurationUpdates.pauseTime");
  }
  const updateTimeout = updates.timeout ?? "PT30M";
  if (!isDuration(updateTimeout, 300, 3600))
    w.errors.add("configurationUpdates.timeout", updateTimeout, "not an ISO 8601 duration from PT5M to PT1H", 'use e.g. "PT30M"');
  w.set("aws:autoscaling:updatepolicy:rollingupdate", "Timeout", updateTimeout, "configurationUpdates.timeout");

  // Capacity and instances.
  w.set("aws:autoscaling:asg", "MinSize", String(minSize), "capacity.minSize");
  w.set("aws:autoscaling:asg", "MaxSize", String(maxSize), "capacity.maxSize");
  const instanceTypes = capacity.instanceTypes ?? ["t3.small"];
  if (
    !Array.isArray(instanceTypes) ||
    instanceTypes.length === 0 ||
    instanceTypes.length > 10 ||
    instanceTypes.some((t) => !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t))
  ) {
    w.errors.add("capacity.instanceTypes", instanceTypes, "not a list of 1-10 EC2 instance types", 'use e.g. ["t3.small"]');
  }
  w.set("aws:ec2:instances", "InstanceTypes", instanceTypes.join(","), "capacity.instanceTypes");
  w.set("aws:autoscaling:launchconfiguration", "IamInstanceProfile", input.instanceProfile, "the instance profile of the environment");
  w.set("aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true", "always (IMDSv2 only)");
}
