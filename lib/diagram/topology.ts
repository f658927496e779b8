import { DefaultTokenResolver, StringConcat, TerraformResource, Tokenization } from "cdktf";
import type { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { HostPlan } from "../core/host-plan";

/** What a box in the diagram stands for. */
export type TopologyKind = "host" | "fleet" | "container" | "load-balancer" | "beanstalk" | "registry" | "discovery" | "gateway";

/** One box: a host (with its services), a load balancer, a registry, a zone… */
export interface TopologyNode {
  /** Stable id: the construct path. */
  readonly id: string;
  readonly kind: TopologyKind;
  readonly label: string;
  /** The services a host or environment runs (unit or container names). */
  readonly services: string[];
  /** The network (cluster) the node sits in, by cluster id. @default none */
  readonly network?: string;
  /** Text naming the images the node runs (image references, or unit files that contain them). @default none */
  readonly images?: string[];
}

/** A network the nodes sit in: a VPC or a Docker network. */
export interface TopologyNetwork {
  readonly id: string;
  readonly label: string;
}

/** A reference from one node to another (Terraform references between their resources). */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** A stack's topology, read from its construct tree. */
export interface Topology {
  readonly name: string;
  readonly networks: TopologyNetwork[];
  readonly nodes: TopologyNode[];
  readonly edges: TopologyEdge[];
}

/** Terraform resource types that are boxes of their own, with what they are. */
const RESOURCE_KINDS: Record<string, { kind: TopologyKind; label: (args: Record<string, unknown>) => string }> = {
  aws_lb: { kind: "load-balancer", label: (a) => `load balancer ${str(a.name) ?? ""}`.trim() },
  aws_autoscaling_group: { kind: "fleet", label: (a) => `auto scaling group ${str(a.name) ?? ""}`.trim() },
  aws_ecr_repository: { kind: "registry", label: (a) => `ECR ${str(a.name) ?? ""}`.trim() },
  aws_route53_zone: { kind: "discovery", label: (a) => `DNS zone ${str(a.name) ?? ""}`.trim() },
  aws_nat_gateway: { kind: "gateway", label: () => "NAT gateway" },
  aws_internet_gateway: { kind: "gateway", label: () => "internet gateway" },
};

function str(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

interface Owned {
  owner: string;
  readonly args: Record<string, unknown>;
  readonly address: string;
}

/**
 * Reads the topology of a stack from its construct tree: hosts and fleets (any construct with a
 * bootstrapped host plan), their services, Docker containers on their networks, Beanstalk
 * environments with their services, load balancers, registries, DNS zones (discovery), gateways,
 * VPCs and Docker networks, and the references between them. Pure: no files, no processes.
 */
export function readTopology(stack: TerraformStack): Topology {
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const networks = new Map<string, TopologyNetwork>();
  const owners = new Map<string, string>(); // construct path prefix -> node id
  const resources: Owned[] = [];

  const visit = (construct: IConstruct, owner: string | undefined): void => {
    let current = owner;
    const plan = (construct as { plan?: HostPlan }).plan;
    const bundle = (construct as { bundle?: { settings?: { name: string; image: string }[] } }).bundle;
    const isHost =
      (plan && Array.isArray(plan.services)) ||
      ("instance" in construct && "dataVolume" in construct) ||
      ("launchTemplate" in construct && "instanceProfile" in construct);
    if (isHost && owner === undefined) {
      const fleet = "launchTemplate" in construct;
      nodes.set(construct.node.path, {
        id: construct.node.path,
        kind: fleet ? "fleet" : "host",
        label: `${fleet ? "host template" : "host"} ${construct.node.id}`,
        services: (plan?.services ?? []).map((unit) => unit.replace(/\.service$/, "")),
        images: (plan?.files ?? []).map((f) => f.content),
      });
      current = construct.node.path;
    } else if (bundle && Array.isArray(bundle.settings) && owner === undefined) {
      nodes.set(construct.node.path, {
        id: construct.node.path,
        kind: "beanstalk",
        label: `Elastic Beanstalk ${construct.node.id}`,
        services: bundle.settings.map((s) => s.name),
        images: bundle.settings.map((s) => s.image),
      });
      current = construct.node.path;
    }
    if (TerraformResource.isTerraformResource(construct)) {
      const type = construct.terraformResourceType;
      const args = resolvedArguments(construct);
      const address = `${type}.${construct.friendlyUniqueId}`;
      if (type === "aws_vpc") networks.set(address, { id: address, label: `VPC ${str(args.cidr_block) ?? construct.node.id}` });
      else if (type === "docker_network") networks.set(address, { id: address, label: `Docker network ${str(args.name) ?? construct.node.id}` });
      else if (type === "docker_container" && current === undefined) {
        const ports = ((args.ports as { ip?: string; external?: number; internal?: number }[] | undefined) ?? []).map(
          (p) => `${p.ip}:${p.external} → ${p.internal}`,
        );
        const title = [`container ${str(args.name) ?? construct.node.id}`, ...ports].join("\n");
        nodes.set(construct.node.path, { id: construct.node.path, kind: "container", label: title, services: [], images: [str(args.image) ?? ""] });
        current = construct.node.path;
      } else if (type === "aws_elastic_beanstalk_environment" && current !== undefined) {
        const settings = (args.setting as { namespace: string; name: string; value: string }[] | undefined) ?? [];
        const lb = settings.find((x) => x.namespace === "aws:elasticbeanstalk:environment" && x.name === "LoadBalancerType");
        if (lb) {
          const id = `${construct.node.path}/load-balancer`;
          nodes.set(id, { id, kind: "load-balancer", label: `${lb.value} load balancer (managed by Beanstalk)`, services: [] });
          edges.set(`${id}->${current}`, { from: id, to: current, label: "traffic" });
        }
      } else if (RESOURCE_KINDS[type] && current === undefined) {
        const { kind, label } = RESOURCE_KINDS[type];
        nodes.set(construct.node.path, { id: construct.node.path, kind, label: label(args), services: [] });
        current = construct.node.path;
      }
      resources.push({ owner: current ?? address, args, address });
      if (current) owners.set(address, current);
    }
    for (const child of construct.node.children) visit(child, current);
  };
  visit(stack, undefined);

  addDeployedServices(stack, nodes);
  // Listeners, target groups and attachments belong to the load balancer they are wired to.
  for (let changed = true; changed;) {
    changed = false;
    for (const resource of resources) {
      if (owners.has(resource.address) || !/^aws_(lb|alb)_/.test(resource.address)) continue;
      const linked = references(resource.args).find((r) => /^aws_(lb|alb)/.test(r.address) && nodes.get(owners.get(r.address) ?? "")?.kind === "load-balancer");
      const referrer = resources.find(
        (r) => owners.has(r.address) && /^aws_(lb|alb)_/.test(r.address) && references(r.args).some((x) => x.address === resource.address),
      );
      const owner = linked ? owners.get(linked.address) : referrer ? owners.get(referrer.address) : undefined;
      if (owner !== undefined) {
        owners.set(resource.address, owner);
        resource.owner = owner;
        changed = true;
      }
    }
  }
  // Place nodes in networks, and draw an edge for each reference from one node's resources to another's.
  const placed = new Map<string, string>();
  for (const { owner, args } of resources) {
    if (!nodes.has(owner)) continue;
    for (const reference of references(args)) {
      if (networks.has(reference.address) && !placed.has(owner)) placed.set(owner, reference.address);
      const target = owners.get(reference.address);
      if (target && target !== owner) {
        const key = `${owner}->${target}`;
        if (!edges.has(key)) edges.set(key, { from: owner, to: target, label: edgeLabel(reference.address, reference.attribute) });
      }
    }
  }
  // A node whose resources reference a subnet, security group or route sits in that subnet's VPC.
  const vpcOf = new Map<string, string>();
  for (const { address, args } of resources) {
    const vpc = references(args).find((r) => networks.has(r.address) && r.address.startsWith("aws_vpc."));
    if (vpc) vpcOf.set(address, vpc.address);
  }
  for (const { owner, args } of resources) {
    if (!nodes.has(owner) || placed.has(owner)) continue;
    const via = references(args).find((r) => vpcOf.has(r.address));
    if (via) placed.set(owner, vpcOf.get(via.address) as string);
  }
  // A node pulls from a registry repository whose name appears in its images.
  for (const { owner, args, address } of resources) {
    if (!address.startsWith("aws_ecr_repository.") || typeof args.name !== "string") continue;
    for (const n of nodes.values()) {
      if (n.id !== owner && (n.images ?? []).some((text) => text.includes(`/${args.name}@`) || text.includes(`/${args.name}:`))) {
        edges.set(`${n.id}->${owner}`, { from: n.id, to: owner, label: "pulls images" });
      }
    }
  }
  const placedNodes = [...nodes.values()].map((n) => (placed.has(n.id) ? { ...n, network: placed.get(n.id) } : n));
  return { name: stack.node.id, networks: [...networks.values()], nodes: placedNodes, edges: [...edges.values()] };
}

function resolvedArguments(resource: TerraformResource): Record<string, unknown> {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const tf = Tokenization.resolve(resource.toTerraform(), { scope: resource, resolver, preparing: false }) as Record<
    string,
    Record<string, Record<string, Record<string, unknown>>>
  >;
  const byType = tf.resource ?? tf.data ?? {};
  return Object.values(Object.values(byType)[0] ?? {})[0] ?? {};
}

function references(value: unknown, found: { address: string; attribute: string }[] = []): { address: string; attribute: string }[] {
  if (typeof value === "string") {
    for (const match of value.matchAll(/\b((?:aws|docker)_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)/g)) found.push({ address: match[1], attribute: match[2] });
  } else if (Array.isArray(value)) value.forEach((v) => references(v, found));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => references(v, found));
  return found;
}

function edgeLabel(address: string, attribute: string): string {
  const type = address.split(".")[0];
  if (type === "aws_route53_zone") return "DNS name";
  if (type === "aws_ecr_repository") return "pulls images";
  if (type === "aws_lb_target_group") return "joins the target group";
  if (type === "aws_lb" || type === "aws_lb_listener") return "traffic";
  if (type === "docker_container") return "depends on";
  if (type === "aws_instance") return "targets";
  if (type === "aws_launch_template") return "launches from";
  if (type === "aws_security_group") return "allowed by its security group";
  return attribute;
}

type DeployingEnvironment = {
  hosts?: Record<string, { dockerHost?: IConstruct }>;
  services?: Record<string, { hosts?: string[]; image?: string }>;
  hostPlan?: HostPlan;
};

/**
 * Services that reach hosts after boot (MinimalEnvironment's deploys: `services[name].hosts` naming
 * `hosts[name].dockerHost`), and a fleet's services (WebEnvironment's `hostPlan`), added to their hosts.
 */
function addDeployedServices(stack: TerraformStack, nodes: Map<string, TopologyNode>): void {
  const add = (id: string, service: string, image?: string): void => {
    const node = nodes.get(id);
    if (node && !node.services.includes(service))
      nodes.set(id, { ...node, services: [...node.services, service], images: [...(node.images ?? []), image ?? ""] });
  };
  for (const construct of stack.node.findAll()) {
    const environment = construct as DeployingEnvironment;
    if (environment.hosts && environment.services && typeof environment.hosts === "object" && typeof environment.services === "object") {
      for (const [service, planned] of Object.entries(environment.services)) {
        for (const host of Array.isArray(planned?.hosts) ? planned.hosts : []) {
          const dockerHost = environment.hosts[host]?.dockerHost;
          if (dockerHost?.node) add(dockerHost.node.path, service, planned.image);
        }
      }
    }
    if (environment.hostPlan && Array.isArray(environment.hostPlan.services)) {
      for (const node of [...nodes.values()].filter((n) => n.kind === "fleet" && n.id.startsWith(`${construct.node.path}/`))) {
        for (const unit of environment.hostPlan.services) add(node.id, unit.replace(/\.service$/, ""));
      }
    }
  }
}
