// `npm run diagram -- <stack>|--all`: draws a stack's topology (from its construct tree) as SVG
// with Graphviz into examples/diagrams/<stack>.svg.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { readTopology } from "../lib/diagram/topology";
import { topologyToDot } from "../lib/diagram/topology-dot";
import { buildApp } from "./main";

/** The DOT text of each stack of the app, by stack name. */
export function stackDiagrams(): Map<string, string> {
  const outdir = mkdtempSync(path.join(tmpdir(), "cdktfde-diagram-"));
  try {
    const app = buildApp(new App({ outdir, stackTraces: false }));
    const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
    return new Map(stacks.map((stack) => [stack.node.id, topologyToDot(readTopology(stack))]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(argv: string[]): void {
  const diagrams = stackDiagrams();
  const wanted = argv.includes("--all") || argv.length === 0 ? [...diagrams.keys()] : argv;
  const directory = path.resolve(__dirname, "..", "..", "examples", "diagrams");
  mkdirSync(directory, { recursive: true });
  for (const name of wanted) {
    const dot = diagrams.get(name);
    if (dot === undefined) throw new Error(`no stack "${name}" in stacks/main.ts; the stacks are: ${[...diagrams.keys()].join(", ")}`);
    const svg = execFileSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
    writeFileSync(path.join(directory, `${name}.svg`), svg);
    process.stdout.write(`examples/diagrams/${name}.svg\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
