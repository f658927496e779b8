import type { BeanstalkOptionSetting } from "../core/beanstalk-options";
import { checkBeanstalkOptionSetting } from "../core/beanstalk-options";
import type { BeanstalkSettingsInput } from "../core/beanstalk-settings";
import { SpecError } from "../core/spec-error";
import { writeDeploymentSettings } from "./beanstalk-deployment-settings";
import { writeNetworkSettings } from "./beanstalk-network-settings";
import type { ReferenceHandling } from "./beanstalk-settings-writer";
import { SettingsWriter } from "./beanstalk-settings-writer";

export type { ReferenceHandling } from "./beanstalk-settings-writer";

/** Retention values Beanstalk log streaming accepts (RetentionInDays), a subset of what CloudWatch Logs offers. */
export const BEANSTALK_LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653];

const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

/** The option settings of an environment, plus the reasons of any named opt-outs (for tags). */
export interface RenderedOptionSettings {
  readonly settings: BeanstalkOptionSetting[];
  /** Tag key -> reason, one per weakening the user named. */
  readonly exceptions: Record<string, string>;
}

/**
 * Renders typed settings as Elastic Beanstalk option settings, refusing what is unsafe or
 * inconsistent with a SpecError. Terraform references are passed through unchecked.
 */
export function renderBeanstalkOptionSettings(input: BeanstalkSettingsInput, where: string, references: ReferenceHandling = {}): RenderedOptionSettings {
  const w = new SettingsWriter(where, references);
  writeDeploymentSettings(w, input);
  writeNetworkSettings(w, input);

  // Health, logs and patching.
  w.set("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced", "always (enhanced health)");
  const logs = input.logs ?? {};
  const retention = logs.retentionDays ?? 365;
  if (!BEANSTALK_LOG_RETENTION_DAYS.includes(retention))
    w.errors.add("logs.retentionDays", retention, "not a CloudWatch Logs retention", `use one of ${BEANSTALK_LOG_RETENTION_DAYS.join(", ")}`);
  const deleteOnTerminate = String(logs.deleteOnTerminate ?? false);
  for (const ns of ["aws:elasticbeanstalk:cloudwatch:logs", "aws:elasticbeanstalk:cloudwatch:logs:health"]) {
    w.set(ns, ns.endsWith(":health") ? "HealthStreamingEnabled" : "StreamLogs", "true", "always (log and health streaming)");
    w.set(ns, "RetentionInDays", String(retention), "logs.retentionDays");
    w.set(ns, "DeleteOnTerminate", deleteOnTerminate, "logs.deleteOnTerminate");
  }
  const managed = input.managedUpdates ?? {};
  const managedOff = w.justified("managedUpdates.disabled", managed.disabled, "exception:managed-updates-disabled");
  w.set("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", String(!managedOff), "managedUpdates");
  if (!managedOff) {
    const start = managed.preferredStartTime ?? "Sun:10:00";
    if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/.test(start))
      w.errors.add("managedUpdates.preferredStartTime", start, "not Day:HH:MM in UTC", 'use e.g. "Tue:09:00"');
    const level = managed.updateLevel ?? "minor";
    if (level !== "minor" && level !== "patch") w.errors.add("managedUpdates.updateLevel", level, "not minor or patch", 'use "minor" or "patch"');
    w.set("aws:elasticbeanstalk:managedactions", "PreferredStartTime", start, "managedUpdates.preferredStartTime");
    w.set("aws:elasticbeanstalk:managedactions", "ServiceRoleForManagedUpdates", input.serviceRole, "the service role of the environment");
    w.set("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", level, "managedUpdates.updateLevel");
    w.set(
      "aws:elasticbeanstalk:managedactions:platformupdate",
      "InstanceRefreshEnabled",
      String(managed.instanceRefresh ?? true),
      "managedUpdates.instanceRefresh",
    );
  }

  // The application's environment: plain values and secret references.
  for (const [name, value] of Object.entries(input.environmentProperties ?? {}))
    w.set("aws:elasticbeanstalk:application:environment", name, value, `the environment variable ${name}`);
  for (const [name, arn] of Object.entries(input.environmentSecrets ?? {}))
    w.set("aws:elasticbeanstalk:application:environmentsecrets", name, arn, `the secret ${name}`);

  w.errors.throwIfAny();
  (input.rawSettings ?? []).forEach((raw, i) => checkRawSetting(raw, `rawSettings[${i}]`, where, w));
  return { settings: [...w.settings, ...(input.rawSettings ?? []).map((s) => ({ ...s }))], exceptions: w.exceptions };
}

function checkRawSetting(raw: BeanstalkOptionSetting, field: string, where: string, w: SettingsWriter): void {
  checkBeanstalkOptionSetting(raw, where, field);
  const owner = w.sources.get(`${raw.namespace}|${raw.name}`);
  if (owner !== undefined) {
    throw new SpecError(where, field, `${raw.namespace} ${raw.name}`, `already set by ${owner}`, "use the typed prop instead of a raw setting");
  }
  if (raw.namespace === "aws:elasticbeanstalk:application:environment" && SECRET_LIKE_NAME.test(raw.name)) {
    throw new SpecError(
      where,
      field,
      raw.name,
      "looks like a secret, and environment properties are plain text in the configuration",
      "pass it as a secret reference of the service (SecretRef.ssmParameter / secretsManager)",
    );
  }
  if (
    raw.namespace === "aws:elasticbeanstalk:application:environmentsecrets" &&
    !w.isUnresolved(raw.value) &&
    !/^arn:aws[\w-]*:(ssm|secretsmanager):/.test(raw.value)
  ) {
    throw new SpecError(
      where,
      `${field}.value`,
      "<redacted>",
      "environment secrets take the ARN of an SSM parameter or Secrets Manager secret, never a value",
      "pass the secret's ARN",
    );
  }
}
