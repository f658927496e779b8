import { Op, TerraformSelf, Token } from "cdktf";
import { Construct } from "constructs";
import { parseImageReference } from "../core/image-reference";
import { SpecError, SpecErrors } from "../core/spec-error";
import { DockerImage, DockerRegistryImage, DockerTag } from "../providers/docker";

/** An image by digest: the repository (no tag) and `sha256:…`; either may be a deploy-time reference. */
export interface ImageByDigest {
  readonly repository: string;
  readonly digest: string;
}

export interface ImagePromotionProps {
  /** The image to promote, by digest: `repository@sha256:…`, or its parts (e.g. an ImagePipeline's output). Tags are refused: a tag can move. */
  readonly source: string | ImageByDigest;
  /** The repository to promote into, without a tag, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web-production`. */
  readonly toRepository: string;
  /** The tag it gets there, e.g. the release `v1.4.2` or the commit tag it was built with. */
  readonly tag: string;
  /**
   * Fail the apply when the promoted manifest's digest differs from the source's (the same bits
   * under a new name, or nothing). Pushing to another registry may recompress layers and so
   * change the digest: set false there, and reference the promoted image by `digest`.
   * @default true
   */
  readonly requireSameDigest?: boolean;
  /** Keep the promoted image in the registry when this resource is destroyed. @default true */
  readonly keepRemotely?: boolean;
}

/**
 * Promotes an image by digest (chapter 9: promote the same image, never rebuild): the Docker
 * provider pulls `repository@digest`, tags it `toRepository:tag` and pushes it; `digest` and
 * `pinnedImage` are what production references. Registry credentials come from the Docker
 * provider's `registry_auth` (a config file or credential helper), never from these props.
 */
export class ImagePromotion extends Construct {
  public readonly sourceImage: DockerImage;
  public readonly tagResource: DockerTag;
  public readonly pushed: DockerRegistryImage;
  /** `toRepository:tag`. */
  public readonly taggedImage: string;
  /** The promoted manifest's digest (`sha256:…`), known after apply. */
  public readonly digest: string;
  /** `toRepository@digest`: the reference for production. */
  public readonly pinnedImage: string;

  constructor(scope: Construct, id: string, props: ImagePromotionProps) {
    super(scope, id);
    const where = this.node.path;
    const source = imageByDigest(where, props.source);
    const errors = new SpecErrors(where);
    checkRepository(errors, "toRepository", props.toRepository);
    if (typeof props.tag !== "string" || (!Token.isUnresolved(props.tag) && (!/^[\w][\w.-]{0,127}$/.test(props.tag) || props.tag === "latest"))) {
      errors.add("tag", props.tag, props.tag === "latest" ? "latest is a moving tag" : "not a Docker tag", 'use a release or commit tag, e.g. "v1.4.2"');
    }
    errors.throwIfAny();

    const sourceReference = `${source.repository}@${source.digest}`;
    this.taggedImage = `${props.toRepository}:${props.tag}`;
    this.sourceImage = new DockerImage(this, "source", { name: sourceReference, keepLocally: true });
    this.tagResource = new DockerTag(this, "tag", { sourceImage: this.sourceImage.name, targetImage: this.taggedImage, tagTriggers: [source.digest] });
    this.pushed = new DockerRegistryImage(this, "push", {
      name: this.taggedImage,
      keepRemotely: props.keepRemotely ?? true,
      triggers: { source_digest: source.digest },
      dependsOn: [this.tagResource],
      lifecycle:
        props.requireSameDigest === false
          ? undefined
          : {
              postcondition: [
                {
                  condition: Token.asString(Op.eq(TerraformSelf.getString("sha256_digest"), source.digest)),
                  errorMessage: `${where}: the promoted image's digest differs from the source's, so the registry holds different bits. Promote within one registry, or set requireSameDigest: false and reference the promoted digest.`,
                },
              ],
            },
    });
    this.digest = this.pushed.sha256Digest;
    this.pinnedImage = `${props.toRepository}@${this.digest}`;
  }
}

/** Checks a repository (no tag, no digest); deploy-time references pass unchecked. */
export function checkRepository(errors: SpecErrors, field: string, repository: unknown): void {
  if (typeof repository !== "string") {
    errors.add(field, repository, "not a repository", 'use e.g. "registry.example.com/team/web"');
    return;
  }
  if (Token.isUnresolved(repository)) return;
  const ref = parseImageReference(repository);
  if (typeof ref === "string") errors.add(field, repository, ref, 'use e.g. "registry.example.com/team/web"');
  else if (ref.tag || ref.digest)
    errors.add(field, repository, "a repository without a tag or digest is expected", `use "${ref.registry ? `${ref.registry}/` : ""}${ref.repository}"`);
}

function imageByDigest(where: string, source: string | ImageByDigest): ImageByDigest {
  if (typeof source === "object" && source !== null) {
    const errors = new SpecErrors(where);
    checkRepository(errors, "source.repository", source.repository);
    if (typeof source.digest !== "string" || (!Token.isUnresolved(source.digest) && !/^sha256:[a-f0-9]{64}$/.test(source.digest))) {
      errors.add("source.digest", source.digest, "not an image digest", 'use "sha256:" and 64 lowercase hex digits');
    }
    errors.throwIfAny();
    return source;
  }
  const ref =
    typeof source === "string" && !Token.isUnresolved(source)
      ? parseImageReference(source)
      : "a literal repository@sha256:… is expected (pass { repository, digest } for references)";
  if (typeof ref === "string") throw new SpecError(where, "source", source, ref, 'use "registry.example.com/team/web@sha256:<64 hex>"');
  if (!ref.digest) {
    throw new SpecError(
      where,
      "source",
      source,
      "promotion is by digest: a tag can point at different bits by the time it is promoted",
      "use repository@sha256:<digest> (the digest the build pushed)",
    );
  }
  return { repository: `${ref.registry ? `${ref.registry}/` : ""}${ref.repository}`, digest: ref.digest };
}
