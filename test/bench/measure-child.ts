// One measured synthesis, in its own process (run by bench.ts): prints {synthMs, maxRssMiB, outdir} as JSON.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import type { TerraformStack } from "cdktf";

/** What the bench asks a child to synthesize. */
export type MeasureJob =
  | { readonly kind: "stack"; readonly module: string; readonly className: string; readonly stackName: string }
  | { readonly kind: "app" }
  | { readonly kind: "scale"; readonly shape: string; readonly hosts: number; readonly servicesPerHost: number }
  | { readonly kind: "floor"; readonly recipeFile: string };

/** The child's report. */
export interface MeasureResult {
  /** From process start to the synthesized files on disk. */
  readonly wallMs: number;
  /** Construction and synthesis only (after the entry module's own imports). */
  readonly synthMs: number;
  /** Peak resident set size of the process. */
  readonly maxRssMiB: number;
  /** The stack directories written. */
  readonly stackDirs: string[];
}

function run(job: MeasureJob, outdir: string): void {
  const started = performance.now();
  const app = new App({ outdir });
  let stacks: TerraformStack[] = [];
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (job.kind === "stack") {
    const Stack = (require(path.resolve(__dirname, "..", "..", "stacks", job.module)) as Record<string, new (scope: App, id: string) => TerraformStack>)[
      job.className
    ];
    stacks = [new Stack(app, job.stackName)];
  } else if (job.kind === "app") {
    (require("../../stacks/main") as { buildApp(app: App): App }).buildApp(app);
  } else if (job.kind === "scale") {
    const { buildScaleStack } = require("./scale-shapes") as typeof import("./scale-shapes");
    stacks = [buildScaleStack(app, { shape: job.shape as "minimal", hosts: job.hosts, servicesPerHost: job.servicesPerHost })];
  } else {
    const { buildFloorStack } = require("./raw-floor") as typeof import("./raw-floor");
    stacks = [buildFloorStack(app, JSON.parse(readFileSync(job.recipeFile, "utf8")))];
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  app.synth();
  const synthMs = performance.now() - started;
  const names = stacks.length ? stacks.map((s) => s.node.id) : app.node.children.map((c) => c.node.id);
  const result: MeasureResult = {
    wallMs: process.uptime() * 1000,
    synthMs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    stackDirs: names.map((n) => path.join(outdir, "stacks", n)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

run(JSON.parse(process.argv[2]) as MeasureJob, process.argv[3]);
