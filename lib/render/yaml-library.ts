/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading, as lib/providers/lazy-export.ts */
let loaded: typeof import("yaml") | undefined;

/**
 * The `yaml` library, loaded on first use: its 72 modules cost a process ~25 ms, which only a
 * program that renders a registry `config.yml` (comments beside settings) or a compose file pays.
 * What PyYAML reads (cloud-config, Ansible, Salt) is written by js-yaml: see yaml-1-1.ts.
 */
export function yamlLibrary(): typeof import("yaml") {
  return (loaded ??= require("yaml") as typeof import("yaml"));
}
