import { yaml11Text } from "../yaml-1-1";
import { BoundedMemo, memoKey } from "../../core/bounded-memo";
import type { HostFile, HostPlan } from "../../core/host-plan";
import { SpecError } from "../../core/spec-error";
import { hostWhere } from "./host-plan-checks";
import { aptPin, bootstrapSteps, bootstrapSummary } from "./bootstrap-steps";
import type { BootstrapSteps } from "./bootstrap-steps";
import { checkUserDataParts, mimeMultipart } from "./mime-multipart";
import type { UserDataPart } from "./mime-multipart";

export interface CloudInitOptions {
  /**
   * More user-data parts (e.g. a site-wide `text/x-shellscript`), run by cloud-init alongside
   * the generated cloud-config. With any, the user data is a MIME multi-part archive.
   * @default [] (the user data is the `#cloud-config` document alone)
   */
  readonly extraParts?: UserDataPart[];
  /**
   * Where the plan comes from, for error messages.
   * @default "host <plan.name>"
   */
  readonly where?: string;
}

export interface CloudInitBootstrap {
  /** The `#cloud-config` document. */
  readonly cloudConfig: string;
  /** EC2 user data: the cloud-config, or a MIME multi-part archive with the extra parts. Pass it through packUserData. */
  readonly userData: string;
}

/** The file name of the generated cloud-config part in a multi-part archive. */
const CLOUD_CONFIG_PART = "cdktf-docker-host.cfg";

/** The cloud-config keys renderCloudInit emits, in the order cloud-init acts on them. */
export const CLOUD_CONFIG_KEYS = ["package_update", "packages", "write_files", "runcmd"] as const;

/**
 * Renders a host plan as a `#cloud-config` document (cloud-init is the default bootstrapper).
 *
 * cloud-init's final stage installs `packages` (after an apt update), then writes the
 * `write_files` marked `defer: true` (so users made by cloud-init may own them), then runs
 * `runcmd` as one `sh` script that stops at the first failure: fetch and check the engine
 * repository key, prepare storage, install the pinned engine (which starts it, on the prepared
 * data root with daemon.json in place), hold it, reload systemd and enable the services.
 * Parent directories are created root:root 0755 by write_files.
 */
export function renderCloudInit(plan: HostPlan, options: CloudInitOptions = {}): CloudInitBootstrap {
  const where = options.where ?? hostWhere(plan);
  const steps = bootstrapSteps(plan, where);
  const cloudConfig = cloudConfigText(steps);
  const extraParts = options.extraParts ?? [];
  checkUserDataParts(extraParts, where, "extraParts");
  if (extraParts.some((p) => p.filename === CLOUD_CONFIG_PART)) {
    throw new SpecError(where, "extraParts", CLOUD_CONFIG_PART, "is the generated cloud-config part's file name", "name your part differently");
  }
  const userData =
    extraParts.length === 0
      ? cloudConfig
      : mimeMultipart([{ contentType: "text/cloud-config", filename: CLOUD_CONFIG_PART, content: cloudConfig }, ...extraParts]);
  return { cloudConfig, userData };
}

function cloudConfigText(steps: BootstrapSteps): string {
  const header = [
    "#cloud-config",
    `# ${bootstrapSummary(steps, "cloud-init")}`,
    "# Order: packages, deferred write_files, then runcmd (stops at the first failure): engine repository key,",
    "# storage preparation, pinned engine install (it starts on the prepared storage), hold, daemon-reload, services.",
  ];
  const packages = steps.osPackages.map((p) => (p.version === undefined ? p.name : [p.name, p.version]));
  return [
    `${header.join("\n")}\n`,
    yamlText({ package_update: true, packages }),
    "write_files:\n",
    ...steps.files.map(writeFileEntry),
    yamlText({ runcmd: runcmdLines(steps) }),
  ].join("");
}

/**
 * YAML 1.1 (cloud-init reads it with PyYAML), sequences not indented under their key, so that
 * the document is the concatenation of its parts: hosts share most parts (units, common
 * configuration, daemon.json), and each distinct part is rendered once per process
 * (test/property/cloud-config-parts.test.ts checks the concatenation against the rendering of the whole).
 */
const YAML_OPTIONS = { indentSequences: false, flowItemsOf: "runcmd" } as const;
const renderedParts = new BoundedMemo<string>(8192);
/** By the content string itself: V8 keeps a string's hash, and a unit's text is one string shared by every host (see checkedServiceUnit). */
const renderedContents = new BoundedMemo<string>(8192);

function yamlText(value: unknown, memo = renderedParts, key = memoKey(value)): string {
  return memo.get(key, () => yaml11Text(value, YAML_OPTIONS));
}

/**
 * One `write_files` item: its attributes, then its content as the library renders a mapping in a
 * sequence item (`- content: |` with the dash replaced by the item's indentation). Contents repeat
 * across hosts under other paths and paths under other contents, so each is rendered on its own.
 */
function writeFileEntry(f: HostFile): string {
  const owner = `${f.owner}:${f.group}`;
  const attributes = yamlText([{ path: f.path, owner, permissions: f.mode, defer: true }], renderedParts, `${f.path} ${owner} ${f.mode}`);
  const content = yamlText([{ content: f.content }], renderedContents, f.content);
  return `${attributes}  ${withoutDocumentEnd(content).slice(2)}`;
}

/**
 * A literal block that keeps trailing blank lines (`|+`) ends its own document with `...`, so that
 * nothing after it could be read as part of it. In the whole document the next item follows, less
 * indented, which ends the block just as well.
 */
function withoutDocumentEnd(part: string): string {
  return part.endsWith("\n...\n") ? part.slice(0, -"...\n".length) : part;
}

/** The runcmd entries: `set -eu` first, so that cloud-init's generated script stops at the first failure. */
function runcmdLines(steps: BootstrapSteps): (string | string[])[] {
  const apt = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-q"];
  return [
    "set -eu",
    steps.engineRepository.fetchKeyArgv,
    ...steps.storage.map((s) => s.argv),
    [...apt, "update"],
    [...apt, "-y", "install", "--no-install-recommends", ...steps.enginePackages.map(aptPin)],
    ["apt-mark", "hold", ...steps.enginePackages.map((p) => p.name)],
    ["systemctl", "daemon-reload"],
    ...[...steps.engineUnits, ...steps.services].map((unit) => ["systemctl", "enable", "--now", unit]),
  ];
}
