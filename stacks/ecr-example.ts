import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { EcrRegistry } from "../lib/constructs/ecr-registry";
import { AwsProvider, IamRole } from "../lib/providers/aws";

/**
 * An example of the managed registry, used by the tests (not wired into stacks/main.ts): two
 * ECR repositories with immutable tags, scan on push, a customer managed KMS key and a
 * lifecycle policy; the Docker hosts' role may pull, the CI role may push.
 */
export class EcrExampleStack extends TerraformStack {
  public readonly registry: EcrRegistry;
  public readonly hostRole: IamRole;
  public readonly ciRole: IamRole;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", defaultTags: [{ tags: { "managed-by": "cdktf-docker-environments" } }] });
    this.registry = new EcrRegistry(this, "images", {
      repositories: ["shop/web", "shop/worker"],
      keepReleases: 20,
      releaseTagPatterns: ["v*", "git-*"],
      untaggedExpiryDays: 3,
    });
    this.hostRole = new IamRole(this, "docker-hosts", {
      namePrefix: "docker-hosts-",
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    this.ciRole = new IamRole(this, "ci", {
      namePrefix: "image-ci-",
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    this.registry.grantPull(this.hostRole);
    this.registry.grantPush(this.ciRole);
    new TerraformOutput(this, "web-repository", { value: this.registry.repositoryUri("shop/web"), description: "Push the web image here" });
    new TerraformOutput(this, "web-release", {
      value: this.registry.imageByDigest("shop/web", "sha256:0d5bc2a6a3e9b1f3b4e7c8d9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9"),
      description: "How a production host references a release: by digest",
    });
  }
}
