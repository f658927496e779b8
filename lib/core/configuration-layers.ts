import { ENVIRONMENT_NAME } from "./quantities";
import type { SpecErrors } from "./spec-error";

/**
 * The book's three configuration layers (chapter 3), lowest precedence first: `cluster` applies
 * to every service on every host, `common` to one service on all its hosts, `local` to every
 * service on one host. A later layer wins.
 */
export type ConfigurationLayerName = "cluster" | "common" | "local";

export const CONFIGURATION_LAYERS: readonly ConfigurationLayerName[] = ["cluster", "common", "local"];

/** One variable's effective value and the layer it came from. */
export interface EffectiveVariable {
  readonly value: string;
  readonly layer: ConfigurationLayerName;
}

/** The variables of each layer for one service on one host. */
export type LayeredConfiguration = Readonly<Record<ConfigurationLayerName, Readonly<Record<string, string>>>>;

/** Merges the layers, local over common over cluster; keys sorted. */
export function effectiveEnvironment(layers: LayeredConfiguration): Record<string, EffectiveVariable> {
  const merged: Record<string, EffectiveVariable> = {};
  for (const layer of CONFIGURATION_LAYERS) {
    for (const [name, value] of Object.entries(layers[layer] ?? {})) merged[name] = { value, layer };
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Variable names that look like secrets: the same rule the container policy applies (SECRET-IN-ENV). */
const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

/**
 * Checks one layer's variables: names an environment file and `docker run --env` accept, values
 * on one line (an environment file cannot hold a line break), and no secrets: a layer is written
 * to the host in plain text and shown in a Terraform output, so secret-looking names are refused.
 */
export function checkConfigurationLayer(errors: SpecErrors, field: string, variables: Readonly<Record<string, string>> | undefined): void {
  if (variables === undefined) return;
  if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
    errors.add(field, variables, "not a map of variable names to values", 'give e.g. { LOG_LEVEL: "info" }');
    return;
  }
  for (const [name, value] of Object.entries(variables)) {
    if (!ENVIRONMENT_NAME.test(name)) {
      errors.add(`${field}.${name}`, name, "not a valid environment variable name", "use letters, digits and _, not starting with a digit");
    } else if (typeof value !== "string") {
      errors.add(`${field}.${name}`, value, "not a string", `quote it, e.g. "${String(value)}"`);
    } else if (/[\n\r\0]/.test(value)) {
      errors.add(
        `${field}.${name}`,
        value,
        "a value with a line break cannot be read from an environment file",
        "put multi-line values in a file and pass its path",
      );
    } else if (SECRET_LIKE_NAME.test(name) && !name.endsWith("_FILE")) {
      errors.add(
        `${field}.${name}`,
        "<redacted>",
        "looks like a secret, and configuration layers are plain text on the host and in the Terraform output",
        `move it to the service's secrets: { ${name}: SecretRef.ssmParameter("/path/${name.toLowerCase()}") }`,
      );
    }
  }
}
