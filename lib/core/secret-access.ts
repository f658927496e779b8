import type { SecretReference } from "./secret-reference";

/** Where ARNs are built: values or Terraform references for the partition, region and account. */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** An IAM policy statement, as JSON. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string[]>>;
}

/** The resource ARN to grant read access on (a Secrets Manager name matches its random six-character suffix). */
export function secretResourceArn(reference: SecretReference, context: ArnContext): string | undefined {
  const { partition, region, accountId: account } = context;
  switch (reference.kind) {
    case "ssm-parameter":
      if (reference.name.startsWith("arn:")) return reference.name;
      return `arn:${partition}:ssm:${region}:${account}:parameter/${reference.name.replace(/^\//, "")}`;
    case "secrets-manager": {
      const id = reference.secretId;
      if (/^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:.+-[A-Za-z0-9]{6}$/.test(id)) return id;
      const name = id.startsWith("arn:") ? id.replace(/^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:/, "") : id;
      return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}-??????`;
    }
    default:
      return undefined;
  }
}

/**
 * Least-privilege read access to exactly the referenced secrets: ssm:GetParameter on each
 * parameter, secretsmanager:GetSecretValue on each secret, and kms:Decrypt only through those
 * two services in this region (a customer managed key must also allow the role in its key policy).
 */
export function secretReadStatements(references: readonly SecretReference[], context: ArnContext): PolicyStatement[] {
  const ssm = [...new Set(references.filter((r) => r.kind === "ssm-parameter").map((r) => secretResourceArn(r, context) as string))].sort();
  const secrets = [...new Set(references.filter((r) => r.kind === "secrets-manager").map((r) => secretResourceArn(r, context) as string))].sort();
  const statements: PolicyStatement[] = [];
  if (ssm.length) statements.push({ Sid: "ReadServiceParameters", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: ssm });
  if (secrets.length) statements.push({ Sid: "ReadServiceSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secrets });
  const via = [...(ssm.length ? [`ssm.${context.region}.amazonaws.com`] : []), ...(secrets.length ? [`secretsmanager.${context.region}.amazonaws.com`] : [])];
  if (via.length) {
    statements.push({
      Sid: "DecryptThroughSecretStores",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: ["*"],
      Condition: { StringEquals: { "kms:ViaService": via } },
    });
  }
  return statements;
}
