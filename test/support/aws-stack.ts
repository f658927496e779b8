import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "../../lib/providers/aws";

/** A synthesized stack's JSON, typed loosely for assertions. */
export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  locals?: Record<string, unknown>;
}

/** A stack with the AWS provider, named `test` (construct paths start with `test/`). */
export function awsStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

/** Synthesizes with validations on and parses the JSON. */
export function synthJson(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack, true)) as SynthJson;
}

/** The resources of one type, by logical id. */
export function resources(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** The single resource of a type whose logical id contains `fragment`. */
export function one(json: SynthJson, type: string, fragment = ""): Record<string, unknown> {
  const found = Object.entries(json.resource[type] ?? json.data?.[type] ?? {}).filter(([name]) => name.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} like ${JSON.stringify(fragment)}, found ${found.map(([n]) => n).join(", ") || "none"}`);
  return found[0][1];
}
