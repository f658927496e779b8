import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import type { BundleService } from "../lib/core/bundle-service";
import { SecretRef } from "../lib/core/secret-reference";
import { BeanstalkEnvironment } from "../lib/environments/beanstalk-environment";
import { AwsProvider, EcrRepository } from "../lib/providers/aws";
import { reverseProxyConfig } from "./nginx-proxy-config";

const PROXY_CONFIG = reverseProxyConfig({ forwardProto: true });

/**
 * The demo's services: the web application (secrets from SSM and Secrets Manager) and nginx in
 * front of it, the only published port. Exported so tests render the same bundle the stack deploys.
 */
export function beanstalkDemoServices(registry: string, region: string, accountId: string, digests: { web: string; proxy: string }): BundleService[] {
  return [
    {
      name: "web",
      image: `${registry}/beanstalk-demo/web@${digests.web}`,
      user: "10001:10001",
      environment: { PORT: "8080", DATABASE_HOST: "db.beanstalk-demo.internal", DATABASE_USER: "shop" },
      secrets: {
        DATABASE_PASSWORD: SecretRef.ssmParameter("/beanstalk-demo/database-password"),
        SESSION_KEY: SecretRef.secretsManager(`arn:aws:secretsmanager:${region}:${accountId}:secret:beanstalk-demo/session-AbCdEf`, "key"),
      },
      resources: { memory: "256m", cpus: 0.5, pidsLimit: 128 },
      healthCheck: { command: "wget -qO- http://127.0.0.1:8080/healthz", intervalSeconds: 10, startPeriodSeconds: 15 },
    },
    {
      name: "proxy",
      image: `${registry}/beanstalk-demo/proxy@${digests.proxy}`,
      user: "101:101",
      entrypoint: ["/bin/sh", "-c"],
      command: ['printf "%s" "$PROXY_CONFIG" > /tmp/nginx.conf && exec nginx -c /tmp/nginx.conf -g "daemon off;"'],
      environment: { PROXY_CONFIG },
      ports: [{ containerPort: 8080, hostPort: 80, hostIp: "0.0.0.0" }],
      mounts: [{ type: "tmpfs", target: "/var/cache/nginx", size: "32m" }],
      resources: { memory: "64m", cpus: 0.25, pidsLimit: 64 },
      healthCheck: { command: "wget -qO- http://127.0.0.1:8080/nginx-health", intervalSeconds: 10 },
      dependsOn: [{ service: "web", condition: "healthy" }],
      exceptions: [
        {
          rule: "CIS-5.14",
          reason: "the load balancer reaches nginx on the instance's port 80; Beanstalk's instance security group admits only the load balancer",
        },
      ],
    },
  ];
}

export interface BeanstalkStackProps {
  /**
   * @default "eu-west-1"
   */
  readonly region?: string;
  /**
   * The account whose ECR registry holds the images (your CI pushes them there).
   * @default "111122223333" (the AWS documentation example account: replace it)
   */
  readonly accountId?: string;
  /**
   * Digests of the pushed images (`sha256:…`), set by your pipeline.
   * @default example digests
   */
  readonly imageDigests?: { readonly web: string; readonly proxy: string };
}

/**
 * The `beanstalk` stack (book chapter 5): a two-container application — nginx in front of the web
 * application — as a Dockerrun.aws.json v2 bundle on the ECS platform, behind an HTTPS-only load
 * balancer. Images come from ECR by digest; the database password and session key are fetched by
 * ECS from SSM and Secrets Manager. The VPC, subnets and certificate are Terraform variables.
 */
export class BeanstalkStack extends TerraformStack {
  public readonly environment: BeanstalkEnvironment;

  constructor(scope: Construct, id: string, props: BeanstalkStackProps = {}) {
    super(scope, id);
    const region = props.region ?? "eu-west-1";
    const accountId = props.accountId ?? "111122223333";
    const digests = props.imageDigests ?? {
      web: "sha256:7f3a0c9e2d41b6a8f5c3e1d0b9a7c6e5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9",
      proxy: "sha256:2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c1e3b5d7f9a2c4e6b8d0f1a",
    };
    new AwsProvider(this, "aws", { region, defaultTags: [{ tags: { project: "cdktf-docker-environments", stack: id } }] });

    const vpcId = new TerraformVariable(this, "vpc_id", {
      type: "string",
      description: "VPC of the environment",
      validation: [{ condition: '${can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))}', errorMessage: "vpc_id must be a VPC id (vpc-…)." }],
    });
    const instanceSubnets = new TerraformVariable(this, "instance_subnet_ids", {
      type: "list(string)",
      description: "Private subnets of the instances (with a NAT gateway or VPC endpoints for ECR, S3, SSM, Secrets Manager and CloudWatch Logs)",
    });
    const loadBalancerSubnets = new TerraformVariable(this, "load_balancer_subnet_ids", {
      type: "list(string)",
      description: "Public subnets of the load balancer, in at least two Availability Zones",
      validation: [
        { condition: "${length(var.load_balancer_subnet_ids) >= 2}", errorMessage: "The load balancer needs subnets in at least two Availability Zones." },
      ],
    });
    const certificateArn = new TerraformVariable(this, "certificate_arn", {
      type: "string",
      description: "ACM certificate of the HTTPS listener",
      validation: [
        { condition: '${can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))}', errorMessage: "certificate_arn must be an ACM certificate ARN." },
      ],
    });

    const registry = `${accountId}.dkr.ecr.${region}.amazonaws.com`;
    for (const name of ["web", "proxy"]) {
      new EcrRepository(this, `repository-${name}`, {
        name: `beanstalk-demo/${name}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS" }],
        lifecycle: {
          // The bundle names the images by this registry: fail the apply in any other account.
          postcondition: [
            {
              condition: `\${self.repository_url == "${registry}/beanstalk-demo/${name}"}`,
              errorMessage: `The images are expected in ${registry}; pass your accountId and region to BeanstalkStack.`,
            },
          ],
        },
      });
    }

    this.environment = new BeanstalkEnvironment(this, "shop", {
      applicationName: "beanstalk-demo",
      environmentName: "beanstalk-demo-prod",
      bundleFormat: "dockerrun-v2",
      services: beanstalkDemoServices(registry, region, accountId, digests),
      network: {
        vpcId: vpcId.stringValue,
        instanceSubnetIds: instanceSubnets.listValue,
        loadBalancerSubnetIds: loadBalancerSubnets.listValue,
      },
      loadBalancer: {
        certificateArn: certificateArn.stringValue,
        healthCheck: { path: "/healthz" },
      },
      deployment: { policy: "RollingWithAdditionalBatch", batchSize: { type: "Fixed", value: 1 } },
      capacity: { minSize: 2, maxSize: 4, instanceTypes: ["t3.small", "t3a.small"] },
      managedUpdates: { preferredStartTime: "Tue:03:00" },
    });

    new TerraformOutput(this, "url", {
      value: `https://${this.environment.environment.cname}`,
      description: "The environment's HTTPS endpoint (point your DNS name at it)",
    });
    new TerraformOutput(this, "version_label", { value: this.environment.applicationVersion.name, description: "The deployed application version" });
  }
}
