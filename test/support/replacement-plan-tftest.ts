/**
 * A `terraform test` file that asks the REAL hashicorp/aws provider whether a configuration
 * change replaces resources, offline. Run 1 applies configuration A with every resource and
 * data source overridden (so no AWS API is called and the state is filled with stand-in
 * values); run 2 plans configuration B against that state (same `state_key`, no refresh) with
 * the watched resource types NOT overridden, so the provider's own diff logic (its ForceNew
 * attributes) decides update or replacement. B marks the watched resources
 * `prevent_destroy`: a planned replacement fails run 2 with "Instance cannot be destroyed".
 * (`mock_provider` cannot answer this: its plans never replace anything.)
 */
export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
}

/** The resource types whose identity the test watches. */
export type WatchedTypes = readonly string[];

/** Stand-in values for the computed attributes the provider validates or that force a replacement when they disagree with the configuration. */
function standIns(type: string, index: number, computed: Set<string>): Record<string, string> {
  const hex = index.toString(16).padStart(17, "0");
  const values: Record<string, string> = {};
  if (computed.has("arn")) values.arn = `arn:aws:ec2:eu-west-1:123456789012:${type.slice(4)}/${hex}`;
  switch (type) {
    case "aws_lb":
      Object.assign(values, {
        arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/0123456789abcdef",
        arn_suffix: "app/shop/0123456789abcdef",
        name_prefix: "",
      });
      break;
    case "aws_lb_target_group":
      Object.assign(values, {
        arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop/0123456789abcdef",
        arn_suffix: "targetgroup/shop/0123456789abcdef",
        name_prefix: "",
        ip_address_type: "ipv4",
      });
      break;
    case "aws_autoscaling_group":
      values.name_prefix = "";
      break;
    case "aws_launch_template":
      Object.assign(values, { id: `lt-${hex}`, latest_version: "1", default_version: "1" });
      break;
    case "aws_security_group":
      values.id = `sg-${hex}`;
      break;
    case "aws_subnet":
      values.id = `subnet-${hex}`;
      break;
    case "aws_vpc":
      values.id = `vpc-${hex}`;
      break;
  }
  return values;
}

const DATA_VALUES: Record<string, string> = {
  aws_availability_zones: '{ names = ["eu-west-1a", "eu-west-1b"], zone_ids = ["euw1-az1", "euw1-az2"] }',
  aws_caller_identity: '{ account_id = "123456789012" }',
  aws_region: '{ name = "eu-west-1" }',
  aws_partition: '{ partition = "aws" }',
  aws_ssm_parameter: '{ insecure_value = "ami-0abcdef0123456789", value = "ami-0abcdef0123456789" }',
  aws_ami: '{ root_device_name = "/dev/sda1" }',
};

function hcl(values: Record<string, string>): string {
  return `{ ${Object.entries(values)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(", ")} }`;
}

/** Marks the watched resources of a configuration `prevent_destroy`, and drops the backend (a test module has none). */
export function guardAgainstReplacement(json: TerraformJson, watched: WatchedTypes): TerraformJson {
  const copy = JSON.parse(JSON.stringify(json)) as TerraformJson;
  for (const type of watched) {
    for (const resource of Object.values(copy.resource[type] ?? {})) {
      resource.lifecycle = { ...((resource.lifecycle as object) ?? {}), prevent_destroy: true };
    }
  }
  if (copy.terraform) delete copy.terraform.backend;
  return copy;
}

/**
 * The test file: `computedAttributes(type)` lists a resource type's computed attributes (from
 * `terraform providers schema -json`); `variables` are the root variables as HCL.
 */
export function replacementPlanTest(options: {
  readonly before: TerraformJson;
  readonly afterModule: string;
  readonly watched: WatchedTypes;
  readonly computedAttributes: (type: string) => Set<string>;
  readonly variables: string;
  readonly runName: string;
}): string {
  const { before, watched } = options;
  const overrides = (skipWatched: boolean) => {
    let out = "";
    let index = 0;
    for (const [type, resources] of Object.entries(before.resource)) {
      for (const name of Object.keys(resources)) {
        index++;
        if (skipWatched && watched.includes(type)) continue;
        out += `  override_resource {\n    target = ${type}.${name}\n    values = ${hcl(standIns(type, index, options.computedAttributes(type)))}\n  }\n`;
      }
    }
    return out;
  };
  let data = "";
  for (const [type, sources] of Object.entries(before.data ?? {})) {
    for (const name of Object.keys(sources)) data += `override_data {\n  target = data.${type}.${name}\n  values = ${DATA_VALUES[type] ?? "{}"}\n}\n`;
  }
  return `# Generated: the real provider plans the change; see test/support/replacement-plan-tftest.ts.
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAOFFLINETESTONLY0"
  secret_key                  = "offline-test-only"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variables {
${options.variables}
}

${data}
run "before" {
  state_key = "shared"
${overrides(false)}}

run "${options.runName}" {
  command   = plan
  state_key = "shared"
  module {
    source = "${options.afterModule}"
  }
  plan_options {
    refresh = false
  }
${overrides(true)}}
`;
}

/** The resources of one run in `terraform test -verbose` output that the plan replaces, updates or creates. */
export function plannedActions(verboseOutput: string, runName: string): { replaced: string[]; updated: string[]; created: string[]; summary?: string } {
  const start = verboseOutput.indexOf(`run "${runName}"`);
  if (start < 0) throw new Error(`no run "${runName}" in the output`);
  const rest = verboseOutput.slice(start);
  const next = rest.slice(1).search(/\n\s*run "/);
  const section = next < 0 ? rest : rest.slice(0, next + 1);
  const addresses = (pattern: RegExp) => [...section.matchAll(pattern)].map((m) => m[1]);
  return {
    replaced: addresses(/# (\S+) must be replaced/g),
    updated: addresses(/# (\S+) will be updated in-place/g),
    created: addresses(/# (\S+) will be created/g),
    summary: /Plan: \d+ to add, \d+ to change, \d+ to destroy\./.exec(section)?.[0],
  };
}
