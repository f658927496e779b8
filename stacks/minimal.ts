import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { Network } from "../lib/constructs/network";
import { SecretRef } from "../lib/core/secret-reference";
import { MinimalEnvironment } from "../lib/environments/minimal-environment";
import type { MinimalServiceProps } from "../lib/environments/minimal-environment-props";
import { AwsProvider } from "../lib/providers/aws";

/** The stack's images: your registry, pinned by digest (placeholders here: push your own and put their digests). */
const REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop";
const digest = (seed: string) => `sha256:${seed.repeat(64 / seed.length)}`;

/** The stack's application services; `releases` lets a test roll one forward or back. */
export function minimalStackServices(
  webReleases: string[] = [`${REGISTRY}/web:2.1.0@${digest("a1")}`, `${REGISTRY}/web:2.0.3@${digest("a0")}`],
): MinimalServiceProps[] {
  const health = (port: number) => ({ command: `wget -q -O /dev/null http://127.0.0.1:${port}/healthz`, intervalSeconds: 10, startPeriodSeconds: 10 });
  return [
    {
      spec: { name: "web", user: "10001:10001", resources: { memory: "512m", cpus: 0.5 }, healthCheck: health(8080) },
      releases: webReleases,
      replicas: 2,
      constraints: { role: "web" },
      commonConfiguration: { LOG_LEVEL: "warn", API_URL: "http://api.minimal.internal:8081", PORT: "8080" },
      privatePorts: [{ name: "http", containerPort: 8080 }],
    },
    {
      spec: {
        name: "api",
        image: `${REGISTRY}/api:1.7.2@${digest("b2")}`,
        user: "10001:10001",
        resources: { memory: "768m", cpus: 0.5 },
        secrets: { DB_PASSWORD: SecretRef.ssmParameter("/minimal/api/db-password") },
        healthCheck: health(8081),
      },
      replicas: 2,
      commonConfiguration: { PORT: "8081", DB_HOST: "db.minimal.internal", CACHE_URL: "redis://cache.minimal.internal:6379" },
      privatePorts: [{ name: "http", containerPort: 8081 }],
    },
    {
      spec: {
        name: "worker",
        image: `${REGISTRY}/worker:1.7.2@${digest("c3")}`,
        user: "10001:10001",
        resources: { memory: "1g", cpus: 1 },
        healthCheck: { command: "test -f /tmp/worker-alive", intervalSeconds: 30 },
      },
      constraints: { role: "batch" },
      requests: { cpus: 0.5 },
      commonConfiguration: { QUEUE_URL: "redis://cache.minimal.internal:6379/1", CONCURRENCY: "4" },
    },
    {
      spec: {
        name: "cache",
        image: `${REGISTRY}/redis:7.2.5@${digest("d4")}`,
        user: "999:999",
        command: ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
        resources: { memory: "512m", cpus: 0.5 },
        healthCheck: { command: "redis-cli ping | grep -q PONG", intervalSeconds: 10 },
      },
      hosts: ["app-3"],
      privatePorts: [{ name: "redis", containerPort: 6379 }],
    },
  ];
}

/**
 * The minimal environment of the book's chapter 3 on AWS: three Docker hosts in two zones of a
 * private network, four application services (web and api twice each, a worker on the batch
 * host, a cache placed explicitly) plus the default support services on every host, the three
 * configuration layers, and one secret by reference. Deploys and rollbacks are SSM associations.
 */
export class MinimalStack extends TerraformStack {
  public readonly network: Network;
  public readonly environment: MinimalEnvironment;

  constructor(scope: Construct, id: string, services: MinimalServiceProps[] = minimalStackServices()) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", defaultTags: [{ tags: { "managed-by": "cdktf-docker-environments", stack: id } }] });
    this.network = new Network(this, "network", {
      name: "minimal",
      cidr: "10.30.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      natGateways: "single",
    });
    this.environment = new MinimalEnvironment(this, "minimal", {
      network: this.network,
      hosts: [
        { name: "app-1", instanceType: "t3.large", labels: { role: "web" }, localConfiguration: { NODE_NAME: "app-1" } },
        { name: "app-2", instanceType: "t3.large", labels: { role: "web" }, localConfiguration: { NODE_NAME: "app-2", LOG_LEVEL: "debug" } },
        { name: "app-3", instanceType: "t3.large", labels: { role: "batch" }, localConfiguration: { NODE_NAME: "app-3" } },
      ],
      clusterConfiguration: { ENVIRONMENT: "minimal", LOG_LEVEL: "info", AWS_REGION: "eu-west-1" },
      services,
    });
  }
}
