import { ref, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Token } from "cdktf";
import type { App } from "cdktf";
import { Construct } from "constructs";

/**
 * The raw-cdktf floor of a synthesized stack: the same resource and data-source types in the
 * same numbers, created directly with the provider's L1 classes (deep imports), each with the
 * attributes of the first of its kind, its references to other blocks as tokens (as raw cdktf
 * code writes `vpcId: vpc.id`), every large string attribute (user data, bundles) at its own
 * size per resource, and each block at its construct path under plain constructs, so that cdktf
 * derives the same addresses (logical ids) as for the environment. What is left between an
 * environment and its floor is the library's own work: validation, rendering, aspects.
 */
export interface FloorRecipe {
  readonly stackName: string;
  readonly providers: FloorBlock[];
  readonly resources: FloorBlock[];
  readonly data: FloorBlock[];
  readonly locals: Record<string, unknown>;
  readonly outputs: Record<string, Record<string, unknown>>;
  readonly variables: Record<string, Record<string, unknown>>;
  /** Sizes of the synthesized JSON, for comparison with the floor's. */
  readonly jsonBytes: number;
}

/** One Terraform type: how many, the attributes of the first, and the large strings of each. */
export interface FloorBlock {
  readonly type: string;
  readonly count: number;
  readonly attributes: Record<string, unknown>;
  /** Per instance: attribute name → length of a string over LARGE_STRING characters. */
  readonly largeStrings: Record<string, number>[];
  /** Per instance: its construct path below the stack (`host-0/instance`). */
  readonly paths: string[];
}

const LARGE_STRING = 512;
/** Left out of the floor: they name other blocks (depends_on, provider) or multiply them; `lifecycle` is kept. */
const META_ARGUMENTS = new Set(["//", "depends_on", "provider", "count", "for_each", "connection", "provisioner", "alias"]);

type Json = Record<string, Record<string, Record<string, unknown>>>;

/** Reads a synthesized cdk.tf.json into a floor recipe. */
export function floorRecipe(stackName: string, text: string): FloorRecipe {
  const json = JSON.parse(text) as {
    provider?: Record<string, unknown[]>;
    resource?: Json;
    data?: Json;
    locals?: Record<string, unknown>;
    output?: Json[string];
    variable?: Json[string];
  };
  const blocks = (byType: Json | undefined): FloorBlock[] =>
    Object.entries(byType ?? {}).map(([type, byName]) => {
      const instances = Object.values(byName);
      return {
        type,
        count: instances.length,
        attributes: strip(instances[0]),
        largeStrings: instances.map(largeStrings),
        paths: instances.map(pathBelowStack),
      };
    });
  const providers = Object.entries(json.provider ?? {}).flatMap(([type, configs]) =>
    configs.map((config) => ({ type, count: 1, attributes: strip(config as Record<string, unknown>), largeStrings: [{}], paths: [] })),
  );
  return {
    stackName,
    providers,
    resources: blocks(json.resource),
    data: blocks(json.data),
    locals: json.locals ?? {},
    outputs: json.output ?? {},
    variables: json.variable ?? {},
    jsonBytes: Buffer.byteLength(text),
  };
}

function strip(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !META_ARGUMENTS.has(key)));
}

/** The construct path cdktf records in a block's metadata, without the stack's own name. */
function pathBelowStack(block: Record<string, unknown>): string {
  const path = (block["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
  if (typeof path !== "string") throw new Error(`a synthesized block has no metadata path: ${JSON.stringify(block).slice(0, 200)}`);
  return path.split("/").slice(1).join("/");
}

function largeStrings(attributes: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(attributes).flatMap(([key, value]) => (typeof value === "string" && value.length > LARGE_STRING ? [[key, value.length]] : [])),
  );
}

/** snake_case attribute names to the L1 classes' camelCase; map keys without `_` (tags, labels) are left alone. */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [/^[a-z][a-z0-9_]*$/.test(key) ? camelName(key) : key, camel(v)]),
  );
}

