import { yaml11Text } from "../yaml-1-1";
import type { HostPlan } from "../../core/host-plan";
import { SpecError } from "../../core/spec-error";
import { shellQuote } from "./bootstrap-shell";
import { hostWhere } from "./host-plan-checks";
import { aptPin, bootstrapSteps, bootstrapSummary } from "./bootstrap-steps";
import type { BootstrapSteps } from "./bootstrap-steps";
import { toolDirectory, toolUserData } from "./tool-user-data";

export interface AnsibleOptions {
  /**
   * The package that provides `ansible-playbook` on the host (Ubuntu 24.04 universe ships
   * ansible-core 2.16); `name=version` pins it.
   * @default "ansible-core"
   */
  readonly ansibleCorePackage?: string;
  /**
   * Where the plan comes from, for error messages.
   * @default "host <plan.name>"
   */
  readonly where?: string;
}

export interface AnsibleBootstrap {
  /** The playbook (YAML), run locally against localhost. */
  readonly playbook: string;
  /** EC2 user data: a bash script that writes the playbook, installs ansible-core and runs it. Pass it through packUserData. */
  readonly userData: string;
}

type Task = Record<string, unknown>;

/**
 * Renders a host plan as an Ansible playbook run locally by the user data
 * (`hosts: localhost`, `connection: local`), with fully qualified ansible.builtin modules only
 * (no collection to install) and `creates:` on every command, so a re-run changes nothing.
 * `ansible.builtin.systemd` is used for services: it is the name every ansible-core from 2.14
 * to today resolves (later releases also call it `systemd_service`).
 */
export function renderAnsiblePlaybook(plan: HostPlan, options: AnsibleOptions = {}): AnsibleBootstrap {
  const where = options.where ?? hostWhere(plan);
  const steps = bootstrapSteps(plan, where);
  const ansibleCore = options.ansibleCorePackage ?? "ansible-core";
  if (!/^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$/.test(ansibleCore)) {
    throw new SpecError(
      where,
      "ansibleCorePackage",
      ansibleCore,
      "not a Debian package name with an optional =version",
      'e.g. "ansible-core" or "ansible-core=2.16.3-0ubuntu2"',
    );
  }
  const playbook = playbookText(steps);
  const dir = toolDirectory("ansible");
  const userData = toolUserData({
    hostName: steps.hostName,
    tool: "Ansible",
    directory: "ansible",
    documents: [{ path: "playbook.yml", content: playbook }],
    install: [`apt-get -q -y install --no-install-recommends ${shellQuote(ansibleCore)}`],
    apply: [`ANSIBLE_LOCALHOST_WARNING=false ansible-playbook --inventory localhost, --connection local ${dir}/playbook.yml`],
  });
  return { playbook, userData };
}

function playbookText(steps: BootstrapSteps): string {
  const repo = steps.engineRepository;
  const tasks: Task[] = [
    {
      name: "Install the OS packages",
      "ansible.builtin.apt": { name: steps.osPackages.map(aptPin), state: "present", update_cache: true },
    },
    {
      name: `Fetch the apt key of ${repo.repository.uri} and check its fingerprint`,
      "ansible.builtin.command": { argv: repo.fetchKeyArgv, creates: repo.keyPath },
    },
    ...steps.directories.map((d) => ({
      name: `Create ${d.path}`,
      "ansible.builtin.file": { path: d.path, state: "directory", owner: d.owner, group: d.group, mode: d.mode },
    })),
    ...steps.files.map((f) => ({
      name: `Write ${f.path}`,
      "ansible.builtin.copy": { dest: f.path, content: f.content, owner: f.owner, group: f.group, mode: f.mode },
    })),
    ...steps.storage.map((s, i) => ({
      name: `Prepare storage, step ${i + 1} of ${steps.storage.length}`,
      "ansible.builtin.command": { argv: s.argv, creates: s.marker },
    })),
    {
      name: "Install the pinned Docker engine",
      "ansible.builtin.apt": { name: steps.enginePackages.map(aptPin), state: "present", update_cache: true, install_recommends: false },
    },
    ...steps.enginePackages.map((p) => ({
      name: `Hold ${p.name}`,
      "ansible.builtin.dpkg_selections": { name: p.name, selection: "hold" },
    })),
    ...[...steps.engineUnits, ...steps.services].map((unit, i) => ({
      name: `Enable and start ${unit}`,
      // The first one reloads systemd so that it sees the unit files written above.
      "ansible.builtin.systemd": { name: unit, enabled: true, state: "started", ...(i === 0 ? { daemon_reload: true } : {}) },
    })),
  ];
  const play = [{ name: `Bootstrap the Docker host ${steps.hostName}`, hosts: "localhost", connection: "local", gather_facts: false, tasks }];
  return `---\n# ${bootstrapSummary(steps, "Ansible")}\n${yaml11Text(play, { lineWidth: 150 })}`;
}
