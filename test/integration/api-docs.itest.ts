import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

test("npm run docs: TypeDoc documents the public API without a warning (warnings are errors)", () => {
  const run = spawnSync("npm", ["run", "--silent", "docs"], { cwd: root, encoding: "utf8" });
  expect(run.stderr + run.stdout).not.toMatch(/\[warning\]|\[error\]/);
  expect(run.status).toBe(0);
  const index = readFileSync(path.join(root, "dist", "docs", "index.html"), "utf8");
  expect(index).toContain("cdktf-docker-environments");
  for (const page of ["classes/DockerHost.html", "classes/MinimalEnvironment.html", "classes/WebEnvironment.html", "functions/assertServiceSettings.html"]) {
    expect(existsSync(path.join(root, "dist", "docs", page))).toBe(true);
  }
}, 300_000);