function camelName(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A reference to another block (`${aws_vpc.main.id}`, `${data.aws_region.current.name}`); function calls stay literal. */
const REFERENCE = /\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.[\]*]+)\}/g;

/** `value` with every reference in its strings made a token, as a raw cdktf program creates one per use. */
function withReferenceTokens(value: unknown, stack: TerraformStack): unknown {
  if (typeof value === "string") return value.includes("${") ? value.replace(REFERENCE, (_, address: string) => Token.asString(ref(address, stack))) : value;
  if (Array.isArray(value)) return value.map((v) => withReferenceTokens(v, stack));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withReferenceTokens(v, stack)]));
}

type L1Class = new (scope: Construct, id: string, config: Record<string, unknown>) => unknown;

/** The L1 class of a Terraform type, by deep import (`aws_ebs_volume` → @cdktf/provider-aws/lib/ebs-volume). */
function l1Class(type: string, kind: "resource" | "data" | "provider"): L1Class {
  const [provider, ...rest] = type.split("_");
  const dir = kind === "provider" ? "provider" : kind === "data" ? `data-${provider}-${rest.join("-")}` : rest.join("-");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`@cdktf/provider-${provider}/lib/${dir}`) as Record<string, unknown>;
  const wanted = kind === "provider" ? provider : type;
  const found = Object.values(module).find((exported) => typeof exported === "function" && (exported as { tfResourceType?: string }).tfResourceType === wanted);
  if (!found) throw new Error(`no L1 class for ${kind} ${type} in @cdktf/provider-${provider}/lib/${dir}`);
  return found as L1Class;
}

/** The scope and id a block is created at: plain constructs for the path's parents, made once each. */
function placeAt(stack: TerraformStack, scopes: Map<string, Construct>, path: string): [Construct, string] {
  const parts = path.split("/");
  const id = parts.pop() as string;
  let scope: Construct = stack;
  for (let depth = 1; depth <= parts.length; depth++) {
    const key = parts.slice(0, depth).join("/");
    let next = scopes.get(key);
    if (!next) scopes.set(key, (next = new Construct(scope, parts[depth - 1])));
    scope = next;
  }
  return [scope, id];
}

/** Builds the floor stack of a recipe with the L1 classes. */
export function buildFloorStack(app: App, recipe: FloorRecipe): TerraformStack {
  const stack = new TerraformStack(app, recipe.stackName);
  const scopes = new Map<string, Construct>();
  recipe.providers.forEach((block, i) => new (l1Class(block.type, "provider"))(stack, `provider-${i}`, camel(block.attributes) as Record<string, unknown>));
  for (const [kind, list] of [["resource", recipe.resources] as const, ["data", recipe.data] as const]) {
    for (const block of list) {
      const Class = l1Class(block.type, kind);
      const attributes = camel(block.attributes) as Record<string, unknown>;
      const referencing = Object.keys(attributes).filter((key) => JSON.stringify(attributes[key]).match(REFERENCE));
      for (let i = 0; i < block.count; i++) {
        const references = Object.fromEntries(referencing.map((key) => [key, withReferenceTokens(attributes[key], stack)]));
        const own = Object.fromEntries(Object.entries(block.largeStrings[i]).map(([key, length]) => [camelName(key), "x".repeat(length)]));
        new Class(...placeAt(stack, scopes, block.paths[i]), { ...attributes, ...references, ...own });
      }
    }
  }
  for (const [name, value] of Object.entries(recipe.locals)) new TerraformLocal(stack, `local-${name}`, value);
  for (const [name, output] of Object.entries(recipe.outputs))
    new TerraformOutput(stack, `output-${name}`, { value: output.value, description: output.description as string });
  for (const [name, variable] of Object.entries(recipe.variables)) new TerraformVariable(stack, `variable-${name}`, camel(variable) as Record<string, never>);
  return stack;
}
