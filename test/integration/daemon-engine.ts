/**
 * Starts the private test engine (docker-engine.ts) with a daemon.json rendered by the library.
 * The rendered file is used as is, except for the sandbox's own paths: `data-root` (under the
 * engine's temporary directory, or a test filesystem) and `hosts` (the engine's private socket,
 * plus the config's tcp:// listeners). `expectOnlySandboxPathsDiffer` proves that.
 */
import * as fs from "node:fs";
import { DaemonConfig, renderDaemonJson } from "cdktf-docker-environments";
import type { DaemonConfigProps } from "cdktf-docker-environments";
import { buildTestImage, run, startDockerEngine } from "./docker-engine";
import type { DockerEngine } from "./docker-engine";

/** `props` with the sandbox's data root and hosts (the private socket plus the config's own tcp:// listeners). */
export function sandboxProps(props: DaemonConfigProps, dataRoot: string, socketHost: string): DaemonConfigProps {
  const tcp = (props.hosts ?? []).filter((h) => h.startsWith("tcp://"));
  return { ...props, dataRoot, hosts: [socketHost, ...tcp] };
}

export interface ConfiguredEngine {
  readonly engine: DockerEngine;
  /** The daemon.json dockerd was started with. */
  readonly json: Record<string, unknown>;
  /** The same config as it would be rendered for a real host (no sandbox paths). */
  readonly production: Record<string, unknown>;
}

/** Renders `props` (sandbox paths substituted), starts an engine with it and builds the test image. */
export async function startEngineWith(props: DaemonConfigProps, options: { dataRoot?: string; image?: boolean } = {}): Promise<ConfiguredEngine> {
  const production = JSON.parse(renderDaemonJson(new DaemonConfig(props))) as Record<string, unknown>;
  let json: Record<string, unknown> = {};
  const engine = await startDockerEngine({
    dataRoot: options.dataRoot,
    daemonJson: (paths) => {
      const text = renderDaemonJson(new DaemonConfig(sandboxProps(props, paths.dataRoot, paths.host)));
      json = JSON.parse(text) as Record<string, unknown>;
      return text;
    },
  });
  if (options.image ?? true) {
    try {
      buildTestImage(engine);
    } catch (error) {
      await engine.stop();
      throw error;
    }
  }
  return { engine, json, production };
}

/** The file dockerd ran with equals the production rendering but for data-root and the private socket in hosts. */
export function expectOnlySandboxPathsDiffer(configured: ConfiguredEngine): void {
  const { json, production } = configured;
  const strip = (o: Record<string, unknown>) => {
    const copy = { ...o };
    delete copy["data-root"];
    copy.hosts = ((copy.hosts as string[] | undefined) ?? []).filter((h) => !h.startsWith("unix://"));
    return copy;
  };
  expect(strip(json)).toEqual(strip(production));
  expect(json["data-root"]).toBe(configured.engine.dataRoot);
}

/** `docker info` as JSON. */
export function dockerInfo(engine: DockerEngine): Record<string, unknown> {
  return JSON.parse(engine.dockerOk(["info", "--format", "{{json .}}"])) as Record<string, unknown>;
}

/** The version of the dockerd binary the tests run, e.g. `20.10.24+dfsg1`. */
export function dockerdVersion(): string {
  const out = run(["dockerd", "--version"]).stdout;
  const match = /version (\S+?),/.exec(out);
  if (!match) throw new Error(`cannot read the version from dockerd --version: ${out}`);
  return match[1];
}

/** Process ids of the children of `pid` whose command name is `name`. */
export function childrenNamed(pid: number, name: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid && comm === name) found.push(Number(entry));
    } catch {
      // the process is gone
    }
  }
  return found;
}
