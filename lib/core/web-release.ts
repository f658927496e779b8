import { parseImageReference } from "./image-reference";
import { SpecErrors } from "./spec-error";

/** One release of a web service: a version name and the image it runs, pinned by digest. */
export interface WebRelease {
  /** The release's name, e.g. `1.4.2` or `2025-06-01.3`: letters, digits and `. _ + -`, at most 64 characters. */
  readonly version: string;
  /**
   * The image, pinned by digest (`repository[:tag]@sha256:<digest>`): a tag can move, and a
   * rollback to a moved tag would not bring back the release that ran before.
   */
  readonly image: string;
  /** What changed, for the release history output. @default none */
  readonly description?: string;
}

/** The release that runs and the history it was chosen from. */
export interface ResolvedReleases {
  /** The release the fleet runs. */
  readonly active: WebRelease;
  /** Every retained release, newest first, as given. */
  readonly history: WebRelease[];
  /** Position of the active release in the history (0: the newest; above 0: a rollback). */
  readonly activeIndex: number;
}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/**
 * Checks a release history (newest first) and picks the active release: the newest unless
 * `activeRelease` names an older one. Rolling back is that one prop; rolling forward again is
 * removing it (or naming the newest).
 */
export function resolveReleases(given: readonly WebRelease[] | undefined, activeRelease: string | undefined, where: string): ResolvedReleases {
  const errors = new SpecErrors(where);
  const releases: readonly WebRelease[] = Array.isArray(given) ? given : [];
  if (releases.length === 0) {
    errors.add(
      "releases",
      given,
      "a web service needs at least one release",
      'list the releases newest first, e.g. [{ version: "1.4.2", image: "registry.example.com/shop/web@sha256:..." }]',
    );
    errors.throwIfAny();
  }
  const seen = new Map<string, number>();
  releases.forEach((release, i) => {
    const field = `releases[${i}]`;
    if (typeof release?.version !== "string" || !VERSION.test(release.version)) {
      errors.add(`${field}.version`, release?.version, "not a release version", "use letters, digits and . _ + - (at most 64), e.g. 1.4.2");
    } else if (seen.has(release.version)) {
      errors.add(`${field}.version`, release.version, `releases[${seen.get(release.version)}] has the same version`, "give every release its own version");
    } else {
      seen.set(release.version, i);
    }
    const image = parseImageReference(release?.image);
    if (typeof image === "string") {
      errors.add(`${field}.image`, release?.image, image, "use repository[:tag]@sha256:<digest>");
    } else if (image.digest === undefined) {
      errors.add(
        `${field}.image`,
        release.image,
        "a release image must be pinned by digest: a tag can be moved, so rolling back to it may not bring the old release back",
        "append the digest your registry reported for the push, e.g. registry.example.com/shop/web:1.4.2@sha256:...",
      );
    }
    if (
      release?.description !== undefined &&
      (typeof release.description !== "string" || release.description.length > 200 || /[\r\n]/.test(release.description))
    ) {
      errors.add(`${field}.description`, release.description, "not a one-line description of at most 200 characters", "shorten it or leave it out");
    }
  });
  // The same digest under two versions is one release twice (a tag differs, the content does not).
  const digests = new Map<string, number>();
  releases.forEach((release, i) => {
    const image = parseImageReference(release?.image);
    if (typeof image === "string" || image.digest === undefined) return;
    const earlier = digests.get(image.digest);
    if (earlier !== undefined) {
      errors.add(
        `releases[${i}].image`,
        release.image,
        `releases[${earlier}] (${releases[earlier].version}) runs the same image digest`,
        "a release is a new image: drop the duplicate, or point activeRelease at the existing one",
      );
    }
    digests.set(image.digest, i);
  });
  const activeVersion = activeRelease ?? releases[0]?.version;
  if (activeRelease !== undefined && !seen.has(activeRelease)) {
    errors.add(
      "activeRelease",
      activeRelease,
      "not one of the retained releases",
      `use one of ${[...seen.keys()].join(", ") || "the releases' versions"}; a release must stay in the history to be rolled back to`,
    );
  }
  errors.throwIfAny();
  const activeIndex = seen.get(activeVersion) as number;
  return { active: releases[activeIndex], history: [...releases], activeIndex };
}
