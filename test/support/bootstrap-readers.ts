import { YAML11_SCHEMA, load } from "js-yaml";
import type { HostFile } from "../../lib/core/host-plan";

/** YAML as PyYAML reads it (cloud-init, Ansible and Salt use it): YAML 1.1, where `12:30` is a number and `1e3` a string. */
function parse(text: string): unknown {
  return load(text, { schema: YAML11_SCHEMA });
}

/**
 * What a bootstrapper's output does to a host, read back from the output itself (YAML for
 * cloud-init, Ansible and Salt; the JSON attributes for Chef; the manifest for Puppet), so
 * that tests can compare the five renderings with each other and with the plan.
 */
export interface HostState {
  readonly osPackages: string[];
  /** argv of the step that fetches and checks the engine repository key. */
  readonly keyFetchArgv: string[];
  readonly keyPath: string;
  /** Directories created explicitly (cloud-init's write_files creates parents itself: undefined). */
  readonly directories?: { path: string; mode: string; owner: string; group: string }[];
  readonly files: HostFile[];
  /** Storage steps: the argv run and the marker that guards it. */
  readonly storage: { argv: string[]; marker: string }[];
  readonly enginePackages: string[];
  readonly held: string[];
  /** Units enabled and started, in order. */
  readonly services: string[];
}

/** The plan's storage command inside a run-once argv (`/bin/sh -eu -c RUNNER prepare-storage COMMAND MARKER`). */
export function storageCommand(argv: string[]): string {
  if (argv.length !== 7 || argv[4] !== "prepare-storage") throw new Error(`not a storage step: ${JSON.stringify(argv)}`);
  return argv[5];
}

