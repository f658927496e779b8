/**
 * A parsed container image reference: `[registry[:port]/]repository[:tag][@sha256:<64 hex>]`.
 * Grammar from the distribution project's reference package (docker/reference).
 */
export interface ImageReference {
  /** Registry host (and port), e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`; undefined means Docker Hub. */
  readonly registry?: string;
  /** Repository path, e.g. `library/nginx` or `team/app`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` when the reference is pinned by digest. */
  readonly digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REGISTRY_HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

/** Returns the parsed reference, or a sentence saying what is wrong with it. */
export function parseImageReference(text: string): ImageReference | string {
  if (typeof text !== "string" || text.trim() === "") return "the image reference is empty";
  if (text !== text.trim() || /\s/.test(text)) return "the image reference contains whitespace";
  if (text.length > 255 + 72) return "the image reference is too long";

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return `the digest "${digest}" is not sha256: followed by 64 lowercase hex digits`;
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return `the tag "${tag}" is not 1-128 of [A-Za-z0-9_.-] starting with a word character`;
  }

  const parts = rest.split("/");
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    registry = parts.shift();
    if (!registry || !REGISTRY_HOST.test(registry)) return `the registry "${registry}" is not a valid host[:port]`;
  }
  if (parts.length === 0 || parts.some((p) => !PATH_COMPONENT.test(p))) {
    return `the repository "${parts.join("/")}" must be lowercase path components of [a-z0-9] separated by ".", "_", "__" or "-"`;
  }
  const repository = parts.join("/");
  if (repository.length > 255) return "the repository name is longer than 255 characters";
  return { registry, repository, tag, digest };
}

/** Formats a reference back to its canonical text. */
export function formatImageReference(ref: ImageReference): string {
  const name = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  return `${name}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** True when the reference cannot change under you: pinned by digest. */
export function isPinnedImage(ref: ImageReference): boolean {
  return ref.digest !== undefined;
}
