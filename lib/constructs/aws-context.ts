import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsCallerIdentity, DataAwsPartition, DataAwsRegion } from "../providers/aws";

/** One data source of a kind per stack, shared by every construct that needs it. */
function stackSingleton<T extends Construct>(scope: Construct, id: string, create: (stack: TerraformStack) => T): T {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? create(stack);
}

/** The partition (`aws`, `aws-cn`, `aws-us-gov`) for ARNs. */
export function awsPartition(scope: Construct): string {
  return stackSingleton(scope, "aws-partition", (stack) => new DataAwsPartition(stack, "aws-partition")).partition;
}

/** The provider's region name. */
export function awsRegion(scope: Construct): string {
  return stackSingleton(scope, "aws-region", (stack) => new DataAwsRegion(stack, "aws-region")).name;
}

/** The account id of the provider's credentials. */
export function awsAccountId(scope: Construct): string {
  return stackSingleton(scope, "aws-caller-identity", (stack) => new DataAwsCallerIdentity(stack, "aws-caller-identity")).accountId;
}
