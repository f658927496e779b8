// The cdktf app entry (cdktf.json "app"). Runs the compiled stacks for a fast synth and
// recompiles first when a TypeScript source is newer than its build, so edits are never stale.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "dist", "stacks", "main.js");

function newestSource(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (item.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
const sources = Math.max(newestSource(path.join(root, "lib")), newestSource(path.join(root, "stacks")));
if (sources > built) {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
  fs.utimesSync(entry, new Date(), new Date());
}
require(entry).buildApp().synth();
