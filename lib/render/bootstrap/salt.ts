import { yaml11Text } from "../yaml-1-1";
import type { AptRepository, HostPlan } from "../../core/host-plan";
import { SpecError, SpecErrors } from "../../core/spec-error";
import { aptRepositoryFiles } from "./apt-repository-files";
import { fetchAptKeyArgv, shellCommand, shellQuote } from "./bootstrap-shell";
import { bootstrapSteps, bootstrapSummary } from "./bootstrap-steps";
import type { BootstrapSteps } from "./bootstrap-steps";
import { checkRepository, hostWhere } from "./host-plan-checks";
import { toolDirectory, toolUserData } from "./tool-user-data";

/** The Salt Project's apt repository (packages.broadcom.com) and its 2023 signing key. */
export const SALT_PROJECT_REPOSITORY: AptRepository = {
  name: "salt",
  uri: "https://packages.broadcom.com/artifactory/saltproject-deb",
  suite: "stable",
  components: ["main"],
  keyUrl: "https://packages.broadcom.com/artifactory/api/security/keypair/SaltProjectKey/public",
  keyFingerprint: "10857FFDD3F91EAE577A21D664CBBC8173D76B3F",
};

export interface SaltOptions {
  /**
   * Which Salt releases apt may install (an apt pin on salt-*): the 3006 long-term-support line.
   * @default "3006.*"
   */
  readonly saltVersionPin?: string;
  /**
   * The repository salt-common comes from (Salt is in neither Debian nor Ubuntu).
   * @default SALT_PROJECT_REPOSITORY
   */
  readonly saltRepository?: AptRepository;
  /**
   * Where the plan comes from, for error messages.
   * @default "host <plan.name>"
   */
  readonly where?: string;
}

export interface SaltBootstrap {
  /** The state file `cdktf_docker_host.sls` (YAML, `#!yaml` so that no Jinja touches file contents). */
  readonly states: string;
  /** The top file `top.sls`. */
  readonly top: string;
  /** EC2 user data: a bash script that installs salt-common and runs `salt-call --local state.apply`. Pass it through packUserData. */
  readonly userData: string;
}

/** The state file's name (without .sls). */
export const SALT_STATE_NAME = "cdktf_docker_host";

type State = Record<string, Record<string, unknown>[]>;

/**
 * Renders a host plan as masterless Salt states: every state `require`s the one before, so a
 * failure stops everything after it (no engine on unprepared storage), and commands carry
 * `creates:`. Services rely on Salt's systemd module, which reloads systemd when a unit
 * file changed; `cmd.run` with `onchanges` reloads it explicitly too.
 */
export function renderSaltStates(plan: HostPlan, options: SaltOptions = {}): SaltBootstrap {
  const where = options.where ?? hostWhere(plan);
  const steps = bootstrapSteps(plan, where);
  const repository = options.saltRepository ?? SALT_PROJECT_REPOSITORY;
  const errors = new SpecErrors(where);
  checkRepository(repository, "saltRepository", errors);
  errors.throwIfAny();
  if (repository.name === steps.engineRepository.repository.name) {
    throw new SpecError(where, "saltRepository.name", repository.name, "is the engine repository's name too", 'call it "salt"');
  }
  const pin = options.saltVersionPin ?? "3006.*";
  if (!/^[0-9][0-9.*]*$/.test(pin)) throw new SpecError(where, "saltVersionPin", pin, "not an apt version pattern", 'e.g. "3006.*" or "3007.1"');

  const states = statesText(steps);
  const top = `# ${bootstrapSummary(steps, "Salt")}\n${yaml11Text({ base: { "*": [SALT_STATE_NAME] } })}`;
  const dir = toolDirectory("salt");
  const { keyPath, sourcesPath, sourcesContent } = aptRepositoryFiles(repository, "the Salt project's apt repository");
  const userData = toolUserData({
    hostName: steps.hostName,
    tool: "Salt (masterless salt-call)",
    directory: "salt",
    documents: [
      { path: "states/top.sls", content: top },
      { path: `states/${SALT_STATE_NAME}.sls`, content: states },
    ],
    install: [
      "apt-get -q -y install --no-install-recommends ca-certificates curl gnupg",
      shellCommand(fetchAptKeyArgv(repository.keyUrl, repository.keyFingerprint, keyPath)),
      `printf '%s' ${shellQuote(sourcesContent)} >${sourcesPath}`,
      `printf '%s\\n' 'Package: salt-*' ${shellQuote(`Pin: version ${pin}`)} 'Pin-Priority: 1001' >/etc/apt/preferences.d/salt-pin-1001`,
      "apt-get -q update",
      "apt-get -q -y install --no-install-recommends salt-common",
    ],
    apply: [`salt-call --local --retcode-passthrough --file-root ${dir}/states state.apply`],
  });
  return { states, top, userData };
}

function statesText(steps: BootstrapSteps): string {
  const states: [string, State][] = [];
  const add = (id: string, fn: string, args: Record<string, unknown>[]) => {
    const previous = states[states.length - 1];
    if (previous) {
      const [prevId, prevState] = previous;
      args.push({ require: [{ [Object.keys(prevState)[0].split(".")[0]]: prevId }] });
    }
    states.push([id, { [fn]: args }]);
  };
  add("cdktf-os-packages", "pkg.installed", [
    { pkgs: steps.osPackages.map((p) => (p.version === undefined ? p.name : { [p.name]: p.version })) },
    { refresh: true },
  ]);
  const repo = steps.engineRepository;
  add("cdktf-engine-repository-key", "cmd.run", [{ name: shellCommand(repo.fetchKeyArgv) }, { creates: repo.keyPath }]);
  for (const d of steps.directories) add(d.path, "file.directory", [{ user: d.owner }, { group: d.group }, { mode: d.mode }, { makedirs: true }]);
  for (const f of steps.files)
    add(f.path, "file.managed", [
      { contents: f.content },
      { contents_newline: false },
      { user: f.owner },
      { group: f.group },
      { mode: f.mode },
      { makedirs: true },
    ]);
  steps.storage.forEach((s, i) => add(`cdktf-storage-${i + 1}`, "cmd.run", [{ name: shellCommand(s.argv) }, { creates: s.marker }]));
  add("cdktf-engine-packages", "pkg.installed", [
    { pkgs: steps.enginePackages.map((p) => (p.version === undefined ? p.name : { [p.name]: p.version })) },
    { refresh: true },
    { install_recommends: false },
    { hold: true },
  ]);
  const unitFiles = steps.files.filter((f) => f.path.startsWith("/etc/systemd/")).map((f) => ({ file: f.path }));
  add("cdktf-systemd-daemon-reload", "cmd.run", [{ name: "systemctl daemon-reload" }, ...(unitFiles.length ? [{ onchanges: unitFiles }] : [])]);
  for (const unit of [...steps.engineUnits, ...steps.services]) add(unit, "service.running", [{ enable: true }]);
  // `#!yaml`: render with YAML only; the default Jinja pass would expand {{ }} in file contents.
  return `#!yaml\n# ${bootstrapSummary(steps, "Salt")}\n${yaml11Text(Object.fromEntries(states))}`;
}