/** Splits a POSIX shell command line made of bare words and single-quoted strings ('\'' for a quote). */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      word = (word ?? "") + line[++i];
    } else if (c === " " || c === "\n" || c === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (/[A-Za-z0-9_@%+=:,./-]/.test(c)) {
      word = (word ?? "") + c;
    } else {
      throw new Error(`unexpected ${JSON.stringify(c)} at ${i} in a rendered command line: ${line}`);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

type Obj = Record<string, unknown>;

export function readCloudInit(cloudConfig: string): HostState {
  if (!cloudConfig.startsWith("#cloud-config\n")) throw new Error("not a #cloud-config document");
  const doc = parse(cloudConfig) as Obj;
  const runcmd = doc.runcmd as (string | string[])[];
  const argvs = runcmd.filter((c): c is string[] => Array.isArray(c));
  const install = argvs.find((c) => c.includes("install") && c.includes("apt-get")) as string[];
  const key = argvs.find((c) => c[4] === "fetch-apt-key") as string[];
  return {
    osPackages: (doc.packages as (string | string[])[]).map((p) => (Array.isArray(p) ? `${p[0]}=${p[1]}` : p)),
    keyFetchArgv: key,
    keyPath: key[7],
    files: (doc.write_files as Obj[]).map((f) => {
      const [owner, group] = String(f.owner).split(":");
      return { path: f.path as string, mode: f.permissions as string, owner, group, content: f.content as string };
    }),
    storage: argvs.filter((c) => c[4] === "prepare-storage").map((argv) => ({ argv, marker: argv[6] })),
    enginePackages: install.slice(install.indexOf("--no-install-recommends") + 1),
    held: (argvs.find((c) => c[0] === "apt-mark") as string[]).slice(2),
    services: argvs.filter((c) => c[0] === "systemctl" && c[1] === "enable").map((c) => c[3]),
  };
}

export function readAnsible(playbook: string): HostState {
  const [play] = parse(playbook) as Obj[];
  const tasks = play.tasks as Obj[];
  const withModule = (module: string) => tasks.filter((t) => module in t).map((t) => t[module] as Obj);
  const apts = withModule("ansible.builtin.apt");
  const commands = withModule("ansible.builtin.command");
  const key = commands.find((c) => (c.argv as string[])[4] === "fetch-apt-key") as Obj;
  return {
    osPackages: apts[0].name as string[],
    keyFetchArgv: key.argv as string[],
    keyPath: key.creates as string,
    directories: withModule("ansible.builtin.file").map((d) => ({
      path: d.path as string,
      mode: d.mode as string,
      owner: d.owner as string,
      group: d.group as string,
    })),
    files: withModule("ansible.builtin.copy").map((f) => ({
      path: f.dest as string,
      mode: f.mode as string,
      owner: f.owner as string,
      group: f.group as string,
      content: f.content as string,
    })),
    storage: commands.filter((c) => (c.argv as string[])[4] === "prepare-storage").map((c) => ({ argv: c.argv as string[], marker: c.creates as string })),
    enginePackages: apts[1].name as string[],
    held: withModule("ansible.builtin.dpkg_selections")
      .filter((d) => d.selection === "hold")
      .map((d) => d.name as string),
    services: withModule("ansible.builtin.systemd")
      .filter((s) => s.enabled === true && s.state === "started")
      .map((s) => s.name as string),
  };
}

/** Salt states as [id, function, merged arguments], in file order. */
export function saltStates(states: string): [string, string, Obj][] {
  const doc = parse(states) as Record<string, Record<string, Obj[]>>;
  return Object.entries(doc).map(([id, body]) => {
    const [fn, args] = Object.entries(body)[0];
    return [id, fn, Object.assign({}, ...args) as Obj];
  });
}

function pins(pkgs: (string | Obj)[]): string[] {
  return pkgs.map((p) => (typeof p === "string" ? p : Object.entries(p).map(([n, v]) => `${n}=${v}`)[0]));
}

export function readSalt(states: string): HostState {
  const all = saltStates(states);
  const of = (fn: string) => all.filter(([, f]) => f === fn);
  const commands = of("cmd.run").map(([, , a]) => ({ argv: splitShellWords(a.name as string), creates: a.creates as string }));
  const key = commands.find((c) => c.argv[4] === "fetch-apt-key") as { argv: string[]; creates: string };
  const packages = of("pkg.installed");
  return {
    osPackages: pins(packages[0][2].pkgs as string[]),
    keyFetchArgv: key.argv,
    keyPath: key.creates,
    directories: of("file.directory").map(([id, , a]) => ({ path: id, mode: a.mode as string, owner: a.user as string, group: a.group as string })),
    files: of("file.managed").map(([id, , a]) => {
      if (a.contents_newline !== false) throw new Error(`${id}: contents_newline must be false, or Salt adds a newline`);
      return { path: id, mode: a.mode as string, owner: a.user as string, group: a.group as string, content: a.contents as string };
    }),
    storage: commands.filter((c) => c.argv[4] === "prepare-storage").map((c) => ({ argv: c.argv, marker: c.creates })),
    enginePackages: pins(packages[1][2].pkgs as string[]),
    held: packages[1][2].hold === true ? pins(packages[1][2].pkgs as string[]).map((p) => p.split("=")[0]) : [],
    services: of("service.running")
      .filter(([, , a]) => a.enable === true)
      .map(([id]) => id),
  };
}

/** Chef: the recipe is generic (checked by running it in Ruby in the integration tests); the attributes carry the host. */
export function readChef(attributesJson: string): HostState {
  const host = (JSON.parse(attributesJson) as Obj).cdktf_docker_host as Obj;
  const pin = (p: Obj) => (p.version === undefined ? (p.name as string) : `${p.name}=${p.version}`);
  const repo = host.engine_repository as Obj;
  return {
    osPackages: (host.os_packages as Obj[]).map(pin),
    keyFetchArgv: repo.fetch_key_argv as string[],
    keyPath: repo.key_path as string,
    directories: host.directories as HostState["directories"],
    files: host.files as HostFile[],
    storage: (host.storage as Obj[]).map((s) => ({ argv: s.argv as string[], marker: s.marker as string })),
    enginePackages: (host.engine_packages as Obj[]).map(pin),
    // The recipe installs every engine package with action [:install, :lock].
    held: (host.engine_packages as Obj[]).map((p) => p.name as string),
    services: [...(host.engine_units as string[]), ...(host.services as string[])],
  };
}

/** One Puppet resource: type, title and attributes (strings, booleans, string arrays, or references kept as text). */
export interface PuppetResource {
  readonly type: string;
  readonly title: string;
  readonly attributes: Record<string, string | boolean | string[]>;
}

/** Reads back a state from Puppet resources, however they were parsed. */
export function hostStateFromPuppet(resources: PuppetResource[]): HostState {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const execs = of("exec");
  const key = execs.find((e) => (e.attributes.command as string[])[4] === "fetch-apt-key") as PuppetResource;
  const packages = of("package");
  const pin = (p: PuppetResource) => (p.attributes.ensure === "installed" ? p.title : `${p.title}=${p.attributes.ensure}`);
  const files = of("file");
  return {
    osPackages: packages.filter((p) => p.attributes.mark !== "hold").map(pin),
    keyFetchArgv: key.attributes.command as string[],
    keyPath: key.attributes.creates as string,
    directories: files
      .filter((f) => f.attributes.ensure === "directory")
      .map((f) => ({ path: f.title, mode: f.attributes.mode as string, owner: f.attributes.owner as string, group: f.attributes.group as string })),
    files: files
      .filter((f) => f.attributes.ensure === "file")
      .map((f) => ({
        path: f.title,
        mode: f.attributes.mode as string,
        owner: f.attributes.owner as string,
        group: f.attributes.group as string,
        content: f.attributes.content as string,
      })),
    storage: execs
      .filter((e) => (e.attributes.command as string[])[4] === "prepare-storage")
      .map((e) => ({ argv: e.attributes.command as string[], marker: e.attributes.creates as string })),
    enginePackages: packages.filter((p) => p.attributes.mark === "hold").map(pin),
    held: packages.filter((p) => p.attributes.mark === "hold").map((p) => p.title),
    services: of("service")
      .filter((s) => s.attributes.ensure === "running" && s.attributes.enable === true)
      .map((s) => s.title),
  };
}

/**
 * Reads the resource declarations of a rendered manifest: `type { 'title': name => value, ... }`
 * with single-quoted strings, arrays of them, booleans and resource references.
 */
export function readPuppetManifest(manifest: string): PuppetResource[] {
  const resources: PuppetResource[] = [];
  let i = 0;
  const skip = () => {
    while (i < manifest.length) {
      if (/\s/.test(manifest[i])) i++;
      else if (manifest[i] === "#") i = manifest.indexOf("\n", i) < 0 ? manifest.length : manifest.indexOf("\n", i);
      else break;
    }
  };
  const word = () => {
    skip();
    const m = /^[A-Za-z_][A-Za-z0-9_:]*/.exec(manifest.slice(i));
    if (!m) throw new Error(`expected a word at ${i}: ${manifest.slice(i, i + 40)}`);
    i += m[0].length;
    return m[0];
  };
  const expect = (text: string) => {
    skip();
    if (!manifest.startsWith(text, i)) throw new Error(`expected ${text} at ${i}: ${manifest.slice(i, i + 40)}`);
    i += text.length;
  };
  const quoted = () => {
    expect("'");
    let out = "";
    while (manifest[i] !== "'") {
      if (manifest[i] === "\\" && (manifest[i + 1] === "\\" || manifest[i + 1] === "'")) i++;
      out += manifest[i++];
    }
    i++;
    return out;
  };
  const value = (): string | boolean | string[] => {
    skip();
    if (manifest[i] === "'") return quoted();
    if (manifest[i] === "[") {
      i++;
      const items: string[] = [];
      for (skip(); manifest[i] !== "]"; skip()) {
        const item = value();
        items.push(typeof item === "string" ? item : JSON.stringify(item));
        skip();
        if (manifest[i] === ",") i++;
      }
      i++;
      return items;
    }
    const w = word();
    if (w === "true" || w === "false") return w === "true";
    expect("[");
    const title = quoted();
    expect("]");
    return `${w}['${title}']`;
  };
  for (skip(); i < manifest.length; skip()) {
    const type = word();
    expect("{");
    skip();
    const title = quoted();
    expect(":");
    const attributes: Record<string, string | boolean | string[]> = {};
    for (skip(); manifest[i] !== "}"; skip()) {
      const name = word();
      expect("=>");
      attributes[name] = value();
      skip();
      if (manifest[i] === ",") i++;
    }
    i++;
    resources.push({ type, title, attributes });
  }
  return resources;
}
