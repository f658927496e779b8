/**
 * A stand-in for `systemctl` for the deploy tests, which run where systemd is not PID 1: it runs
 * a unit's commands the way systemd runs them (test/support/systemd-exec.ts: EnvironmentFile=
 * layers merged in order, Exec lines split, unquoted and expanded as systemd does) against the
 * private Docker engine, and keeps the "service" process id in a state directory. It implements
 * what the deploy script calls: daemon-reload, enable, disable [--now], restart, stop,
 * is-active --quiet, is-failed --quiet. Every host path is read under CDKTFDE_ROOT.
 *
 * One step differs from systemd, and the test says so: the unit's `docker pull` is replaced by
 * `docker image inspect` (the test images exist only in the private engine; no registry is reachable).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const SCRIPT = String.raw`#!/usr/bin/env node
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");
const { execArgv, parseExecLine, unitValues, mergeEnvironmentFiles } = require("./systemd-exec.js");

const root = process.env.CDKTFDE_ROOT || "";
const stateDir = path.join(root, "run", "fake-systemd");
fs.mkdirSync(stateDir, { recursive: true });
const args = process.argv.slice(2).filter((a) => a !== "--quiet");
const log = (text) => fs.appendFileSync(path.join(stateDir, "calls.log"), text + "\n");
log(process.argv.slice(2).join(" "));
const pidFile = (unit) => path.join(stateDir, unit + ".pid");
const alive = (unit) => {
  if (!fs.existsSync(pidFile(unit))) return false;
  const pid = Number(fs.readFileSync(pidFile(unit), "utf8"));
  try { process.kill(pid, 0); } catch { return false; }
  const stat = fs.readFileSync("/proc/" + pid + "/stat", "utf8");
  return !/^\d+ \(.*\) Z /.test(stat);
};
const unitText = (unit) => fs.readFileSync(path.join(root, "etc/systemd/system", unit), "utf8");
const environment = (unit) => {
  const text = unitText(unit);
  const files = unitValues(text, "EnvironmentFile").map((f) => fs.readFileSync(path.join(root, f), "utf8"));
  return { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ...mergeEnvironmentFiles(files), DOCKER_HOST: process.env.DOCKER_HOST };
};
const runLine = (line, env) => {
  const { prefix } = parseExecLine(line);
  let argv = execArgv(line, env);
  if (argv[0] === "/usr/bin/docker" && argv[1] === "pull") argv = ["/usr/bin/docker", "image", "inspect", argv[2]];
  const result = spawnSync(argv[0], argv.slice(1), { env, encoding: "utf8", timeout: 120000 });
  log("  " + argv.join(" ") + " -> " + result.status + (result.stderr ? " " + result.stderr.trim() : ""));
  if (result.status !== 0 && !prefix.includes("-")) throw new Error(line + " failed: " + result.stderr);
};
const waitExit = (unit, ms) => {
  const deadline = Date.now() + ms;
  while (alive(unit) && Date.now() < deadline) spawnSync("sleep", ["0.2"]);
};
const stop = (unit) => {
  if (!alive(unit)) return;
  const env = environment(unit);
  for (const line of unitValues(unitText(unit), "ExecStop")) runLine(line, env);
  waitExit(unit, 30000);
  if (alive(unit)) process.kill(Number(fs.readFileSync(pidFile(unit), "utf8")), "SIGKILL");
};
const start = (unit) => {
  const env = environment(unit);
  const text = unitText(unit);
  for (const line of unitValues(text, "ExecStartPre")) runLine(line, env);
  const [line] = unitValues(text, "ExecStart");
  const argv = execArgv(line, env);
  const out = fs.openSync(path.join(stateDir, unit + ".log"), "a");
  const child = spawn(argv[0], argv.slice(1), { env, detached: true, stdio: ["ignore", out, out] });
  fs.writeFileSync(pidFile(unit), String(child.pid));
  child.unref();
  log("  started " + argv.slice(0, 4).join(" ") + " ... pid " + child.pid);
};
const [command, ...rest] = args;
const unit = rest.filter((a) => !a.startsWith("--")).pop();
try {
  switch (command) {
    case "daemon-reload":
    case "enable":
      process.exit(0);
    case "disable":
      if (rest.includes("--now")) stop(unit);
      process.exit(0);
    case "stop":
      stop(unit);
      process.exit(0);
    case "restart":
      stop(unit);
      start(unit);
      process.exit(0);
    case "is-active":
      process.exit(alive(unit) ? 0 : 3);
    case "is-failed":
      process.exit(fs.existsSync(pidFile(unit)) && !alive(unit) ? 0 : 1);
    default:
      console.error("fake systemctl: unsupported " + args.join(" "));
      process.exit(2);
  }
} catch (error) {
  console.error("fake systemctl: " + error.message);
  process.exit(1);
}
`;

/** Writes `systemctl` (and the transpiled systemd-exec helper it uses) into `binDir`. */
export function installFakeSystemctl(binDir: string): void {
  fs.mkdirSync(binDir, { recursive: true });
  const source = fs.readFileSync(path.join(__dirname, "..", "..", "lib", "testing", "systemd-exec.ts"), "utf8");
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(path.join(binDir, "systemd-exec.js"), js);
  fs.writeFileSync(path.join(binDir, "systemctl"), SCRIPT, { mode: 0o755 });
}
