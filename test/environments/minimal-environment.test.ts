import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "../../lib/providers/aws";
import { MinimalEnvironment, Network, SupportServices } from "cdktf-docker-environments";
import type { MinimalEnvironmentProps, MinimalServiceProps } from "cdktf-docker-environments";
import { MinimalStack, minimalStackServices } from "../../stacks/minimal";
import { awsStack, synthJson } from "../support/aws-stack";
import type { SynthJson } from "../support/aws-stack";
import { expectRefusal } from "../support/expect-refusal";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function synthMinimal(services?: MinimalServiceProps[]): { stack: MinimalStack; json: SynthJson } {
  const stack = new MinimalStack(Testing.app(), "minimal", services);
  return { stack, json: synthJson(stack) };
}

/** Resource addresses whose configuration differs between two synthesized stacks. */
function changedResources(a: SynthJson, b: SynthJson): string[] {
  const addresses = (json: SynthJson) => Object.entries(json.resource as Resources).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
  const get = (json: SynthJson, address: string) => {
    const [type, id] = address.split(/\.(.*)/s);
    return JSON.stringify((json.resource as Resources)[type]?.[id]);
  };
  return [...new Set([...addresses(a), ...addresses(b)])].filter((address) => get(a, address) !== get(b, address)).sort();
}

const base = synthMinimal();
const WEB_V3 = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.2.0@sha256:" + "e5".repeat(32);

describe("deploys in place: an image or configuration change touches no instance", () => {
  test("a new web release changes only web's deploy document; instances, user data and volumes stay", () => {
    const [web, ...rest] = minimalStackServices();
    const next = synthMinimal([{ ...web, releases: [WEB_V3, ...(web.releases ?? [])] }, ...rest]);
    const changed = changedResources(base.json, next.json);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^aws_ssm_document\.minimal_deploy-web_document_/);
    expect(next.stack.environment.releaseHistory("web")).toEqual({ running: WEB_V3, releases: [WEB_V3, ...(web.releases ?? [])], rolledBack: false });
  });

  test("a rollback and a configuration change, likewise; the association follows the document's latest version", () => {
    const [web, api, ...rest] = minimalStackServices();
    const next = synthMinimal([
      { ...web, rollbackTo: web.releases?.[1] },
      { ...api, commonConfiguration: { ...api.commonConfiguration, DB_HOST: "db2.minimal.internal" } },
      ...rest,
    ]);
    const changed = changedResources(base.json, next.json);
    expect(changed.map((a) => a.replace(/_[0-9A-F]{8}$/, ""))).toEqual([
      "aws_ssm_document.minimal_deploy-api_document",
      "aws_ssm_document.minimal_deploy-web_document",
    ]);
    const association = Object.values(base.json.resource.aws_ssm_association).find((a) => a.association_name === "minimal-web-deploy") as Record<
      string,
      unknown
    >;
    expect(association).toMatchObject({ max_concurrency: "1", max_errors: "0", apply_only_at_cron_interval: false });
    expect(association.document_version).toMatch(/^\$\{aws_ssm_document\.minimal_deploy-web_document_[0-9A-F]+\.latest_version\}$/);
    expect((association.targets as { values: string[] }[])[0].values).toHaveLength(3);
    for (const instance of Object.values(base.json.resource.aws_instance)) expect(instance.user_data_replace_on_change).toBe(false);
  });
});

describe("configuration layers, releases and discovery", () => {
  const environment = base.stack.environment;
  const output = (base.json as unknown as { output: Record<string, { value: unknown }> }).output;

  test("effectiveEnvironment names each variable's layer, and the Terraform output says the same", () => {
    expect(environment.effectiveEnvironment("web", "app-2")).toMatchObject({
      ENVIRONMENT: { value: "minimal", layer: "cluster" },
      API_URL: { value: "http://api.minimal.internal:8081", layer: "common" },
      LOG_LEVEL: { value: "debug", layer: "local" },
    });
    expect(environment.effectiveEnvironment("web", "app-1").LOG_LEVEL).toEqual({ value: "warn", layer: "common" });
    expect(JSON.parse(String(output["minimal-effective-configuration"].value)).web).toEqual({
      "app-1": environment.effectiveEnvironment("web", "app-1"),
      "app-2": environment.effectiveEnvironment("web", "app-2"),
    });
    expect(JSON.stringify(output)).not.toMatch(/db-password|DB_PASSWORD/);
    expect(output["minimal-releases"].value).toMatchObject({ web: { running: minimalStackServices()[0].releases?.[0], rolled_back: false } });
    expectRefusal(() => environment.effectiveEnvironment("web", "app-3"), {
      where: "minimal/minimal",
      field: "host",
      value: "app-3",
      problem: /web does not run there/,
    });
    expectRefusal(() => environment.effectiveEnvironment("log-shipper", "app-1"), {
      where: "minimal/minimal",
      field: "service",
      value: "log-shipper",
      problem: /no such application service/,
    });
  });

  test("web finds api by name: the record resolves to the hosts that run api, which publish its port there and let web in", () => {
    const records = Object.values(base.json.resource.aws_route53_record) as { name: string; type: string; records: string[] }[];
    const resolve = (name: string, type: string) => records.find((r) => r.name === name && r.type === type)?.records;
    const url = new URL(environment.effectiveEnvironment("web", "app-1").API_URL.value);
    const apiHosts = environment.placement.services.api.map((h) => environment.hosts[h]);
    expect(resolve(url.hostname, "A")).toEqual(apiHosts.map((h) => h.privateIp));
    expect(resolve(`_http._tcp.${url.hostname}`, "SRV")).toEqual(apiHosts.map((h) => `10 10 ${url.port} ${h.name}.minimal.internal`));
    const instances = Object.values(base.json.resource.aws_instance).map((i) => i.private_ip);
    expect(instances).toEqual(expect.arrayContaining(apiHosts.map((h) => h.privateIp)));
    for (const host of apiHosts) {
      const unit = environment.services.api.files[host.name].find((f) => f.name === "unit")?.content;
      expect(unit).toContain(`--publish ${host.privateIp}:${url.port}:${url.port}`);
    }
    const ingress = Object.values(base.json.resource.aws_vpc_security_group_ingress_rule).map((r) => r.description);
    expect(ingress).toEqual(expect.arrayContaining(["api http from app-3"]));
  });

  test("support services on every host, with their exceptions visible; the secret is a reference granted to api's hosts only", () => {
    for (const host of ["app-1", "app-2", "app-3"]) {
      expect(environment.services["log-shipper"].files[host].find((f) => f.name === "unit")?.content).toContain(
        "# Policy exception CIS-5.10: fetches the instance role's credentials from IMDSv2",
      );
      expect(environment.services["node-exporter"].files[host].find((f) => f.name === "unit")?.content).toContain(
        `--web.listen-address=${environment.hosts[host].privateIp}:9100`,
      );
    }
    const policies = Object.entries(base.json.resource.aws_iam_role_policy).filter(([id]) => id.includes("environment-access"));
    const grants = Object.fromEntries(policies.map(([id, p]) => [id.split("_")[1], String(p.policy).includes("parameter/minimal/api/db-password")]));
    expect(grants).toEqual({ "app-1": true, "app-2": true, "app-3": false });
    for (const instance of Object.values(base.json.resource.aws_instance)) expect(String(instance.user_data)).not.toMatch(/db-password|web:2\.1\.0/);
  });
});

