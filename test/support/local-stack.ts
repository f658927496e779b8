import { Testing, TerraformStack } from "cdktf";
import { LocalEnvironment } from "cdktf-docker-environments";
import type { LocalEnvironmentProps } from "cdktf-docker-environments";
import { DockerProvider } from "../../lib/providers/docker";

/** A stack with a Docker provider, for `Testing.synth(stack, true)`. */
export function dockerStack(id = "stack"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new DockerProvider(stack, "docker", {});
  return stack;
}

/** A LocalEnvironment `env` in a fresh stack `stack`. */
export function localEnvironment(props: LocalEnvironmentProps): { stack: TerraformStack; env: LocalEnvironment } {
  const stack = dockerStack();
  return { stack, env: new LocalEnvironment(stack, "env", props) };
}

export type SynthesizedResources = Record<string, Record<string, Record<string, unknown>>>;

/** Synthesizes with validations (the policy aspect runs) and returns `resource`. */
export function synthResources(stack: TerraformStack): SynthesizedResources {
  return (JSON.parse(Testing.synth(stack, true)) as { resource: SynthesizedResources }).resource;
}

/** The warnings Annotations left on constructs under `stack`, with their paths. */
export function warnings(stack: TerraformStack): { path: string; message: string }[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => ({ path: c.node.path, message: String(m.data) })));
}
