import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { HostFile } from "../../lib/core/host-plan";
import type { HostState, PuppetResource } from "../support/bootstrap-readers";

/** Runs a program; returns status and output. */
export function runTool(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    input: options.input,
    env: options.env ?? process.env,
    cwd: options.cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

// ---------------------------------------------------------------------------------------------
// Puppet: resources as the real parser sees them (`puppet parser dump --format json`, the PN
// format: {"^": [operator, ...operands]} for calls and {"#": [key, value, ...]} for maps).

type Pn = unknown;

function call(node: Pn): [string, ...Pn[]] | undefined {
  return node !== null && typeof node === "object" && "^" in (node as object) ? ((node as { "^": [string, ...Pn[]] })["^"] as [string, ...Pn[]]) : undefined;
}

function map(node: Pn): Record<string, Pn> {
  const entries = (node as { "#": Pn[] })["#"];
  const out: Record<string, Pn> = {};
  for (let i = 0; i < entries.length; i += 2) out[entries[i] as string] = entries[i + 1];
  return out;
}

function puppetValue(node: Pn): string | boolean | string[] {
  if (typeof node === "string" || typeof node === "boolean") return node;
  const c = call(node);
  if (c?.[0] === "array") return c.slice(1).map((v) => (typeof v === "string" ? v : String(puppetValue(v))));
  if (c?.[0] === "access") return `${call(c[1])?.[1]}['${c[2]}']`;
  throw new Error(`unexpected value in the parsed manifest: ${JSON.stringify(node)}`);
}

/** The manifest's resource declarations, parsed by Puppet itself. */
export function puppetParsedResources(manifestPath: string): PuppetResource[] {
  const dump = runTool("puppet", ["parser", "dump", "--format", "json", manifestPath]);
  if (dump.status !== 0) throw new Error(`puppet parser dump failed: ${dump.output}`);
  const root = JSON.parse(dump.stdout) as Pn;
  const top = call(root);
  const statements = top?.[0] === "block" ? top.slice(1) : [root];
  return statements.map((statement) => {
    const resource = call(statement);
    if (resource?.[0] !== "resource") throw new Error(`not a resource declaration: ${JSON.stringify(statement).slice(0, 200)}`);
    const body = map(resource[1]);
    const [only] = body.bodies as Pn[];
    const { title, ops } = map(only);
    const attributes: Record<string, string | boolean | string[]> = {};
    for (const op of ops as Pn[]) {
      const [arrow, name, value] = call(op) as [string, string, Pn];
      if (arrow !== "=>") throw new Error(`unexpected operation ${arrow}`);
      attributes[name] = puppetValue(value);
    }
    return { type: call(body.type)?.[1] as string, title: title as string, attributes };
  });
}

// ---------------------------------------------------------------------------------------------
// Chef: the generic recipe evaluated by real Ruby with a recording DSL in place of Chef's, fed
// the rendered JSON attributes: the resources it declares, in order, with their properties.

const RECORDER = `
require 'json'
class Recorder < BasicObject
  attr_reader :props
  def initialize; @props = {}; end
  def method_missing(name, *args)
    ::Kernel.raise ::ArgumentError, "#{name} takes one value" unless args.length == 1
    @props[name.to_s] = args[0]
  end
end
$resources = []
$node = JSON.parse(File.read(ARGV[0]))
Object.send(:define_method, :node) { $node }
%w[apt_update apt_package execute directory file service].each do |type|
  Object.send(:define_method, type) do |name, &block|
    recorder = Recorder.new
    recorder.instance_eval(&block) if block
    $resources << { 'type' => type, 'name' => name, 'properties' => recorder.props }
  end
end
load ARGV[1]
puts JSON.generate($resources)
`;

export interface ChefResource {
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
}

export function chefRecordedResources(dir: string, attributesJson: string, recipe: string): ChefResource[] {
  fs.writeFileSync(path.join(dir, "recorder.rb"), RECORDER);
  fs.writeFileSync(path.join(dir, "attributes.json"), attributesJson);
  fs.writeFileSync(path.join(dir, "recipe.rb"), recipe);
  const result = runTool("ruby", [path.join(dir, "recorder.rb"), path.join(dir, "attributes.json"), path.join(dir, "recipe.rb")]);
  if (result.status !== 0) throw new Error(`the recipe failed under the recording DSL: ${result.output}`);
  return JSON.parse(result.stdout) as ChefResource[];
}

/** The host state the recorded Chef resources produce. */
export function hostStateFromChef(resources: ChefResource[]): HostState {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const pin = (r: ChefResource) => (r.properties.version === undefined ? r.name : `${r.name}=${r.properties.version}`);
  const executes = of("execute");
  const key = executes.find((e) => (e.properties.command as string[])[4] === "fetch-apt-key") as ChefResource;
  const packages = of("apt_package");
  const locked = packages.filter((p) => JSON.stringify(p.properties.action) === '["install","lock"]');
  return {
    osPackages: packages.filter((p) => p.properties.action === "install").map(pin),
    keyFetchArgv: key.properties.command as string[],
    keyPath: key.properties.creates as string,
    directories: of("directory").map((d) => ({
      path: d.name,
      mode: d.properties.mode as string,
      owner: d.properties.owner as string,
      group: d.properties.group as string,
    })),
    files: of("file").map((f): HostFile => ({
      path: f.name,
      mode: f.properties.mode as string,
      owner: f.properties.owner as string,
      group: f.properties.group as string,
      content: f.properties.content as string,
    })),
    storage: executes
      .filter((e) => (e.properties.command as string[])[4] === "prepare-storage")
      .map((e) => ({ argv: e.properties.command as string[], marker: e.properties.creates as string })),
    enginePackages: locked.map(pin),
    held: locked.map((p) => p.name),
    services: of("service")
      .filter((s) => JSON.stringify(s.properties.action) === '["enable","start"]')
      .map((s) => s.name),
  };
}
