import { Construct } from "constructs";
import type { ContainerSettings } from "../core/container-settings";
import type { ContainerSpec } from "../core/container-spec";
import type { PolicyContext } from "../policy/container-rules";
import { validateContainer } from "../policy/validate-container";
import { DockerContainer, DockerImage } from "../providers/docker";
import { IMAGE_LABEL, renderDockerContainerConfig } from "../render/docker-container-config";
import { escapeTerraformTemplates } from "../render/terraform-template-escape";

export interface HardenedContainerProps {
  /** The service. */
  readonly spec: ContainerSpec;
  /**
   * Build the image from a local context instead of pulling it; the spec's image becomes the tag.
   * @default pull spec.image
   */
  readonly build?: { readonly context: string; readonly dockerfile?: string };
  /**
   * Terraform references to use for network names (name in the spec -> expression).
   * @default the names as given
   */
  readonly networkNames?: Record<string, string>;
  /**
   * Terraform references to use for volume names.
   * @default the names as given
   */
  readonly volumeNames?: Record<string, string>;
  /**
   * Policy context.
   * @default {}
   */
  readonly policy?: PolicyContext;
}

/**
 * One service as a Docker provider `docker_image` + `docker_container`, rendered from the
 * shared model with the hardened profile. The spec is validated and policy-checked here;
 * the stack-wide ContainerPolicyAspect re-checks the synthesized arguments.
 */
export class HardenedContainer extends Construct {
  public readonly image: DockerImage;
  public readonly container: DockerContainer;
  /** The resolved settings this container was rendered from. */
  public readonly settings: ContainerSettings;

  constructor(scope: Construct, id: string, props: HardenedContainerProps) {
    super(scope, id);
    this.settings = validateContainer(props.spec, this.node.path, props.policy);
    const args = renderDockerContainerConfig(this.settings, this.node.path);

    this.image = new DockerImage(this, "image", {
      name: this.settings.image,
      keepLocally: true,
      buildAttribute:
        props.build &&
        escapeTerraformTemplates({ context: props.build.context, dockerfile: props.build.dockerfile ?? "Dockerfile", tag: [this.settings.image] }),
    });
    const networkNames = props.networkNames ?? {};
    const volumeNames = props.volumeNames ?? {};
    // Every literal string (and map key, e.g. a tmpfs target) is escaped for Terraform's templates;
    // the cdktf tokens for the image, network and volume names pass through unescaped.
    const literals = escapeTerraformTemplates({
      ...args,
      networkMode: args.networkMode && (networkNames[args.networkMode] ?? args.networkMode),
      networksAdvanced: this.settings.networks.map((n) => ({ name: networkNames[n.name] ?? n.name, aliases: n.aliases })),
      mounts: this.settings.mounts.map((m) => ({
        type: m.type,
        source: m.type === "volume" ? (volumeNames[m.source] ?? m.source) : m.source,
        target: m.target,
        readOnly: m.readOnly,
      })),
      labels: [...(args.labels as { label: string; value: string }[]), { label: IMAGE_LABEL, value: this.settings.image }],
    });
    this.container = new DockerContainer(this, "container", { ...literals, image: this.image.imageId });
  }
}
