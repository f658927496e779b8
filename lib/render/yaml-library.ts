/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading, as lib/providers/lazy-export.ts */
let loaded: typeof import("yaml") | undefined;

/**
 * The `yaml` library, loaded on first use: its 72 modules cost a process ~25 ms, which a program
 * that renders no YAML (a local or Beanstalk environment, or one that only imports the package)
 * does not pay.
 */
export function yamlLibrary(): typeof import("yaml") {
  return (loaded ??= require("yaml") as typeof import("yaml"));
}
