import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { App, TerraformStack } from "cdktf";
import { checkExample } from "../../examples/ci-assertions";

const examples = path.join(__dirname, "..", "..", "examples");
const programs = readdirSync(examples).filter((f) => f.endsWith(".ts"));

describe("every program in examples/ is compiled (tsconfig includes examples/) and exercised here", () => {
  test("each example is imported by a test in test/examples", () => {
    const tests = readdirSync(__dirname)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => readFileSync(path.join(__dirname, f), "utf8"))
      .join("\n");
    const untested = programs.filter((f) => !tests.includes(`examples/${f.replace(/\.ts$/, "")}"`));
    expect(untested).toEqual([]);
  });

  test.each(programs)("%s: a stack it builds synthesizes with its validations", (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(path.join(examples, file)) as { buildExample?: (app: App) => TerraformStack };
    if (module.buildExample === undefined) return; // a renderer example (no stack), tested by its own test
    const json = JSON.parse(Testing.synth(module.buildExample(Testing.app()), true)) as { resource: Record<string, unknown> };
    expect(Object.keys(json.resource).length).toBeGreaterThan(0);
  });

  test("ci-assertions: the example's container passes the production policy; the snapshot has no volatile values", () => {
    const { checked, snapshot } = checkExample(Testing.app());
    expect(checked).toEqual([expect.stringMatching(/^docker_container\.api_container_[0-9A-F]+$/)]);
    const text = JSON.stringify(snapshot);
    expect(text).toContain('"read_only":true');
    expect(text).not.toContain(process.cwd());
  });
});
