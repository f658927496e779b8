import { SpecError } from "./spec-error";

/** A Docker Engine release as `major.minor.patch` (Engine versions are `YY.MM` since 17.03, then `23.0`, `24.0`, ...). */
export interface EngineVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The text it was read from. */
  readonly text: string;
}

/**
 * Reads an Engine version: `27.5.1`, `20.10.24`, `24.0`, a Debian/Ubuntu package version
 * (`5:27.5.1-1~ubuntu.24.04~noble`, `20.10.24+dfsg1-1+deb12u1`) or `dockerd --version` output
 * (`Docker version 20.10.24+dfsg1, build 5d6db84`). Throws a SpecError for anything else.
 */
export function parseEngineVersion(text: string, where: string, field = "engine version"): EngineVersion {
  const match = typeof text === "string" ? /^(?:Docker version )?(?:\d+:)?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+~,\s].*)?$/.exec(text.trim()) : null;
  if (!match) {
    throw new SpecError(where, field, text, "not a Docker Engine version", "write it like 27.5.1 (or a package version such as 5:27.5.1-1~ubuntu.24.04~noble)");
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0), text: text.trim() };
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareEngineVersions(a: EngineVersion, b: Pick<EngineVersion, "major" | "minor"> & { patch?: number }): number {
  return a.major - b.major || a.minor - b.minor || a.patch - (b.patch ?? 0);
}

/** True when `version` is `release` or newer, e.g. `atLeast(v, "24.0")`. */
export function engineAtLeast(version: EngineVersion, release: string): boolean {
  const [major, minor, patch] = release.split(".").map(Number);
  return compareEngineVersions(version, { major, minor: minor ?? 0, patch: patch ?? 0 }) >= 0;
}

/** `20.10.24` */
export function formatEngineVersion(version: EngineVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}
