import type { SettingsMount } from "./container-settings";
import { ENVIRONMENT_NAME } from "./quantities";
import type { SecretReference } from "./secret-reference";
import { secretMountPath, secretReferenceProblem } from "./secret-reference";
import type { SpecErrors } from "./spec-error";

/** Where a host fetches the secrets of a service before starting it (a root-only tmpfs under /run). */
export function secretsHostDirectory(serviceName: string): string {
  return `/run/cdktf-docker-environments/${serviceName}/secrets`;
}

/**
 * Turns secret references into read-only file mounts plus `<NAME>_FILE` variables. A literal
 * value is refused: the point of a reference is that the value never leaves the secret store.
 */
export function resolveSecrets(
  errors: SpecErrors,
  serviceName: string,
  secrets: Record<string, SecretReference> | undefined,
  environment: Record<string, string>,
  _user: string,
): { mounts: SettingsMount[]; references: Record<string, SecretReference> } {
  const mounts: SettingsMount[] = [];
  const references: Record<string, SecretReference> = {};
  for (const [name, reference] of Object.entries(secrets ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const field = `secrets.${name}`;
    if (!ENVIRONMENT_NAME.test(name)) {
      errors.add(field, name, "not a valid environment variable name", "use letters, digits and _ , not starting with a digit");
      continue;
    }
    if (typeof reference !== "object" || reference === null) {
      errors.add(
        field,
        "<redacted literal>",
        "a secret was given as a literal value",
        `store it in SSM Parameter Store or Secrets Manager and pass SecretRef.ssmParameter("/path/${name.toLowerCase()}") instead`,
      );
      continue;
    }
    const problem = secretReferenceProblem(reference);
    if (problem) {
      errors.add(field, reference, problem, 'use SecretRef.ssmParameter("/name"), SecretRef.secretsManager("id") or SecretRef.hostFile("/abs/path")');
      continue;
    }
    const fileVariable = `${name}_FILE`;
    if (environment[fileVariable] !== undefined) {
      errors.add(`environment.${fileVariable}`, fileVariable, `the secret ${name} sets this variable to its file path`, "remove it from environment");
    }
    environment[fileVariable] = secretMountPath(name);
    const source = reference.kind === "host-file" ? reference.path : `${secretsHostDirectory(serviceName)}/${name}`;
    mounts.push({ type: "bind", source, target: secretMountPath(name), readOnly: true });
    references[name] = reference;
  }
  return { mounts, references };
}
