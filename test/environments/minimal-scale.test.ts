import { Testing } from "cdktf";
import { MinimalEnvironment, Network } from "cdktf-docker-environments";
import { awsStack } from "../support/aws-stack";

/**
 * SSM limits a Command document to 64 KB and an association to 50 targets. Every host's files
 * travel in each service's deploy document, deduplicated and compressed, so an environment of
 * 50 hosts running the support services everywhere (the largest documents) still synthesizes.
 */
test("50 hosts: every deploy document stays under SSM's 64 KB", () => {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"], cidr: "10.40.0.0/16" });
  const hosts = Array.from({ length: 50 }, (_, i) => ({ name: `app-${i}`, instanceType: "t3.large", localConfiguration: { NODE_NAME: `app-${i}` } }));
  new MinimalEnvironment(stack, "scale", {
    network,
    name: "scale",
    hosts,
    region: "eu-west-1",
    clusterConfiguration: { ENVIRONMENT: "scale" },
    services: [
      {
        spec: {
          name: "web",
          user: "10001:10001",
          healthCheck: { command: "wget -q -O /dev/null http://127.0.0.1:8080/healthz" },
        },
        releases: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.0.0@sha256:" + "a1".repeat(32)],
        replicas: 50,
      },
    ],
  });
  const json = JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Record<string, { content?: string }>> };
  const sizes = Object.values(json.resource.aws_ssm_document).map((d) => Buffer.byteLength(String(d.content), "utf8"));
  expect(sizes.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...sizes)).toBeLessThan(64 * 1024);
});
