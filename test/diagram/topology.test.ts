import { App, TerraformStack, Testing } from "cdktf";
import { readTopology } from "../../lib/diagram/topology";
import type { Topology } from "../../lib/diagram/topology";
import { topologyToDot } from "../../lib/diagram/topology-dot";
import { buildApp } from "../../stacks/main";
import { MinimalStack } from "../../stacks/minimal";
import { WebStack } from "../../stacks/web";

const app = buildApp(Testing.app() as App);
const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
const topologies = new Map<string, Topology>(stacks.map((s) => [s.node.id, readTopology(s)]));
const byLabel = (t: Topology, fragment: string) => t.nodes.filter((n) => n.label.includes(fragment));

describe("diagrams: construct tree -> topology -> DOT (no Graphviz needed)", () => {
  test.each(stacks.map((s) => s.node.id))("stack %s has a topology and renders to DOT", (name) => {
    const topology = topologies.get(name) as Topology;
    expect(topology.nodes.length).toBeGreaterThan(0);
    const dot = topologyToDot(topology);
    expect(dot.startsWith(`digraph "${name}" {`)).toBe(true);
    // Every node is declared once, and every edge joins declared nodes.
    const declared = [...dot.matchAll(/^\s+(n\d+) \[/gm)].map((m) => m[1]);
    expect(new Set(declared).size).toBe(topology.nodes.length);
    for (const [, from, to] of dot.matchAll(/^\s+(n\d+) -> (n\d+)/gm)) expect(declared).toEqual(expect.arrayContaining([from, to]));
    expect(topologyToDot(readTopology(stacks.find((s) => s.node.id === name) as TerraformStack))).toBe(dot);
  });

  test("local: three containers on the environment's Docker network, the proxy published on loopback", () => {
    const t = topologies.get("local") as Topology;
    expect(t.networks.map((n) => n.label)).toEqual(["Docker network shop"]);
    const containers = t.nodes.filter((n) => n.kind === "container");
    expect(containers.map((n) => n.label.split("\n")[0]).sort()).toEqual(["container proxy", "container store", "container web"]);
    expect(containers.every((n) => n.network === t.networks[0].id)).toBe(true);
    expect(byLabel(t, "container proxy")[0].label).toContain("127.0.0.1:8080 → 8080");
  });

  test("beanstalk: the load balancer sends traffic to the environment, which pulls both images from ECR", () => {
    const t = topologies.get("beanstalk") as Topology;
    const [environment] = t.nodes.filter((n) => n.kind === "beanstalk");
    expect(environment.services).toEqual(["web", "proxy"]);
    const [lb] = t.nodes.filter((n) => n.kind === "load-balancer");
    expect(t.edges).toContainEqual({ from: lb.id, to: environment.id, label: "traffic" });
    const pulls = t.edges.filter((e) => e.from === environment.id && e.label === "pulls images").map((e) => t.nodes.find((n) => n.id === e.to)?.label);
    expect(pulls.sort()).toEqual(["ECR beanstalk-demo/proxy", "ECR beanstalk-demo/web"]);
  });

  test.each([...topologies.keys()].filter((name) => (topologies.get(name) as Topology).nodes.some((n) => n.kind === "host")))(
    "%s: every host lists its services, sits in a VPC and has a DNS name (discovery)",
    (name) => {
      const t = topologies.get(name) as Topology;
      for (const host of t.nodes.filter((n) => n.kind === "host")) {
        expect(host.services.length).toBeGreaterThan(0);
        expect(t.networks.find((n) => n.id === host.network)?.label).toMatch(/^VPC /);
        const zone = t.edges.find((e) => e.from === host.id && e.label === "DNS name");
        expect(t.nodes.find((n) => n.id === zone?.to)?.kind).toBe("discovery");
      }
    },
  );

  test("registry: the load balancer targets every registry host", () => {
    const t = topologies.get("registry") as Topology;
    const [lb] = t.nodes.filter((n) => n.kind === "load-balancer");
    const hosts = t.nodes.filter((n) => n.kind === "host" && n.services.includes("registry"));
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) expect(t.edges).toContainEqual({ from: lb.id, to: host.id, label: "targets" });
  });

  test("minimal: each host lists the services its deploys deliver, support services included", () => {
    const t = readTopology(new MinimalStack(Testing.app(), "minimal"));
    const hosts = Object.fromEntries(t.nodes.filter((n) => n.kind === "host").map((n) => [n.label, n.services]));
    expect(hosts).toEqual({
      "host app-1": ["web", "api", "log-shipper", "node-exporter"],
      "host app-2": ["web", "api", "log-shipper", "node-exporter"],
      "host app-3": ["worker", "cache", "log-shipper", "node-exporter"],
    });
  });

  test("web: the auto scaling group runs the service, joins the load balancer's target group and launches from the template", () => {
    const t = readTopology(new WebStack(Testing.app(), "web"));
    const [group] = t.nodes.filter((n) => n.kind === "fleet" && n.label.startsWith("auto scaling group"));
    const [lb] = t.nodes.filter((n) => n.kind === "load-balancer");
    const [template] = t.nodes.filter((n) => n.label.startsWith("host template"));
    expect(group.services).toContain("web");
    expect(t.edges).toContainEqual({ from: group.id, to: lb.id, label: "joins the target group" });
    expect(t.edges).toContainEqual({ from: group.id, to: template.id, label: "launches from" });
  });

  test("labels are quoted and escaped for DOT and HTML-like labels", () => {
    const dot = topologyToDot({
      name: 'a "quoted" stack',
      networks: [],
      nodes: [
        { id: "x", kind: "gateway", label: 'say "hi"\\', services: [] },
        { id: "y", kind: "host", label: "host <1>", services: ["a&b"] },
      ],
      edges: [{ from: "x", to: "y", label: "l" }],
    });
    expect(dot).toContain('digraph "a \\"quoted\\" stack" {');
    expect(dot).toContain('label="say \\"hi\\"\\\\"');
    expect(dot).toContain("<B>host &lt;1&gt;</B>");
    expect(dot).toContain("a&amp;b");
    expect(dot).toContain("n0 -> n1");
  });
});
