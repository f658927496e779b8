/**
 * A secret by reference. The value is fetched where the container runs (on the host, by the
 * instance role) and never appears in synthesized JSON, user data or Terraform state.
 */
export type SecretReference =
  | { readonly kind: "ssm-parameter"; readonly name: string }
  | { readonly kind: "secrets-manager"; readonly secretId: string; readonly jsonKey?: string }
  | { readonly kind: "host-file"; readonly path: string };

/** Constructors for secret references. */
export const SecretRef = {
  /** An SSM Parameter Store SecureString, by name (`/app/db/password`) or ARN. */
  ssmParameter(name: string): SecretReference {
    return { kind: "ssm-parameter", name };
  },
  /** A Secrets Manager secret by name or ARN, optionally one key of its JSON value. */
  secretsManager(secretId: string, jsonKey?: string): SecretReference {
    return jsonKey === undefined ? { kind: "secrets-manager", secretId } : { kind: "secrets-manager", secretId, jsonKey };
  },
  /** A file already on the host (for local environments): absolute path. */
  hostFile(path: string): SecretReference {
    return { kind: "host-file", path };
  },
};

/** Where a secret is mounted inside the container. */
export function secretMountPath(name: string): string {
  return `/run/secrets/${name}`;
}

/** What is wrong with a secret reference, or undefined when it names a secret properly. */
export function secretReferenceProblem(reference: SecretReference | undefined): string | undefined {
  switch (reference?.kind) {
    case "ssm-parameter":
      return /^(\/[\w.-]+)+$|^[\w.-]+$|^arn:aws[\w-]*:ssm:/.test(reference.name ?? "") ? undefined : "not an SSM parameter name or ARN";
    case "secrets-manager":
      return /^[\w/+=.@-]+$|^arn:aws[\w-]*:secretsmanager:/.test(reference.secretId ?? "") ? undefined : "not a Secrets Manager secret name or ARN";
    case "host-file":
      return typeof reference.path === "string" && /^\/(?!.*(^|\/)\.\.(\/|$))/.test(reference.path) ? undefined : "not an absolute host path";
    default:
      return "not a secret reference";
  }
}
