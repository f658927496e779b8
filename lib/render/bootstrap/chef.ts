import type { HostPlan } from "../../core/host-plan";
import { SpecError } from "../../core/spec-error";
import { shellQuote } from "./bootstrap-shell";
import { hostWhere } from "./host-plan-checks";
import { bootstrapSteps } from "./bootstrap-steps";
import type { BootstrapSteps } from "./bootstrap-steps";
import { toolDirectory, toolUserData } from "./tool-user-data";

export interface ChefOptions {
  /**
   * The Cinc Client (the community build of Chef Infra Client) version the omnitruck installer
   * installs: a major version takes its newest release, a full version pins it.
   * @default "18"
   */
  readonly cincVersion?: string;
  /**
   * Where the plan comes from, for error messages.
   * @default "host <plan.name>"
   */
  readonly where?: string;
}

export interface ChefBootstrap {
  /** The recipe (Ruby): generic, it reads everything from the node attributes. */
  readonly recipe: string;
  /** The JSON attributes (`cinc-solo --json-attributes`): the host's steps and the run list. */
  readonly attributes: string;
  /** The cookbook's metadata.rb. */
  readonly metadata: string;
  /** The solo.rb configuration. */
  readonly soloConfig: string;
  /** EC2 user data: a bash script that writes the cookbook, installs Cinc and runs cinc-solo. Pass it through packUserData. */
  readonly userData: string;
}

/** The cookbook's name, and the attribute key the recipe reads. */
export const CHEF_COOKBOOK = "cdktf_docker_host";

/**
 * The recipe: the same steps, in the same order, as every bootstrapper (see BootstrapSteps).
 * Resources run in the order declared; a failure stops the run.
 */
const RECIPE = `# Rendered by cdktf-docker-environments: bootstraps a Docker host from node['${CHEF_COOKBOOK}'] (see attributes.json).
host = node['${CHEF_COOKBOOK}']

apt_update 'os packages' do
  action :update
end

host['os_packages'].each do |pin|
  apt_package pin['name'] do
    version pin['version'] if pin['version']
    action :install
  end
end

execute 'fetch and check the engine repository key' do
  command host['engine_repository']['fetch_key_argv']
  creates host['engine_repository']['key_path']
end

host['directories'].each do |dir|
  directory dir['path'] do
    owner dir['owner']
    group dir['group']
    mode dir['mode']
  end
end

host['files'].each do |f|
  file f['path'] do
    content f['content']
    owner f['owner']
    group f['group']
    mode f['mode']
  end
end

host['storage'].each_with_index do |step, i|
  execute "prepare storage, step #{i + 1}" do
    command step['argv']
    creates step['marker']
  end
end

apt_update 'engine repository' do
  action :update
end

host['engine_packages'].each do |pin|
  apt_package pin['name'] do
    version pin['version'] if pin['version']
    options '--no-install-recommends'
    action %i(install lock)
  end
end

execute 'systemctl daemon-reload' do
  command %w(systemctl daemon-reload)
end

(host['engine_units'] + host['services']).each do |unit|
  service unit do
    action %i(enable start)
  end
end
`;

/**
 * Renders a host plan for Chef (as Cinc, run by chef-solo in local mode): a generic recipe,
 * the plan's steps as JSON attributes, and the user data that installs Cinc with its omnitruck
 * installer (which checks the package's SHA-256) and runs `cinc-solo`.
 */
export function renderChefRecipe(plan: HostPlan, options: ChefOptions = {}): ChefBootstrap {
  const where = options.where ?? hostWhere(plan);
  const steps = bootstrapSteps(plan, where);
  const version = options.cincVersion ?? "18";
  if (!/^\d+(\.\d+){0,2}$/.test(version)) {
    throw new SpecError(where, "cincVersion", version, "not a Cinc Client version", 'give a major version ("18") or a full one ("18.6.2")');
  }
  const dir = toolDirectory("chef");
  const attributes = `${JSON.stringify({ [CHEF_COOKBOOK]: chefAttributes(steps), run_list: [`recipe[${CHEF_COOKBOOK}]`] }, null, 2)}\n`;
  const metadata = `name '${CHEF_COOKBOOK}'\nversion '1.0.0'\ndescription 'Bootstraps a Docker host (rendered by cdktf-docker-environments)'\nchef_version '>= 16'\n`;
  const soloConfig = `cookbook_path ['${dir}/cookbooks']\nfile_cache_path '${dir}/cache'\nnode_path '${dir}/nodes'\nlog_location STDOUT\n`;
  const userData = toolUserData({
    hostName: steps.hostName,
    tool: "Chef (Cinc Client, chef-solo)",
    directory: "chef",
    documents: [
      { path: "solo.rb", content: soloConfig },
      { path: "attributes.json", content: attributes },
      { path: `cookbooks/${CHEF_COOKBOOK}/metadata.rb`, content: metadata },
      { path: `cookbooks/${CHEF_COOKBOOK}/recipes/default.rb`, content: RECIPE },
    ],
    install: [
      "apt-get -q -y install --no-install-recommends ca-certificates curl",
      `curl -fsSL --proto =https --tlsv1.2 --retry 5 --output ${dir}/install.sh https://omnitruck.cinc.sh/install.sh`,
      `bash ${dir}/install.sh -P cinc -v ${shellQuote(version)}`,
    ],
    apply: [`cinc-solo --config ${dir}/solo.rb --json-attributes ${dir}/attributes.json --no-color`],
  });
  return { recipe: RECIPE, attributes, metadata, soloConfig, userData };
}

/** The steps as the recipe reads them (snake_case keys, plain JSON). */
function chefAttributes(steps: BootstrapSteps): Record<string, unknown> {
  return {
    host_name: steps.hostName,
    os_packages: steps.osPackages,
    engine_repository: { key_path: steps.engineRepository.keyPath, fetch_key_argv: steps.engineRepository.fetchKeyArgv },
    directories: steps.directories,
    files: steps.files,
    storage: steps.storage.map((s) => ({ command: s.command, marker: s.marker, argv: s.argv })),
    engine_packages: steps.enginePackages,
    engine_units: steps.engineUnits,
    services: steps.services,
  };
}
