import { parseImageReference } from "./image-reference";
import { SpecErrors } from "./spec-error";

/** A service's releases: what runs, and what it can roll back to. */
export interface ReleaseHistory {
  /** The image reference the hosts run. */
  readonly running: string;
  /** Every retained release, newest first. */
  readonly releases: string[];
  /** True when `running` is not the newest release. */
  readonly rolledBack: boolean;
}

export interface ReleaseHistoryInput {
  /** The spec's image, if it has one. */
  readonly image?: string;
  /** Newest first. */
  readonly releases?: readonly string[];
  /** One of `releases`: run it instead of the newest. */
  readonly rollbackTo?: string;
  /** How many releases may be retained. */
  readonly limit: number;
}

/**
 * Resolves a service's release history. The newest release runs unless `rollbackTo` names an
 * older one: rolling back is one prop change, and rolling forward again is removing it.
 */
export function resolveReleaseHistory(input: ReleaseHistoryInput, where: string): ReleaseHistory {
  const errors = new SpecErrors(where);
  const releases = input.releases !== undefined ? [...input.releases] : input.image !== undefined ? [input.image] : [];
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > 50) {
    errors.add("releaseHistoryLimit", input.limit, "not a whole number from 1 to 50", "keep e.g. 5 releases");
    errors.throwIfAny();
  }
  if (releases.length === 0) {
    errors.add("releases", input.releases, "the service has no image", 'give spec.image, or releases: ["registry/app:2", "registry/app:1"] (newest first)');
    errors.throwIfAny();
  }
  if (input.releases !== undefined && input.image !== undefined && input.image !== releases[0]) {
    errors.add(
      "spec.image",
      input.image,
      `differs from the newest release ${releases[0]}`,
      "leave spec.image out when you give releases (the newest release runs)",
    );
  }
  releases.forEach((release, i) => {
    const parsed = parseImageReference(release);
    if (typeof parsed === "string")
      errors.add(`releases[${i}]`, release, parsed, "give an image reference such as registry.example.com/team/app:1.4.2@sha256:<digest>");
    else if (releases.indexOf(release) !== i)
      errors.add(`releases[${i}]`, release, `repeats releases[${releases.indexOf(release)}]`, "list each release once, newest first");
  });
  if (releases.length > input.limit) {
    errors.add(
      "releases",
      releases,
      `${releases.length} releases, more than the ${input.limit} this environment retains`,
      `drop the oldest (${releases.slice(input.limit).join(", ")}), or raise releaseHistoryLimit`,
    );
  }
  if (input.rollbackTo !== undefined && !releases.includes(input.rollbackTo)) {
    errors.add(
      "rollbackTo",
      input.rollbackTo,
      "not one of the retained releases",
      `name one of ${releases.join(", ")}, or remove rollbackTo to run the newest`,
    );
  }
  errors.throwIfAny();
  const running = input.rollbackTo ?? releases[0];
  return { running, releases, rolledBack: running !== releases[0] };
}
