import { Annotations, TerraformResource } from "cdktf";
import type { IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { readDockerContainerJson } from "../render/read-docker-container";
import type { DockerContainerJson } from "../render/read-docker-container";
import type { PolicyContext } from "./container-rules";
import { checkContainerPolicy, formatViolation } from "./container-rules";

/**
 * Checks every `docker_container` in scope against the container policy, on the arguments
 * Terraform will receive (escape-hatch overrides included). A violation without an exception
 * label fails synth with the construct path, the rule and the fix. Apply it to any stack:
 * `Aspects.of(stack).add(new ContainerPolicyAspect())`. LocalEnvironment applies it to itself.
 */
export class ContainerPolicyAspect implements IAspect {
  private readonly seen = new WeakSet<IConstruct>();

  /**
   * @param context policy context; the Docker provider cannot express pids limits, so CIS 5.29 is always a warning here
   */
  constructor(private readonly context: PolicyContext = {}) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || node.terraformResourceType !== "docker_container" || this.seen.has(node)) return;
    this.seen.add(node);
    const context: PolicyContext = { ...this.context, notExpressible: [...(this.context.notExpressible ?? []), "CIS-5.29"] };
    node.node.addValidation({
      validate: () => {
        const result = checkContainerPolicy(readDockerContainerJson(synthesizedArguments(node)), context);
        for (const v of result.unenforceable) {
          Annotations.of(node).addWarning(
            `policy ${v.rule} (${v.title}) cannot be enforced through the Docker provider, whose docker_container has no pids_limit: ${v.problem}. Where it matters, run the service under systemd, where --pids-limit applies.`,
          );
        }
        for (const rule of result.unusedExceptions) {
          Annotations.of(node).addWarning(`the exception ${rule} is declared but the container does not need it; remove it`);
        }
        return result.violations.map((v) => formatViolation(node.node.path, v));
      },
    });
  }
}

function synthesizedArguments(resource: TerraformResource): DockerContainerJson {
  const tf = resource.toTerraform() as { resource: Record<string, Record<string, DockerContainerJson>> };
  const byId = tf.resource[resource.terraformResourceType];
  return Object.values(byId)[0];
}
