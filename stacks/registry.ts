import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { Network } from "../lib/constructs/network";
import { PrivateRegistry } from "../lib/constructs/private-registry";
import { SecretRef } from "../lib/core/secret-reference";
import { AwsProvider } from "../lib/providers/aws";

/**
 * A load-balanced, S3-backed private registry: two replicas on Docker hosts in two zones behind an
 * internal application load balancer (TLS 1.3/1.2 with an ACM certificate), htpasswd users whose
 * passwords stay in SSM Parameter Store, a shared http.secret, a password-protected Redis blob-descriptor cache and
 * weekly garbage collection in read-only mode. AWS provider only.
 */
export class RegistryStack extends TerraformStack {
  public readonly network: Network;
  public readonly registry: PrivateRegistry;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", defaultTags: [{ tags: { "managed-by": "cdktf-docker-environments", stack: id } }] });
    const certificateArn = new TerraformVariable(this, "certificate_arn", {
      type: "string",
      description: "ACM certificate of the registry's HTTPS listener",
      validation: [
        { condition: '${can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))}', errorMessage: "certificate_arn must be an ACM certificate ARN." },
      ],
    });
    this.network = new Network(this, "network", { cidr: "10.30.0.0/16", zoneCount: 2, natGateways: "per-zone", privateZoneName: "registry.internal" });
    this.registry = new PrivateRegistry(this, "registry", {
      network: this.network,
      replicas: 2,
      tls: { loadBalancer: { certificateArn: certificateArn.stringValue } },
      auth: {
        htpasswd: {
          users: [
            { name: "ci", password: SecretRef.ssmParameter("/registry/users/ci") },
            { name: "deploy", password: SecretRef.ssmParameter("/registry/users/deploy") },
          ],
        },
      },
      httpSecret: SecretRef.ssmParameter("/registry/http-secret"),
      redisPassword: SecretRef.ssmParameter("/registry/redis-password"),
      publicUrl: "https://registry.example.com",
      garbageCollection: { schedule: "Sun *-*-* 03:00:00", windowMinutes: 30 },
      hosts: { dockerVersion: "27.5.1" },
    });
    new TerraformOutput(this, "registry-dns-name", { value: this.registry.loadBalancer!.loadBalancer.dnsName, description: "Point registry.example.com here" });
    new TerraformOutput(this, "storage-bucket", { value: this.registry.bucket!.bucket.bucket, description: "The registry's S3 bucket" });
  }
}
