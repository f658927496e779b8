import type { HostPlan } from "../../core/host-plan";
import { SpecError } from "../../core/spec-error";
import { shellQuote } from "./bootstrap-shell";
import { hostWhere } from "./host-plan-checks";
import { bootstrapSteps, bootstrapSummary } from "./bootstrap-steps";
import type { BootstrapSteps } from "./bootstrap-steps";
import { toolDirectory, toolUserData } from "./tool-user-data";

export interface PuppetOptions {
  /**
   * The package that provides `puppet` on the host (Ubuntu 24.04 universe ships Puppet 8 as
   * puppet-agent); `name=version` pins it.
   * @default "puppet-agent"
   */
  readonly puppetPackage?: string;
  /**
   * Where the plan comes from, for error messages.
   * @default "host <plan.name>"
   */
  readonly where?: string;
}

export interface PuppetBootstrap {
  /** The manifest for `puppet apply`. */
  readonly manifest: string;
  /** EC2 user data: a bash script that installs Puppet and runs `puppet apply`. Pass it through packUserData. */
  readonly userData: string;
}

type Value = string | boolean | string[] | { ref: string };

interface Resource {
  readonly type: string;
  readonly title: string;
  readonly attributes: [string, Value][];
}

const EXEC_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/**
 * Renders a host plan as a Puppet manifest for `puppet apply`. Every resource `require`s the
 * one before it, so a failure skips everything after it (no engine on unprepared storage);
 * commands are argv arrays (no shell in between) with `creates`, and the engine packages are
 * held (`mark => hold`). The user data runs `puppet apply --detailed-exitcodes` and fails on
 * any failed resource (plain `puppet apply` exits 0 even then).
 */
export function renderPuppetManifest(plan: HostPlan, options: PuppetOptions = {}): PuppetBootstrap {
  const where = options.where ?? hostWhere(plan);
  const steps = bootstrapSteps(plan, where);
  const puppetPackage = options.puppetPackage ?? "puppet-agent";
  if (!/^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$/.test(puppetPackage)) {
    throw new SpecError(where, "puppetPackage", puppetPackage, "not a Debian package name with an optional =version", 'e.g. "puppet-agent"');
  }
  const manifest = manifestText(steps);
  const dir = toolDirectory("puppet");
  const userData = toolUserData({
    hostName: steps.hostName,
    tool: "Puppet (puppet apply)",
    directory: "puppet",
    documents: [{ path: "site.pp", content: manifest }],
    install: [`apt-get -q -y install --no-install-recommends ${shellQuote(puppetPackage)}`],
    apply: [
      // --detailed-exitcodes: 0 nothing changed, 2 changes applied, 4 or 6 failures.
      "status=0",
      `puppet apply --detailed-exitcodes --color=false ${dir}/site.pp || status=$?`,
      'if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then',
      '  echo "puppet apply failed (exit $status)" >&2',
      '  exit "$status"',
      "fi",
    ],
  });
  return { manifest, userData };
}

/** The manifest's resources, in order (exported for tests that read them back). */
export function puppetResources(steps: BootstrapSteps): Resource[] {
  const resources: Resource[] = [];
  const add = (type: string, title: string, attributes: [string, Value][]) => {
    const previous = resources[resources.length - 1];
    if (previous) attributes.push(["require", { ref: `${capitalise(previous.type)}['${escape(previous.title)}']` }]);
    resources.push({ type, title, attributes });
  };
  for (const p of steps.osPackages) add("package", p.name, [["ensure", p.version ?? "installed"]]);
  const repo = steps.engineRepository;
  add("exec", "cdktf-engine-repository-key", [
    ["command", repo.fetchKeyArgv],
    ["creates", repo.keyPath],
    ["path", EXEC_PATH],
  ]);
  for (const d of steps.directories)
    add("file", d.path, [
      ["ensure", "directory"],
      ["owner", d.owner],
      ["group", d.group],
      ["mode", d.mode],
    ]);
  for (const f of steps.files)
    add("file", f.path, [
      ["ensure", "file"],
      ["owner", f.owner],
      ["group", f.group],
      ["mode", f.mode],
      ["content", f.content],
    ]);
  steps.storage.forEach((s, i) =>
    add("exec", `cdktf-storage-${i + 1}`, [
      ["command", s.argv],
      ["creates", s.marker],
      ["path", EXEC_PATH],
    ]),
  );
  add("exec", "cdktf-engine-apt-update", [
    ["command", ["/usr/bin/apt-get", "-q", "update"]],
    ["refreshonly", true],
    ["subscribe", { ref: `[Exec['cdktf-engine-repository-key'], File['${escape(repo.sourcesFile.path)}']]` }],
  ]);
  for (const p of steps.enginePackages) {
    add("package", p.name, [
      ["ensure", p.version ?? "installed"],
      ["mark", "hold"],
      ["install_options", ["--no-install-recommends"]],
    ]);
  }
  const units = steps.files.filter((f) => f.path.startsWith("/etc/systemd/")).map((f) => `File['${escape(f.path)}']`);
  add("exec", "cdktf-systemd-daemon-reload", [
    ["command", ["/usr/bin/systemctl", "daemon-reload"]],
    ["refreshonly", true],
    ...(units.length ? ([["subscribe", { ref: `[${units.join(", ")}]` }]] as [string, Value][]) : []),
  ]);
  for (const unit of [...steps.engineUnits, ...steps.services])
    add("service", unit, [
      ["ensure", "running"],
      ["enable", true],
      ["provider", "systemd"],
    ]);
  return resources;
}

function manifestText(steps: BootstrapSteps): string {
  const blocks = puppetResources(steps).map((r) => {
    const width = Math.max(...r.attributes.map(([name]) => name.length));
    const lines = r.attributes.map(([name, value]) => `  ${name.padEnd(width)} => ${puppetValue(value)},`);
    return `${r.type} { '${escape(r.title)}':\n${lines.join("\n")}\n}`;
  });
  return `# ${bootstrapSummary(steps, "Puppet")}\n\n${blocks.join("\n\n")}\n`;
}

function puppetValue(value: Value): string {
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return `'${escape(value)}'`;
  if (Array.isArray(value)) return `[${value.map((v) => `'${escape(v)}'`).join(", ")}]`;
  return value.ref;
}

/** A Puppet single-quoted string keeps everything but `\\` and `\'`. */
function escape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
}

function capitalise(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}
