import { SpecError } from "../core/spec-error";
import { renderDeployScript } from "./deploy-script";
import { shellQuote } from "./shell-quote";
import { deterministicTarGz } from "./tar-archive";
import type { ArchiveFile } from "./tar-archive";

/** One file a service needs on a host: its unit, its configuration layers, its configuration files. */
export interface DeployFile {
  /** Name in the bundle: letters, digits, `.`, `_`, `-`. */
  readonly name: string;
  /** Absolute path on the host. */
  readonly path: string;
  /** Octal mode, e.g. `0640`. */
  readonly mode: string;
  readonly content: string;
}

/** What one service's deploy document carries. */
export interface ServiceDeploymentInput {
  /** Service name (the unit is `<service>.service`, the container `<service>`). */
  readonly service: string;
  /** The image reference exactly as the unit runs it. */
  readonly image: string;
  /** The files of every host that runs the service, by host name. Hosts not listed retire it. */
  readonly hosts: Readonly<Record<string, readonly DeployFile[]>>;
  /** Seconds the new release has to become healthy on a host. */
  readonly healthTimeoutSeconds: number;
  /** The document's description. */
  readonly description: string;
  /** For error messages. */
  readonly where: string;
}

export interface RenderedDeployment {
  /** The SSM Command document (schemaVersion 2.2) as JSON text. */
  readonly content: string;
  /** The shell program the document's aws:runShellScript step runs, one line per element. */
  readonly runCommand: string[];
}

/** SSM's limit on a Command document's content. */
export const SSM_DOCUMENT_CONTENT_LIMIT = 64 * 1024;

const NAME = /^[A-Za-z0-9._-]+$/;
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SAFE_PATH = /^\/[A-Za-z0-9._@%+=:,/-]+$/;

/**
 * Renders the SSM Command document that deploys one service in place: its only step writes the
 * deploy script (lib/render/deploy-script.ts) and the bundle of every host's files into a
 * private temporary directory and runs the script. Every host receives the same document and
 * picks its own directory by the name the bootstrap wrote. The files travel as one gzip-compressed
 * tar archive, base64-encoded (so SSM's `{{ }}` parameter syntax can never match inside it):
 * hosts' files are nearly alike, so the document stays under SSM's 64 KB up to the 50 hosts an
 * association can target.
 */
export function renderServiceDeployment(input: ServiceDeploymentInput): RenderedDeployment {
  const { where } = input;
  if (!Number.isInteger(input.healthTimeoutSeconds) || input.healthTimeoutSeconds < 10 || input.healthTimeoutSeconds > 3000) {
    throw new SpecError(where, "deploy.healthTimeoutSeconds", input.healthTimeoutSeconds, "not a whole number of seconds from 10 to 3000", "use e.g. 300");
  }
  const archive: ArchiveFile[] = [{ path: "deploy-service", content: renderDeployScript() }];
  for (const host of Object.keys(input.hosts).sort()) {
    if (!HOST.test(host)) throw new SpecError(where, "hosts", host, "not a host name the bundle can use", "name hosts with lowercase letters, digits and '-'");
    const files = input.hosts[host];
    const manifest: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const field = `${host}.files.${file.name}`;
      if (!NAME.test(file.name) || file.name === "manifest" || seen.has(file.name)) {
        throw new SpecError(where, field, file.name, "not a unique bundle file name", "use letters, digits, '.', '_' and '-', and not 'manifest'");
      }
      if (!SAFE_PATH.test(file.path) || file.path.split("/").some((part, i) => i > 0 && (part === "" || part === "." || part === ".."))) {
        throw new SpecError(where, `${field}.path`, file.path, "not a plain absolute path", "write the canonical path without spaces or shell characters");
      }
      if (!/^0[0-7]{3}$/.test(file.mode) || (parseInt(file.mode, 8) & 0o022) !== 0) {
        throw new SpecError(where, `${field}.mode`, file.mode, "not a four-digit octal mode writable by root only", 'use e.g. "0644" or "0640"');
      }
      seen.add(file.name);
      manifest.push(`${file.name} ${file.mode} ${file.path}`);
      archive.push({ path: `bundle/${host}/${file.name}`, content: file.content });
    }
    archive.push({ path: `bundle/${host}/manifest`, content: `${manifest.join("\n")}\n` });
  }
  // The fastest compression usually fits; the strongest is tried before refusing.
  let rendered = deploymentDocument(input, archive, 1);
  if (Buffer.byteLength(rendered.content, "utf8") > SSM_DOCUMENT_CONTENT_LIMIT) rendered = deploymentDocument(input, archive, 9);
  const bytes = Buffer.byteLength(rendered.content, "utf8");
  if (bytes > SSM_DOCUMENT_CONTENT_LIMIT) {
    throw new SpecError(
      where,
      "services",
      `${bytes} bytes`,
      `the deploy document of ${input.service} exceeds SSM's ${SSM_DOCUMENT_CONTENT_LIMIT}-byte limit`,
      "move large configuration files out of the service (e.g. into the image), or split the service",
    );
  }
  return rendered;
}

function deploymentDocument(input: ServiceDeploymentInput, archive: ArchiveFile[], compressionLevel: number): RenderedDeployment {
  const lines = [
    "set -eu",
    "umask 077",
    "stage=$(mktemp -d)",
    "trap 'rm -rf \"$stage\"' EXIT",
    `printf '%s' ${shellQuote(deterministicTarGz(archive, compressionLevel).toString("base64"))} | base64 -d | tar -xzf - -C "$stage" --no-same-owner`,
    ["sh", '"$stage/deploy-service"', shellQuote(input.service), shellQuote(input.image), '"$stage/bundle"', String(input.healthTimeoutSeconds)].join(" "),
  ];
  const document = {
    schemaVersion: "2.2",
    description: input.description,
    mainSteps: [
      {
        action: "aws:runShellScript",
        name: "deploy",
        precondition: { StringEquals: ["platformType", "Linux"] },
        inputs: {
          // The script's own waits (bootstrap, health) stay well inside this.
          timeoutSeconds: String(1800 + 2 * input.healthTimeoutSeconds + 600),
          runCommand: lines,
        },
      },
    ],
  };
  return { content: JSON.stringify(document, undefined, 1), runCommand: lines };
}
