import { TerraformStack } from "cdktf";
import type { App } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
// The package by its name, as users import it: in the bench that is the built entry (dist/index.js).
import { DockerHost, DockerHostTemplate, MinimalEnvironment, Network } from "cdktf-docker-environments";
import type { ContainerSpec, HostService, MinimalServiceProps } from "cdktf-docker-environments";

/**
 * The environment shapes the scale matrix generates: `minimal-environment` is the real
 * MinimalEnvironment; `minimal` and `web` are the host-level stand-ins (see buildScaleStack).
 */
export type ScaleShape = "minimal-environment" | "minimal" | "web";

export const SCALE_SHAPES: readonly ScaleShape[] = ["minimal-environment", "minimal", "web"];

/** Hosts per MinimalEnvironment: 50, the most hosts an SSM association can target. */
const HOSTS_PER_ENVIRONMENT = 50;
/** Hosts that run the same services in the real MinimalEnvironment shape (see buildMinimalEnvironments). */
const HOSTS_PER_GROUP = 10;

/** One point of the scale matrix: a shape, a number of hosts, and services per host. */
export interface ScalePoint {
  readonly shape: ScaleShape;
  readonly hosts: number;
  readonly servicesPerHost: number;
}

/**
 * A digest-pinned, hardened service with its three configuration layers (cluster-wide, common,
 * local): the same release on every host, only the local layer differs.
 */
export function scaleService(host: number, index: number): HostService {
  const name = `svc-${index}`;
  const digest = (index + 1).toString(16).padStart(64, "0");
  const spec: ContainerSpec = {
    name,
    image: `registry.example.com/team/${name}:1.0.${index}@sha256:${digest}`,
    user: "10001:10001",
    command: ["serve", "--port", String(8000 + index)],
    environment: { LOG_FORMAT: "json", SERVICE_NAME: name },
    ports: [{ containerPort: 8000 + index, hostPort: 8000 + index }],
    resources: { memory: "256m", cpus: 0.5, pidsLimit: 128 },
    healthCheck: { command: `wget -qO- http://127.0.0.1:${8000 + index}/healthz`, intervalSeconds: 10 },
  };
  const base = `/etc/cdktf-docker-environments/${name}`;
  return {
    spec,
    layers: [
      { name: "cluster", path: "/etc/cdktf-docker-environments/cluster.env", variables: { REGION: "eu-west-1", LOG_LEVEL: "info" } },
      { name: "common", path: `${base}/common.env`, variables: { UPSTREAM_URL: `http://svc-${(index + 1) % 20}.internal:8080`, LOG_LEVEL: "info" } },
      { name: "local", path: `${base}/local.env`, variables: { HOST_INDEX: String(host) } },
    ],
  };
}

/**
 * Builds one scale point as a stack. Stand-ins until MinimalEnvironment and WebEnvironment land:
 * `minimal` is a Network and `hosts` DockerHosts bootstrapped with the services (systemd units,
 * three configuration layers, a private DNS name each for discovery); `web` is a Network and
 * `hosts` DockerHostTemplates bootstrapped the same way (the fleet form: launch templates).
 */
export function buildScaleStack(app: App, point: ScalePoint): TerraformStack {
  const stack = new TerraformStack(app, `${point.shape}-${point.hosts}x${point.servicesPerHost}`);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const network = new Network(stack, "network", { cidr: "10.40.0.0/16", zoneCount: 2, natGateways: "single" });
  if (point.shape === "minimal-environment") {
    buildMinimalEnvironments(stack, network, point);
    return stack;
  }
  for (let h = 0; h < point.hosts; h++) {
    const services = Array.from({ length: point.servicesPerHost }, (_, s) => scaleService(h, s));
    const bootstrap = { services, policy: { requirePinnedImages: true } };
    if (point.shape === "minimal") {
      new DockerHost(stack, `host-${h}`, { network, zoneIndex: h % 2, dnsName: `host-${h}`, bootstrap });
    } else {
      new DockerHostTemplate(stack, `host-${h}`, { network, bootstrap });
    }
  }
  return stack;
}

/**
 * Real MinimalEnvironments, support services included: hosts are grouped by ten and each group
 * runs its own `servicesPerHost` services on all of its hosts.
 */
function buildMinimalEnvironments(stack: TerraformStack, network: Network, point: ScalePoint): void {
  for (let e = 0; e * HOSTS_PER_ENVIRONMENT < point.hosts; e++) {
    const count = Math.min(HOSTS_PER_ENVIRONMENT, point.hosts - e * HOSTS_PER_ENVIRONMENT);
    const hosts = Array.from({ length: count }, (_, h) => ({
      name: `e${e}-host-${h}`,
      instanceType: "m5.4xlarge",
      capacity: { memory: "60g", cpus: 15 },
      localConfiguration: { HOST_INDEX: String(h) },
    }));
    const services: MinimalServiceProps[] = [];
    for (let g = 0; g * HOSTS_PER_GROUP < count; g++) {
      const group = hosts.slice(g * HOSTS_PER_GROUP, (g + 1) * HOSTS_PER_GROUP).map((h) => h.name);
      for (let s = 0; s < point.servicesPerHost; s++) {
        const { spec, layers } = scaleService(0, s);
        services.push({
          spec: { ...spec, name: `g${g}-${spec.name}`, ports: undefined },
          hosts: group,
          requests: { memory: "64m", cpus: 0.05 },
          commonConfiguration: layers?.find((l) => l.name === "common")?.variables ?? {},
        });
      }
    }
    new MinimalEnvironment(stack, `env-${e}`, {
      network,
      name: `scale-${e}`,
      hosts,
      services,
      clusterConfiguration: { REGION: "eu-west-1" },
      region: "eu-west-1",
    });
  }
}