describe("refusals", () => {
  const props =
    (overrides: Partial<MinimalEnvironmentProps> = {}): ((network: Network) => MinimalEnvironmentProps) =>
    (network) => ({
      network,
      hosts: [{ name: "app-1" }, { name: "app-2" }],
      services: [{ spec: { name: "web", image: "registry.example.com/web:1", healthCheck: { command: "true" } } }],
      ...overrides,
    });
  const build = (make: (network: Network) => MinimalEnvironmentProps, providerWithoutRegion = false) => {
    const stack = providerWithoutRegion ? new TerraformStack(Testing.app(), "test") : awsStack();
    if (providerWithoutRegion) new AwsProvider(stack, "aws", {});
    const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    return new MinimalEnvironment(stack, "env", make(network));
  };

  test.each([
    ["two hosts with one name", props({ hosts: [{ name: "app-1" }, { name: "app-1" }] }), "hosts[1].name", /two hosts have this name/],
    ["no hosts", props({ hosts: [] }), "hosts", /1 to 50 hosts/],
    [
      "a service named like a host",
      props({ services: [{ spec: { name: "app-1", image: "r.example.com/a:1", healthCheck: { command: "true" } } }] }),
      "services.app-1",
      /a host has the same name/,
    ],
    [
      "a support service's name taken",
      props({ services: [{ spec: { name: "log-shipper", image: "r.example.com/a:1", healthCheck: { command: "true" } } }] }),
      "supportServices.log-shipper",
      /taken by another application service/,
    ],
    [
      "a variable set in the spec and a layer",
      props({
        clusterConfiguration: { MODE: "x" },
        services: [{ spec: { name: "web", image: "r.example.com/a:1", environment: { MODE: "y" }, healthCheck: { command: "true" } } }],
      }),
      "spec.environment.MODE",
      /also set by a configuration layer/,
    ],
    [
      "requests above the limits",
      props({ services: [{ spec: { name: "web", image: "r.example.com/a:1", healthCheck: { command: "true" } }, requests: { memory: "1g" } }] }),
      "services[0].requests",
      /a request above the container's limit/,
    ],
    [
      "overcommit",
      props({ services: [{ spec: { name: "web", image: "r.example.com/a:1", resources: { memory: "8g" }, healthCheck: { command: "true" } } }] }),
      "services.web",
      /free capacity: app-1: /,
    ],
    [
      "a bad private port name",
      props({
        services: [
          { spec: { name: "web", image: "r.example.com/a:1", healthCheck: { command: "true" } }, privatePorts: [{ name: "HTTP", containerPort: 80 }] },
        ],
      }),
      "privatePorts[0].name",
      /not an SRV service label/,
    ],
  ])("%s", (_label, make, field, problem) => {
    let message = "";
    try {
      build(make);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${field} = `);
    expect(message).toMatch(problem);
    expect(message).toMatch(/Fix: \S/);
  });

  test("no literal region, and a support service that is not a function", () => {
    expectRefusal(() => build(props(), true), { where: "test/env", field: "region", problem: /needs the region as a literal/ });
    expectRefusal(() => build(props({ supportServices: [{} as never] })), { where: "test/env", field: "supportServices[0]", problem: /not a support service/ });
  });

  test("support services are replaceable and removable", () => {
    const none = build(props({ supportServices: [] }));
    expect(Object.keys(none.services)).toEqual(["web"]);
    const own = build(props({ supportServices: [SupportServices.nodeExporter({ port: 9200 })] }));
    expect(own.services["node-exporter"].files["app-1"][0].content).toContain(":9200");
  });
});
