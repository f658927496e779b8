import { TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { Network } from "../lib/constructs/network";
import type { WebRelease } from "../lib/core/web-release";
import { WebEnvironment } from "../lib/environments/web-environment";
import { AwsProvider } from "../lib/providers/aws";

/**
 * The releases of the demo's web service, newest first. Your pipeline prepends an entry for
 * every image it pushes (by digest) and drops the oldest beyond what you retain.
 */
export const WEB_RELEASES: WebRelease[] = [
  {
    version: "1.5.0",
    image: "ghcr.io/example/shop-web:1.5.0@sha256:5b0d2c1f9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c",
    description: "Search endpoint",
  },
  {
    version: "1.4.2",
    image: "ghcr.io/example/shop-web:1.4.2@sha256:9b2a5c8f1e0d4c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3",
    description: "Cart fixes",
  },
  { version: "1.4.1", image: "ghcr.io/example/shop-web:1.4.1@sha256:0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d" },
];

/** The CloudWatch agent, pinned by digest (replace with the digest `docker buildx imagetools inspect` shows for the version you run). */
export const CLOUDWATCH_AGENT_IMAGE =
  "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300052.0b1024@sha256:3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708";

export interface WebStackProps {
  /** @default "eu-west-1" */
  readonly region?: string;
  /** The releases, newest first. @default WEB_RELEASES */
  readonly releases?: WebRelease[];
  /** The release to run; an older version rolls back. @default the newest */
  readonly activeRelease?: string;
}

/**
 * The `web` stack (book chapter 4): a web service on an auto-scaled fleet of Docker hosts in
 * a new two-zone network, behind an HTTPS load balancer, with a per-host data volume, logs in
 * CloudWatch, alarms that gate deploys, and a dashboard. The certificate is a variable.
 */
export class WebStack extends TerraformStack {
  public readonly network: Network;
  public readonly environment: WebEnvironment;

  constructor(scope: Construct, id: string, props: WebStackProps = {}) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: props.region ?? "eu-west-1", defaultTags: [{ tags: { project: "cdktf-docker-environments", stack: id } }] });
    const certificateArn = new TerraformVariable(this, "certificate_arn", {
      type: "string",
      description: "ACM certificate of the HTTPS listener (in the stack's region)",
      validation: [
        { condition: '${can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))}', errorMessage: "certificate_arn must be an ACM certificate ARN." },
      ],
    });
    this.network = new Network(this, "network", { name: "web", cidr: "10.30.0.0/16", zoneCount: 2, natGateways: "per-zone" });
    this.environment = new WebEnvironment(this, "shop", {
      name: "shop",
      network: this.network,
      service: {
        name: "web",
        containerPort: 8080,
        user: "10001:10001",
        environment: { PORT: "8080", DATA_DIR: "/var/lib/shop" },
        resources: { memory: "512m", cpus: 1, pidsLimit: 256 },
        healthCheck: { command: "wget -qO- http://127.0.0.1:8080/healthz", intervalSeconds: 10, startPeriodSeconds: 20 },
        stopTimeoutSeconds: 20,
      },
      releases: props.releases ?? WEB_RELEASES,
      activeRelease: props.activeRelease,
      loadBalancer: {
        certificateArn: certificateArn.stringValue,
        healthCheck: { path: "/healthz", matcher: "200", intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
        deregistrationDelaySeconds: 30,
        slowStartSeconds: 60,
      },
      host: { instanceType: "t3.small" },
      capacity: { minSize: 2, maxSize: 6 },
      scaling: { cpuUtilizationPercent: 60 },
      deployment: { checkpointPercentages: [50, 100], checkpointDelaySeconds: 300 },
      dataVolume: { containerPath: "/var/lib/shop", sizeGiB: 20 },
      monitoring: { cloudWatchAgentImage: CLOUDWATCH_AGENT_IMAGE },
    });
  }
}
