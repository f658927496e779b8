/**
 * The Consul option (book chapter 14). No Consul binary is installable here (Debian dropped the
 * package; no npm or PyPI package ships it), so the rendered agent configuration is checked
 * against Consul's own configuration struct: the keys and Go types of `Config`, `Ports` and
 * `RawUIConfig` in hashicorp/consul agent/config/config.go (mapstructure tags), the decoder that
 * reads the JSON file and reports unknown keys.
 */
import { ConsulSupport, MinimalEnvironment, Network, renderConsulConfig } from "cdktf-docker-environments";
import type { SupportServiceHost } from "cdktf-docker-environments";
import { awsStack, synthJson } from "../support/aws-stack";
import { expectRefusal } from "../support/expect-refusal";

/** mapstructure key -> Go type, from hashicorp/consul agent/config/config.go (v1.19). */
const CONSUL_CONFIG: Record<string, string> = {
  advertise_addr: "*string",
  bind_addr: "*string",
  bootstrap_expect: "*int",
  client_addr: "*string",
  data_dir: "*string",
  datacenter: "*string",
  disable_update_check: "*bool",
  enable_script_checks: "*bool",
  log_level: "*string",
  node_name: "*string",
  ports: "Ports",
  retry_join: "[]string",
  server: "*bool",
  ui_config: "RawUIConfig",
};
const CONSUL_PORTS: Record<string, string> = { dns: "*int", http: "*int" };
const CONSUL_UI_CONFIG: Record<string, string> = { enabled: "*bool" };

function expectGoTypes(value: Record<string, unknown>, struct: Record<string, string>, path: string): void {
  for (const [key, item] of Object.entries(value)) {
    const type = struct[key];
    expect({ key: `${path}${key}`, known: type !== undefined }).toEqual({ key: `${path}${key}`, known: true });
    if (type === "*string") expect(typeof item).toBe("string");
    else if (type === "*int") expect(Number.isInteger(item)).toBe(true);
    else if (type === "*bool") expect(typeof item).toBe("boolean");
    else if (type === "[]string") expect(Array.isArray(item) && item.every((i) => typeof i === "string")).toBe(true);
    else if (type === "Ports") expectGoTypes(item as Record<string, unknown>, CONSUL_PORTS, `${key}.`);
    else if (type === "RawUIConfig") expectGoTypes(item as Record<string, unknown>, CONSUL_UI_CONFIG, `${key}.`);
  }
}

const hosts = [
  { name: "app-1", privateIp: "10.0.0.10" },
  { name: "app-2", privateIp: "10.0.64.10" },
  { name: "app-3", privateIp: "10.0.0.11" },
];
const host = (name: string, all = hosts): SupportServiceHost => ({
  name,
  privateIp: all.find((h) => h.name === name)!.privateIp,
  environmentName: "shop",
  region: "eu-west-1",
  logGroupName: "/logs",
  dockerDataRoot: "/var/lib/docker",
  hosts: all,
  zoneName: "shop.internal",
});

describe("Consul agent and registrator", () => {
  test("each host is a server that joins the others by their fixed addresses; every key is one Consul reads", () => {
    const config = JSON.parse(renderConsulConfig(host("app-2"))) as Record<string, unknown>;
    expect(config).toMatchObject({
      server: true,
      bootstrap_expect: 3,
      bind_addr: "10.0.64.10",
      client_addr: "127.0.0.1",
      retry_join: ["10.0.0.10", "10.0.0.11"],
    });
    expectGoTypes(config, CONSUL_CONFIG, "");
  });

  test("an even number of servers is refused", () => {
    expectRefusal(() => renderConsulConfig(host("app-1", hosts.slice(0, 2))), {
      where: "support service consul on app-1",
      field: "hosts",
      value: 2,
      problem: /an even number of servers tolerates no more failures/,
    });
  });

  test("as support services: registrator carries the Docker-socket exception, and the hosts may gossip with each other", () => {
    const stack = awsStack();
    const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    const environment = new MinimalEnvironment(stack, "shop", {
      network,
      hosts: [{ name: "app-1" }, { name: "app-2" }, { name: "app-3" }],
      services: [],
      supportServices: [ConsulSupport.agent(), ConsulSupport.registrator()],
    });
    const registrator = environment.services.registrator.files["app-1"].find((f) => f.name === "unit")!.content;
    expect(registrator).toContain("# Policy exception CIS-5.32: registrator reads container events from the Docker socket");
    expect(registrator).toContain("--mount type=bind,source=/var/run/docker.sock,target=/tmp/docker.sock,readonly");
    const consulFiles = environment.services.consul.files["app-3"];
    expect(JSON.parse(consulFiles.find((f) => f.path.endsWith("consul.json"))!.content).retry_join).toEqual(["10.0.0.10", "10.0.64.10"]);
    const json = synthJson(stack);
    const ingress = Object.values(json.resource.aws_vpc_security_group_ingress_rule).map((r) => `${r.ip_protocol} ${r.from_port} ${r.description}`);
    expect(ingress).toEqual(
      expect.arrayContaining(["tcp 8300 Consul server RPC from app-2", "udp 8301 Consul LAN gossip from app-3", "tcp 8301 Consul LAN gossip from app-1"]),
    );
    expect(ingress.filter((r) => r.includes(" 8500 "))).toEqual([]); // the HTTP API stays on 127.0.0.1: no rule opens it
  });
});
