import { createHash } from "node:crypto";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsCallerIdentity, DataAwsPartition, DataAwsRegion, DataAwsSsmParameter } from "../providers/aws";
import { sharedReference } from "./shared-reference";

/** One data source of a kind per stack, shared by every construct that needs it. */
function stackSingleton<T extends Construct>(scope: Construct, id: string, create: (stack: TerraformStack, id: string) => T): T {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? create(stack, id);
}

/** The partition (`aws`, `aws-cn`, `aws-us-gov`) for ARNs. */
export function awsPartition(scope: Construct): string {
  return sharedReference(
    stackSingleton(scope, "aws-partition", (stack, id) => new DataAwsPartition(stack, id)),
    "partition",
  );
}

/** The provider's region name. */
export function awsRegion(scope: Construct): string {
  return sharedReference(
    stackSingleton(scope, "aws-region", (stack, id) => new DataAwsRegion(stack, id)),
    "name",
  );
}

/** The account id of the provider's credentials. */
export function awsAccountId(scope: Construct): string {
  return sharedReference(
    stackSingleton(scope, "aws-caller-identity", (stack, id) => new DataAwsCallerIdentity(stack, id)),
    "accountId",
  );
}

/**
 * The value of a public SSM parameter naming an AMI (Canonical's Ubuntu releases), read once per
 * stack however many hosts use it. The AMI id is public and not a secret; insecure_value keeps
 * the plan readable.
 */
export function amiFromSsmParameter(scope: Construct, name: string): string {
  const id = `ami-parameter-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
  return sharedReference(
    stackSingleton(scope, id, (stack) => new DataAwsSsmParameter(stack, id, { name })),
    "insecureValue",
  );
}
