import { BoundedMemo, memoKey } from "../core/bounded-memo";
import type { ContainerSettings } from "../core/container-settings";
import type { ContainerSpec } from "../core/container-spec";
import type { PolicyContext } from "../policy/container-rules";
import { validateContainer } from "../policy/validate-container";
import { systemdUnitText } from "./systemd-unit";
import type { EnvironmentLayer, SecretEnvironmentVariable } from "./systemd-unit";

/** A service checked by the container policy and its systemd unit. */
export interface CheckedServiceUnit {
  readonly settings: ContainerSettings;
  readonly unit: string;
}

/** Many hosts run the same services: each distinct service is validated and rendered once per process. */
const checkedUnits = new BoundedMemo<CheckedServiceUnit>(4096);

/**
 * Validates a service (SpecError or PolicyError on bad input) and renders its unit. Neither
 * result depends on `where`, which only names the service in errors, so a service that
 * passed is not checked again for the next host.
 */
export function checkedServiceUnit(
  spec: ContainerSpec,
  options: { readonly environmentLayers: EnvironmentLayer[]; readonly secretEnvironment?: SecretEnvironmentVariable[] },
  policy: PolicyContext | undefined,
  where: string,
): CheckedServiceUnit {
  return checkedUnits.get(memoKey([spec, options, policy]), () => {
    const settings = validateContainer(spec, where, policy);
    return { settings, unit: systemdUnitText(settings, options, where) };
  });
}
