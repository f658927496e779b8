import { engineAtLeast, formatEngineVersion, parseEngineVersion } from "./engine-version";
import { SpecError } from "./spec-error";

/** Which Engine releases carry a storage driver (docker/cli docs/deprecated.md; Engine 24.0 release notes). */
export interface EngineSupport {
  /** The first release with it. */
  readonly since?: string;
  readonly deprecatedIn?: string;
  readonly disabledByDefaultIn?: string;
  /** The first release without it. */
  readonly removedIn?: string;
}

/**
 * Refuses an Engine that cannot run the driver, naming both versions; returns warnings for one
 * that can but should not (deprecated, disabled by default).
 */
export function checkDriverEngine(name: string, support: EngineSupport, version: string, where: string): string[] {
  const v = parseEngineVersion(version, where);
  const { since, deprecatedIn, disabledByDefaultIn, removedIn } = support;
  const pinned = formatEngineVersion(v);
  if (removedIn && engineAtLeast(v, removedIn)) {
    throw new SpecError(
      where,
      "storage",
      name,
      `the ${name} storage driver was removed in Docker Engine ${removedIn}, and this host pins Engine ${pinned}`,
      "use StorageDriver.overlay2()",
    );
  }
  if (since && !engineAtLeast(v, since)) {
    throw new SpecError(
      where,
      "storage",
      name,
      `the ${name} storage needs Docker Engine ${since} or later, and this host pins Engine ${pinned}`,
      `pin Engine ${since} or later, or use StorageDriver.overlay2()`,
    );
  }
  const warnings: string[] = [];
  if (disabledByDefaultIn && engineAtLeast(v, disabledByDefaultIn)) {
    warnings.push(`${name} is disabled by default from Engine ${disabledByDefaultIn} (this host pins ${pinned}) and removed in ${removedIn}`);
  } else if (deprecatedIn && engineAtLeast(v, deprecatedIn)) {
    warnings.push(`${name} is deprecated since Engine ${deprecatedIn} (this host pins ${pinned})${removedIn ? ` and removed in ${removedIn}` : ""}`);
  }
  return warnings;
}
