import type { ContainerSettings } from "../core/container-settings";
import type { ContainerSpec } from "../core/container-spec";
import { resolveContainer } from "../core/resolve-container";
import type { PolicyContext } from "./container-rules";
import { checkContainerPolicy, formatViolation } from "./container-rules";

/** Thrown when a container breaks the policy without a declared exception. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyError";
  }
}

/**
 * Resolves a spec (throwing SpecError on bad input) and checks it against the container
 * policy (throwing PolicyError listing every violation). The one gate every rendering uses.
 */
export function validateContainer(spec: ContainerSpec, where: string, context: PolicyContext = {}): ContainerSettings {
  const settings = resolveContainer(spec, where);
  assertPolicy(settings, where, context);
  return settings;
}

/** Throws PolicyError when the settings break a rule without an exception. */
export function assertPolicy(settings: ContainerSettings, where: string, context: PolicyContext = {}): void {
  const result = checkContainerPolicy(settings, context);
  if (result.violations.length > 0) {
    throw new PolicyError(result.violations.map((v) => formatViolation(where, v)).join("\n"));
  }
}
