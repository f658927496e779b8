// The public API of cdktf-docker-environments: explicit named exports only.

// The service model
export type {
  BindMount,
  ContainerSpec,
  DeviceMapping,
  HealthCheck,
  HostNamespace,
  Logging,
  Mount,
  NetworkAttachment,
  PortMapping,
  Resources,
  RestartPolicy,
  SecurityProfile,
  TmpfsMount,
  Ulimit,
  VolumeMount,
} from "./core/container-spec";
export type { ContainerSettings } from "./core/container-settings";
export { resolveContainer, CONTAINER_DEFAULTS } from "./core/resolve-container";
export { SecretRef } from "./core/secret-reference";
export type { SecretReference } from "./core/secret-reference";
export { POLICY_RULE_IDS } from "./core/policy-exception";
export type { PolicyException, PolicyRuleId } from "./core/policy-exception";
export { parseImageReference, formatImageReference } from "./core/image-reference";
export type { ImageReference } from "./core/image-reference";
export { SpecError } from "./core/spec-error";
export { LINUX_CAPABILITIES } from "./core/capabilities";
export type { Capability } from "./core/capabilities";

// Renderers
export { renderDockerRunArgs } from "./render/docker-run-args";
export type { DockerRunOptions, Supervisor } from "./render/docker-run-args";
export { renderSystemdUnit, unitName } from "./render/systemd-unit";
export type { EnvironmentLayer, SystemdUnitOptions } from "./render/systemd-unit";
export { readDockerRunArgs } from "./render/read-docker-run-args";
export { readDockerContainerJson } from "./render/read-docker-container";

// Policy
export { CONTAINER_RULES, checkContainerPolicy } from "./policy/container-rules";
export type { ContainerRule, PolicyContext, PolicyResult, PolicyViolation } from "./policy/container-rules";
export { ContainerPolicyAspect } from "./policy/container-policy-aspect";
export { PolicyError, validateContainer } from "./policy/validate-container";

// Constructs and environments
export { HardenedContainer } from "./constructs/hardened-container";
export type { HardenedContainerProps } from "./constructs/hardened-container";
export { LocalEnvironment } from "./environments/local-environment";
export type { LocalEnvironmentProps, LocalServiceProps } from "./environments/local-environment";
