// `npm run bench`: wall time and peak RSS of synthesizing each stack of stacks/main.ts and a scale
// matrix, each beside its raw-cdktf floor (the same resources through the L1 classes), every
// measurement in a fresh process, repeated and reduced to the median. Exit status 1 when a budget is missed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { checkBudgets, formatTable } from "./bench-report";
import type { Row, Sample } from "./bench-report";
import type { MeasureJob, MeasureResult } from "./measure-child";
import { floorRecipe } from "./raw-floor";
import type { FloorRecipe } from "./raw-floor";
import { SCALE_SHAPES } from "./scale-shapes";
import { mainStacks } from "./main-stacks";

interface Subject {
  readonly label: string;
  readonly job: MeasureJob;
  readonly shape?: string;
  readonly hosts?: number;
  readonly servicesPerHost?: number;
}

const args = process.argv.slice(2);
const repeat = Number(args[args.indexOf("--repeat") + 1] || 0) || 3;
const quick = args.includes("--quick");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const root = path.resolve(__dirname, "..", "..", "..");
const child = path.join(__dirname, "measure-child.js");
const work = mkdtempSync(path.join(tmpdir(), "cdktfde-bench-"));

function subjects(): Subject[] {
  const list: Subject[] = mainStacks(readFileSync(path.join(root, "stacks", "main.ts"), "utf8")).map((s) => ({
    label: `stack ${s.stackName}`,
    job: { kind: "stack", ...s },
  }));
  const hostCounts = quick ? [0, 10, 20, 200] : [0, 10, 20, 50, 100, 200];
  const serviceCounts = quick ? [20] : [5, 10, 20];
  for (const shape of SCALE_SHAPES) {
    for (const servicesPerHost of serviceCounts) {
      for (const hosts of hostCounts) {
        if (hosts === 0 && servicesPerHost !== 20) continue;
        list.push({ label: `${shape} ${hosts}x${servicesPerHost}`, job: { kind: "scale", shape, hosts, servicesPerHost }, shape, hosts, servicesPerHost });
      }
    }
    list.push({ label: `${shape} 1x50`, job: { kind: "scale", shape, hosts: 1, servicesPerHost: 50 }, shape, hosts: 1, servicesPerHost: 50 });
  }
  return only ? list.filter((s) => s.label.includes(only)) : list;
}

function measure(job: MeasureJob, outdir: string): Sample & { stackDirs: string[] } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [child, JSON.stringify(job), outdir], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`synthesis failed (${JSON.stringify(job)}):\n${result.stderr}`);
  const report = JSON.parse(result.stdout.trim().split("\n").pop() as string) as MeasureResult;
  return { wallMs, rssMiB: report.maxRssMiB, stackDirs: report.stackDirs };
}

/** EC2 user data bytes of each host (aws_instance text or base64; launch template base64). */
function userDataBytes(json: { resource?: Record<string, Record<string, Record<string, unknown>>> }): number[] {
  const instances = Object.values(json.resource?.aws_instance ?? {}).map((r) =>
    typeof r.user_data === "string"
      ? Buffer.byteLength(r.user_data)
      : typeof r.user_data_base64 === "string"
        ? Buffer.from(r.user_data_base64, "base64").length
        : 0,
  );
  const templates = Object.values(json.resource?.aws_launch_template ?? {}).map((r) =>
    typeof r.user_data === "string" ? Buffer.from(r.user_data, "base64").length : 0,
  );
  return [...instances, ...templates];
}

function main(): void {
  const list = subjects();
  const rows = new Map<string, Row>();
  const recipes = new Map<string, string>();
  for (let round = 0; round < repeat; round++) {
    for (const subject of list) {
      const outdir = path.join(work, `${round}-${subject.label.replace(/\W+/g, "-")}`);
      const env = measure(subject.job, outdir);
      let row = rows.get(subject.label);
      if (!row) {
        const text = readFileSync(path.join(env.stackDirs[0], "cdk.tf.json"), "utf8");
        const recipe: FloorRecipe = floorRecipe(path.basename(env.stackDirs[0]), text);
        if (subject.job.kind === "app") throw new Error("the app is measured per stack");
        const recipeFile = path.join(work, `${subject.label.replace(/\W+/g, "-")}.recipe.json`);
        writeFileSync(recipeFile, JSON.stringify(recipe));
        recipes.set(subject.label, recipeFile);
        const userData = userDataBytes(JSON.parse(text));
        row = {
          label: subject.label,
          shape: subject.shape,
          hosts: subject.hosts,
          servicesPerHost: subject.servicesPerHost,
          resources: [...recipe.resources, ...recipe.data].reduce((n, b) => n + b.count, 0),
          jsonKiB: recipe.jsonBytes / 1024,
          maxUserDataBytes: userData.length ? Math.max(...userData) : undefined,
          env: [],
          floor: [],
        };
        rows.set(subject.label, row);
      }
      row.env.push(env);
      const floor = measure({ kind: "floor", recipeFile: recipes.get(subject.label) as string }, `${outdir}-floor`);
      row.floorJsonKiB ??= readFileSync(path.join(floor.stackDirs[0], "cdk.tf.json")).length / 1024;
      row.floor.push(floor);
      rmSync(outdir, { recursive: true, force: true });
      rmSync(`${outdir}-floor`, { recursive: true, force: true });
      process.stderr.write(
        `round ${round + 1}/${repeat} ${subject.label}: ${env.wallMs.toFixed(0)} ms ${env.rssMiB.toFixed(0)} MiB | floor ${floor.wallMs.toFixed(0)} ms ${floor.rssMiB.toFixed(0)} MiB\n`,
      );
    }
  }
  const all = [...rows.values()];
  process.stdout.write(`${formatTable(all, repeat)}\n`);
  const misses = checkBudgets(all);
  process.stdout.write(`\n${misses.lines.join("\n")}\n`);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = misses.missed ? 1 : 0;
}

main();
