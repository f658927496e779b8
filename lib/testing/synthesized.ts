import { TerraformStack, Testing } from "cdktf";

/** A synthesized stack's JSON (`cdk.tf.json`), loosely typed for assertions. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly [key: string]: unknown;
}

/** A stack (synthesized with validations), its JSON text, or the parsed JSON. */
export type SynthesizedInput = TerraformStack | string | SynthesizedStack;

/** The parsed JSON of a stack; a stack is synthesized with its validations (aspects included). */
export function synthesizedJson(input: SynthesizedInput): SynthesizedStack {
  if (typeof input === "string") return JSON.parse(input) as SynthesizedStack;
  if (TerraformStack.isStack(input)) return JSON.parse(Testing.synth(input, true)) as SynthesizedStack;
  return input;
}
