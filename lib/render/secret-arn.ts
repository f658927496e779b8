import type { SecretReference } from "../core/secret-reference";
import { SpecError } from "../core/spec-error";

import type { ArnContext } from "../core/secret-access";

export type { ArnContext };

/** A secret reference as AWS services take it. */
export interface SecretArn {
  /** What ECS `valueFrom` and Beanstalk `environmentsecrets` take (with a JSON key suffix where asked). */
  readonly valueFrom: string;
  /** The resource to grant read access on. */
  readonly resource: string;
  readonly service: "ssm" | "secretsmanager";
}

/**
 * Turns a secret reference into the ARN form that ECS and Elastic Beanstalk fetch at start-up.
 * Secrets Manager needs the full ARN (its name gets a random suffix); SSM names are completed
 * with the ArnContext. Host files do not exist on Beanstalk instances and are refused.
 */
export function secretReferenceArn(reference: SecretReference, context: ArnContext | undefined, where: string, field: string): SecretArn {
  switch (reference.kind) {
    case "ssm-parameter": {
      if (reference.name.startsWith("arn:")) return { valueFrom: reference.name, resource: reference.name, service: "ssm" };
      if (context === undefined) {
        throw new SpecError(
          where,
          field,
          reference,
          "an SSM parameter name needs an account and region to become an ARN",
          "pass the parameter's ARN, or render with an ArnContext",
        );
      }
      const path = reference.name.startsWith("/") ? reference.name : `/${reference.name}`;
      const arn = `arn:${context.partition}:ssm:${context.region}:${context.accountId}:parameter${path}`;
      return { valueFrom: arn, resource: arn, service: "ssm" };
    }
    case "secrets-manager": {
      if (!/^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+$/.test(reference.secretId)) {
        throw new SpecError(
          where,
          field,
          reference,
          "Secrets Manager secrets are fetched by ARN (the name alone lacks the random suffix of the ARN)",
          'pass SecretRef.secretsManager("arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf")',
        );
      }
      const valueFrom = reference.jsonKey === undefined ? reference.secretId : `${reference.secretId}:${reference.jsonKey}::`;
      return { valueFrom, resource: reference.secretId, service: "secretsmanager" };
    }
    default:
      throw new SpecError(
        where,
        field,
        reference,
        "a Beanstalk instance has no host files of yours; it fetches secrets from SSM or Secrets Manager",
        'use SecretRef.ssmParameter("/path") or SecretRef.secretsManager("arn:…")',
      );
  }
}
