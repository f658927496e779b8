import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { buildFloorStack, floorRecipe } from "./raw-floor";
import { mainStacks } from "./main-stacks";
import { buildScaleStack, SCALE_SHAPES } from "./scale-shapes";

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; data?: Record<string, Record<string, unknown>> };
const counts = (json: Json) => Object.fromEntries(Object.entries(json.resource).map(([type, byId]) => [type, Object.keys(byId).length]));

describe("scale matrix (npm run bench measures the large points)", () => {
  test.each(SCALE_SHAPES)("%s 3x4 synthesizes with validations, every host bootstrapped with its 4 services under 16 KB", (shape) => {
    const stack = buildScaleStack(Testing.app(), { shape, hosts: 3, servicesPerHost: 4 });
    const text = Testing.synth(stack, true);
    const json = JSON.parse(text) as Json;
    const hostType = shape === "web" ? "aws_launch_template" : "aws_instance";
    const hosts = Object.values(json.resource[hostType]);
    expect(hosts).toHaveLength(3);
    for (const host of hosts) {
      const encoded = (host.user_data_base64 ?? host.user_data) as string;
      const bytes = hostType === "aws_instance" && host.user_data !== undefined ? Buffer.byteLength(encoded) : Buffer.from(encoded, "base64").length;
      expect(bytes).toBeLessThanOrEqual(16384);
    }
    if (shape === "minimal") expect(Object.keys(json.resource.aws_route53_record)).toHaveLength(3);

    // The raw-cdktf floor has the same resources at the same addresses, and the same large strings' sizes.
    const synthesized = (dir: string, name: string) => readFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), "utf8");
    const recipe = floorRecipe("floor", synthesized(Testing.fullSynth(stack), stack.node.id));
    const floor = JSON.parse(synthesized(Testing.fullSynth(buildFloorStack(Testing.app(), recipe)), "floor")) as Json;
    expect(counts(floor)).toEqual(counts(json));
    const addresses = (j: Json) =>
      Object.entries(j.resource)
        .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
        .sort();
    expect(addresses(floor)).toEqual(addresses(json));
    expect(Object.keys(floor.data ?? {}).sort()).toEqual(Object.keys(json.data ?? {}).sort());
    const sizes = (j: Json, type: string) => Object.values(j.resource[type] ?? {}).map((r) => String(r.user_data ?? r.user_data_base64 ?? "").length);
    expect(sizes(floor, hostType).sort()).toEqual(sizes(json, hostType).sort());
  });

  test("the bench finds the stacks stacks/main.ts builds", () => {
    const source =
      'import { LocalStack } from "./local";\nimport { Web as WebStack } from "./web";\nnew LocalStack(app, "local");\nnew WebStack(app, "web");\n';
    expect(mainStacks(source)).toEqual([
      { module: "local", className: "LocalStack", stackName: "local" },
      { module: "web", className: "Web", stackName: "web" },
    ]);
    expect(() => mainStacks('new Unknown(app, "x");')).toThrow('stacks/main.ts builds Unknown (stack "x") but the bench cannot find its import');
  });
});
