import type { AptRepository } from "../../core/host-plan";

/** Where a signed apt repository lives on a host: its key and its deb822 sources file. */
export interface AptRepositoryFiles {
  readonly keyPath: string;
  readonly sourcesPath: string;
  /** The deb822 paragraph, `Signed-By` the key (only that key may sign the repository's packages). */
  readonly sourcesContent: string;
}

/** `description` names the repository in the sources file's comment, e.g. "the Docker engine's apt repository". */
export function aptRepositoryFiles(repository: AptRepository, description: string): AptRepositoryFiles {
  const keyPath = `/etc/apt/keyrings/${repository.name}.asc`;
  return {
    keyPath,
    sourcesPath: `/etc/apt/sources.list.d/${repository.name}.sources`,
    sourcesContent: [
      `# Rendered by cdktf-docker-environments: ${description}, signed by key ${repository.keyFingerprint}.`,
      "Types: deb",
      `URIs: ${repository.uri}`,
      `Suites: ${repository.suite}`,
      `Components: ${repository.components.join(" ")}`,
      `Signed-By: ${keyPath}`,
      "",
    ].join("\n"),
  };
}
