import { hereDocument } from "./bootstrap-shell";
import { BOOTSTRAP_STATE_DIRECTORY } from "./host-plan-checks";

/** A generated document the user data writes before running the tool. */
export interface BootstrapDocument {
  /** Path relative to the tool's directory under /var/lib/cdktf-docker-environments. */
  readonly path: string;
  readonly content: string;
}

export interface ToolUserDataOptions {
  /** The host, for the header comment. */
  readonly hostName: string;
  /** The tool, e.g. `Ansible`. */
  readonly tool: string;
  /** Directory name under /var/lib/cdktf-docker-environments, e.g. `ansible`. */
  readonly directory: string;
  readonly documents: BootstrapDocument[];
  /** Shell lines that install the tool (they run after `apt-get update`). */
  readonly install: string[];
  /** Shell lines that apply the documents locally and fail when the run fails. */
  readonly apply: string[];
}

/** The tool's directory on the host. */
export function toolDirectory(directory: string): string {
  return `${BOOTSTRAP_STATE_DIRECTORY}/${directory}`;
}

/**
 * The user-data script of a configuration-management bootstrapper: writes the generated
 * documents into a root-only directory, installs the tool, and applies them locally.
 */
export function toolUserData(options: ToolUserDataOptions): string {
  const dir = toolDirectory(options.directory);
  const subdirectories = [...new Set(options.documents.map((d) => d.path.split("/").slice(0, -1).join("/")).filter((d) => d !== ""))];
  return [
    "#!/bin/bash",
    `# Rendered by cdktf-docker-environments: bootstraps the Docker host ${options.hostName} with ${options.tool} (run locally, no server).`,
    `# It writes the generated documents into ${dir}, installs ${options.tool} and applies them; any failure stops it.`,
    "set -euo pipefail",
    "export DEBIAN_FRONTEND=noninteractive",
    `install -d -m 0700 -o root -g root ${BOOTSTRAP_STATE_DIRECTORY} ${dir}${subdirectories.map((d) => ` ${dir}/${d}`).join("")}`,
    "umask 077",
    ...options.documents.map((d) => hereDocument(`${dir}/${d.path}`, d.content)),
    "umask 022",
    "apt-get -q update",
    ...options.install,
    ...options.apply,
    "",
  ].join("\n");
}
