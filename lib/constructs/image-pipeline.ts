import { Construct } from "constructs";
import { SpecErrors } from "../core/spec-error";
import { DockerImage, DockerRegistryImage } from "../providers/docker";
import { escapeTerraformTemplates } from "../render/terraform-template-escape";
import { ImagePromotion, checkRepository } from "./image-promotion";
import type { ImagePromotionProps } from "./image-promotion";

export interface ImagePipelineProps {
  /** The repository to push to, without a tag: `registry.example.com/team/web`, or an EcrRegistry's `repositoryUri(name)`. */
  readonly repository: string;
  /** The build context: a directory with the Dockerfile (relative paths are relative to where cdktf runs). */
  readonly context: string;
  /** The Dockerfile, relative to the context. @default "Dockerfile" */
  readonly dockerfile?: string;
  /** The commit the image is built from (7-40 hex digits). The image is tagged `<tagPrefix><commit>`. */
  readonly commit: string;
  /** @default "git-" */
  readonly tagPrefix?: string;
  /**
   * Build arguments. Names that look like secrets are refused: build arguments stay readable in
   * the image's history. @default {}
   */
  readonly buildArgs?: Record<string, string>;
  /** Extra image labels; `org.opencontainers.image.revision` is always the commit. @default {} */
  readonly labels?: Record<string, string>;
  /** A target stage of a multi-stage Dockerfile. @default the last stage */
  readonly target?: string;
  /** e.g. `linux/amd64`. @default the engine's */
  readonly platform?: string;
  /** Keep the pushed image in the registry when this resource is destroyed. @default true */
  readonly keepRemotely?: boolean;
}

const COMMIT = /^[0-9a-f]{7,40}$/;
const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

/**
 * Chapter 7 and 9's build and push through the Docker provider: `docker_image` builds the
 * context and tags it by commit, `docker_registry_image` pushes it and reports the manifest's
 * `sha256_digest`, and `pinnedImage` (`repository@sha256:…`) is what production environments
 * reference (with `requirePinnedImages`, the policy refuses tags there: CIS 5.28). `promote`
 * moves the same bits to another repository by digest. Registry credentials come from the
 * Docker provider's `registry_auth` (config file or credential helper), never from props.
 */
export class ImagePipeline extends Construct {
  public readonly image: DockerImage;
  public readonly pushed: DockerRegistryImage;
  /** The commit tag, e.g. `git-3f2c9e1a7b4d`. */
  public readonly tag: string;
  /** `repository:tag`. */
  public readonly taggedImage: string;
  /** The pushed manifest's digest (`sha256:…`), known after apply. */
  public readonly digest: string;
  /** `repository@digest`: the reference for production. */
  public readonly pinnedImage: string;
  private readonly repository: string;

  constructor(scope: Construct, id: string, props: ImagePipelineProps) {
    super(scope, id);
    const errors = new SpecErrors(this.node.path);
    checkRepository(errors, "repository", props.repository);
    if (typeof props.context !== "string" || props.context.trim() === "")
      errors.add("context", props.context, "the build context is missing", 'pass the directory with the Dockerfile, e.g. "./app"');
    if (props.dockerfile !== undefined && (typeof props.dockerfile !== "string" || props.dockerfile === "" || props.dockerfile.startsWith("/"))) {
      errors.add("dockerfile", props.dockerfile, "not a path relative to the context", 'use e.g. "Dockerfile" or "docker/Dockerfile.prod"');
    }
    if (typeof props.commit !== "string" || !COMMIT.test(props.commit))
      errors.add(
        "commit",
        props.commit,
        "not a commit id (7-40 lowercase hex digits)",
        "pass the full or abbreviated git commit, e.g. from git rev-parse HEAD",
      );
    const prefix = props.tagPrefix ?? "git-";
    const tag = `${prefix}${props.commit}`;
    if (typeof prefix !== "string" || !/^[\w][\w.-]{0,127}$/.test(tag))
      errors.add("tagPrefix", prefix, "the tag would not be a valid Docker tag", 'use e.g. "git-"');
    for (const [name, value] of Object.entries(props.buildArgs ?? {})) {
      if (SECRET_LIKE_NAME.test(name)) {
        errors.add(
          `buildArgs.${name}`,
          "<redacted>",
          "build arguments stay readable in the image's history (docker history)",
          "fetch the secret at run time (ContainerSpec secrets), or build with BuildKit --secret in CI",
        );
      } else if (typeof value !== "string") errors.add(`buildArgs.${name}`, value, "build arguments are strings", "pass a string");
    }
    for (const [name, value] of Object.entries(props.labels ?? {})) {
      if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name) || typeof value !== "string")
        errors.add(`labels.${name}`, value, "not a label (lowercase name, string value)", 'use e.g. { "org.opencontainers.image.source": "https://…" }');
    }
    errors.throwIfAny();

    this.repository = props.repository;
    this.tag = tag;
    this.taggedImage = `${props.repository}:${tag}`;
    this.image = new DockerImage(this, "image", {
      name: this.taggedImage,
      keepLocally: true,
      platform: props.platform,
      buildAttribute: escapeTerraformTemplates({
        context: props.context,
        dockerfile: props.dockerfile ?? "Dockerfile",
        tag: [this.taggedImage],
        buildArgs: props.buildArgs,
        label: { ...(props.labels ?? {}), "org.opencontainers.image.revision": props.commit },
        target: props.target,
        platform: props.platform,
      }),
    });
    this.pushed = new DockerRegistryImage(this, "push", {
      name: this.image.name,
      keepRemotely: props.keepRemotely ?? true,
      triggers: { image_id: this.image.imageId },
    });
    this.digest = this.pushed.sha256Digest;
    this.pinnedImage = `${props.repository}@${this.digest}`;
  }

  /**
   * Promotes the pushed image by digest into another repository (the same bits, never a rebuild).
   * @param toRepository the target repository, without a tag
   * @param options the tag there (default: this commit tag) and the promotion's other settings
   */
  promote(toRepository: string, options: Partial<Omit<ImagePromotionProps, "source" | "toRepository">> & { readonly id?: string } = {}): ImagePromotion {
    const { id, ...rest } = options;
    return new ImagePromotion(this, id ?? `promote-${this.node.children.filter((c) => c instanceof ImagePromotion).length}`, {
      ...rest,
      source: { repository: this.repository, digest: this.digest },
      toRepository,
      tag: rest.tag ?? this.tag,
    });
  }
}
