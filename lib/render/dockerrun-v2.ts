import { SpecError } from "../core/spec-error";
import type { BundleFormatOptions, BundleNote, BundleServiceInput, RenderedBundleFile } from "./beanstalk-bundle-types";
import type { EcsContainerDefinition, EcsVolume } from "./ecs-container-definition";
import { renderEcsContainerDefinition } from "./ecs-container-definition";

/** The Dockerrun.aws.json v2 document (ECS managed Docker platform). */
export interface DockerrunV2 {
  readonly AWSEBDockerrunVersion: 2;
  readonly executionRoleArn?: string;
  readonly volumes: EcsVolume[];
  readonly containerDefinitions: EcsContainerDefinition[];
}

/**
 * Renders services as Dockerrun.aws.json v2: one ECS task definition whose container definitions
 * carry the hardened profile (capabilities, read-only root, no-new-privileges, limits, tmpfs,
 * health checks) and whose secrets ECS fetches by ARN with the task execution role.
 */
export function renderDockerrunV2(inputs: BundleServiceInput[], applicationPort: number, where: string, options: BundleFormatOptions): RenderedBundleFile {
  const notes: BundleNote[] = [];
  const volumes: EcsVolume[] = [];
  const containerDefinitions = inputs.map((input) => renderEcsContainerDefinition(input, volumes, notes));
  if (!containerDefinitions.some((d) => d.essential === true)) {
    throw new SpecError(
      where,
      "services",
      inputs.map((i) => i.service.name),
      "no service is essential, so ECS would never replace a failed task",
      "keep essential: true on at least one service",
    );
  }
  const hasSecrets = inputs.some((i) => Object.keys(i.secrets).length > 0);
  if (hasSecrets && !options.executionRoleArn) {
    throw new SpecError(
      where,
      "executionRoleArn",
      undefined,
      "ECS fetches container secrets with a task execution role",
      "pass executionRoleArn (BeanstalkEnvironment creates one)",
    );
  }
  const document: DockerrunV2 = {
    AWSEBDockerrunVersion: 2,
    ...(hasSecrets ? { executionRoleArn: options.executionRoleArn } : {}),
    volumes,
    containerDefinitions,
  };
  return {
    fileName: "Dockerrun.aws.json",
    content: `${JSON.stringify(document, null, 2)}\n`,
    environmentProperties: {},
    environmentSecrets: {},
    applicationPort,
    notes,
  };
}

/** The task definition part of a Dockerrun v2 document, as `aws ecs register-task-definition --cli-input-json` takes it. */
export function dockerrunV2AsTaskDefinition(document: DockerrunV2): Record<string, unknown> {
  const { AWSEBDockerrunVersion: _version, ...taskDefinition } = document;
  return taskDefinition;
}
