import type { Topology, TopologyKind, TopologyNode } from "./topology";

const SHAPES: Record<TopologyKind, { shape: string; fill: string }> = {
  host: { shape: "box3d", fill: "#dbe9f6" },
  fleet: { shape: "box3d", fill: "#d5efe0" },
  container: { shape: "component", fill: "#e8f0fe" },
  "load-balancer": { shape: "cds", fill: "#fde9c8" },
  beanstalk: { shape: "box3d", fill: "#d5efe0" },
  registry: { shape: "cylinder", fill: "#efe3f6" },
  discovery: { shape: "note", fill: "#fff7c2" },
  gateway: { shape: "hexagon", fill: "#eeeeee" },
};

/** A DOT double-quoted string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** An HTML-like label: the node's title, then one row per service. */
function label(node: TopologyNode): string {
  const escape = (t: string): string => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  if (node.services.length === 0) return quote(node.label);
  const rows = node.services.map((s) => `<TR><TD ALIGN="LEFT">${escape(s)}</TD></TR>`).join("");
  return `<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR><TD><B>${escape(node.label)}</B></TD></TR>${rows}</TABLE>>`;
}

/**
 * Renders a topology as Graphviz DOT: one cluster per network, one box per host (listing its
 * services), load balancer, registry, DNS zone or gateway, and the references between them.
 * Deterministic: the same tree gives the same text.
 */
export function topologyToDot(topology: Topology): string {
  const ids = new Map(topology.nodes.map((n, i) => [n.id, `n${i}`]));
  const node = (n: TopologyNode): string => {
    const { shape, fill } = SHAPES[n.kind];
    return `${ids.get(n.id)} [label=${label(n)}, shape=${shape}, style=filled, fillcolor=${quote(fill)}, tooltip=${quote(n.id)}];`;
  };
  const lines = [
    `digraph ${quote(topology.name)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=11, label=${quote(`stack ${topology.name}`)}, labelloc=t];`,
    `  node [fontname="Helvetica", fontsize=10];`,
    `  edge [fontname="Helvetica", fontsize=9, color="#555555"];`,
  ];
  topology.networks.forEach((network, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${quote(network.label)}; style=rounded; color="#7a8ca0";`);
    for (const n of topology.nodes.filter((x) => x.network === network.id)) lines.push(`    ${node(n)}`);
    lines.push("  }");
  });
  for (const n of topology.nodes.filter((x) => x.network === undefined || !topology.networks.some((net) => net.id === x.network))) lines.push(`  ${node(n)}`);
  for (const e of topology.edges) lines.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)} [label=${quote(e.label)}];`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
