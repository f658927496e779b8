import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/**
 * The README's ```ts blocks type-check against the library, as a user would import it
 * (`cdktf-docker-environments` mapped to lib/index.ts). Each block is its own module. A fragment may
 * use the names the README's prose introduces (`stack`, `network`, `spec`, …), declared once in a
 * prelude; a block that is deliberately not a program is marked with the line
 * `<!-- not type-checked: <reason> -->` right before it, or written as ```text.
 */
const root = path.resolve(__dirname, "..", "..");
const work = path.join(root, "test", ".readme-blocks"); // git-ignored

const PRELUDE = `import type { TerraformStack } from "cdktf";
import type { ContainerSpec, EnvironmentLayer, Network, PackedUserData } from "cdktf-docker-environments";
declare global {
  /** The stack the README's fragments add to. */
  const stack: TerraformStack;
  /** The network of the AWS examples. */
  const network: Network;
  /** A service, as in the README's first example. */
  const spec: ContainerSpec;
  /** The three configuration layers of a service (lowest precedence first). */
  const cluster: EnvironmentLayer, common: EnvironmentLayer, local: EnvironmentLayer;
  /** A bootstrapper's packed output. */
  const packed: PackedUserData;
}
export {};
`;

interface Block {
  readonly line: number;
  readonly code: string;
}

function readmeBlocks(text: string): { blocks: Block[]; skipped: { line: number; reason: string }[] } {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  const skipped: { line: number; reason: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const marker = /^<!-- not type-checked: (.+) -->$/.exec(lines[i - 1] ?? "") ?? /^<!-- not type-checked: (.+) -->$/.exec(lines[i - 2] ?? "");
    if (marker) skipped.push({ line: start, reason: marker[1] });
    else blocks.push({ line: start, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return { blocks, skipped };
}

test("every ```ts block of README.md type-checks against the library", () => {
  const { blocks } = readmeBlocks(readFileSync(path.join(root, "README.md"), "utf8"));
  expect(blocks.length).toBeGreaterThan(0);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, "prelude.d.ts"), PRELUDE);
  for (const block of blocks) writeFileSync(path.join(work, `readme-line-${block.line}.ts`), `${block.code}\nexport {};\n`);
  writeFileSync(
    path.join(work, "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.json",
      compilerOptions: { noEmit: true, noUnusedLocals: false, noUnusedParameters: false, paths: { "cdktf-docker-environments": ["../../lib/index.ts"] } },
      include: ["*.ts"],
    }),
  );
  let tsc;
  try {
    tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", work, "--pretty", "false"], { cwd: root, encoding: "utf8" });
  } finally {
    // The blocks are not part of the project: `tsc -p .` and eslint must not see them.
    rmSync(work, { recursive: true, force: true });
  }
  // Report each error at its README line: test/.readme-blocks/readme-line-<start>.ts(<line>,<col>) -> README.md:<start + line - 1>.
  const errors = tsc.stdout
    .split("\n")
    .filter((l) => l.includes("error TS"))
    .map((l) =>
      l.replace(/^test\/\.readme-blocks\/readme-line-(\d+)\.ts\((\d+),(\d+)\)/, (_m, start, line, col) => `README.md:${Number(start) + Number(line)}:${col}`),
    );
  expect(errors).toEqual([]);
  expect(tsc.status).toBe(0);
}, 120000);
