import { synthesizedJson } from "./synthesized";
import type { SynthesizedInput } from "./synthesized";

export interface StableSnapshotOptions {
  /**
   * Further patterns whose matches are replaced by `<volatile>` in every string.
   * @default []
   */
  readonly volatile?: RegExp[];
  /**
   * The directory whose absolute path (in a local backend's `path`, asset sources) is replaced by `<dir>`.
   * @default process.cwd()
   */
  readonly directory?: string;
}

const ASSET_HASH = /(assets\/[^/"]+\/)[0-9A-Fa-f]{32,64}/g;

/**
 * A synthesized stack with what changes between identical runs or machines taken out, for
 * snapshot tests: asset hashes in asset paths, stack traces and the cdktf version in the `//`
 * metadata, the working directory's absolute path, and your own patterns. Everything the
 * deployment depends on (user data, bundles, settings, references) is kept.
 */
export function stableSnapshot(input: SynthesizedInput, options: StableSnapshotOptions = {}): unknown {
  const directory = options.directory ?? process.cwd();
  const clean = (value: unknown, key?: string): unknown => {
    if (typeof value === "string") {
      let text = value.split(directory).join("<dir>").replace(ASSET_HASH, "$1<hash>");
      for (const pattern of options.volatile ?? [])
        text = text.replace(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`), "<volatile>");
      return text;
    }
    if (Array.isArray(value)) return value.map((v) => clean(v));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== "stackTrace")
        .map(([k, v]) => [k, key === "metadata" && k === "version" ? "<cdktf version>" : clean(v, k)]),
    );
  };
  return clean(synthesizedJson(input));
}
