// Test helpers for users' CI: effective service settings, Beanstalk settings, policy checks, stable snapshots.
export { assertServiceSettings, effectiveServiceSettings } from "./service-settings";
export type { LayeredEnvironment } from "./service-settings";
export { deployedUnits, plannedHosts, renderedLayerEnvironment, serviceDockerRun, serviceUnit } from "./host-services";
export type { DeployedUnit, PlannedHost } from "./host-services";
export { assertBeanstalkSetting, beanstalkSetting, beanstalkSettings } from "./beanstalk-settings";
export type { SynthesizedBeanstalkSetting } from "./beanstalk-settings";
export { assertPolicyPasses, checkStackPolicy } from "./policy-checks";
export type { PolicyReport } from "./policy-checks";
export { stableSnapshot } from "./stable-snapshot";
export type { StableSnapshotOptions } from "./stable-snapshot";
export { synthesizedJson } from "./synthesized";
export type { SynthesizedInput, SynthesizedStack } from "./synthesized";
export { mergeEnvironmentFiles, parseEnvironmentFile, systemdExecArgv, unitValues } from "./systemd-exec";
