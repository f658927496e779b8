import { gzipSync } from "node:zlib";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DockerHost } from "../lib/constructs/docker-host";
import { DockerHostTemplate } from "../lib/constructs/docker-host-template";
import { Network } from "../lib/constructs/network";
import { Port } from "../lib/core/security-group-port";
import { AwsProvider } from "../lib/providers/aws";

/** Stand-ins for the bootstrappers' output (lib/render/bootstrap/), which this example does not depend on. */
const WEB_USER_DATA = `#cloud-config
# Placeholder user data: the bootstrappers render the real document (engine, storage, daemon.json, units).
package_update: true
runcmd:
  - [sh, -c, 'echo "docker host \${HOSTNAME:-web} up"']
`;
const DB_USER_DATA = (() => {
  const compressed = gzipSync(`#!/bin/sh\nset -eu\necho "database host up"\n`, { level: 9 });
  compressed[9] = 3; // the header's OS byte is the zlib build's platform: pin "Unix" so the JSON is the same everywhere
  return compressed.toString("base64");
})();

/**
 * An example of the host building blocks, used by the tests (not a deployable environment and
 * not wired into stacks/main.ts): a dual-stack network across two zones with a NAT gateway
 * per zone, a web host and a database host in the private subnets, the database reachable
 * from the web host only, and a fleet template whose containers need instance metadata.
 */
export class HostsExampleStack extends TerraformStack {
  public readonly network: Network;
  public readonly web: DockerHost;
  public readonly database: DockerHost;
  public readonly fleet: DockerHostTemplate;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", defaultTags: [{ tags: { "managed-by": "cdktf-docker-environments" } }] });
    this.network = new Network(this, "network", { cidr: "10.20.0.0/16", zoneCount: 2, natGateways: "per-zone", ipv6: true });
    this.web = new DockerHost(this, "web", {
      network: this.network,
      zoneIndex: 0,
      dnsName: "web",
      userData: { text: WEB_USER_DATA },
    });
    this.database = new DockerHost(this, "database", {
      network: this.network,
      zoneIndex: 1,
      instanceType: "m7i.large",
      dnsName: "db",
      dockerDataVolume: { sizeGiB: 200, iops: 6000, throughputMiBps: 250 },
      dockerAddressSpace: { bip: "10.250.0.1/24", defaultAddressPools: [{ base: "10.251.0.0/16", size: 24 }] },
      userData: { base64Gzip: DB_USER_DATA },
      userDataChange: "replace-instance",
    });
    this.database.securityGroup.allowFrom(this.web, Port.tcp(5432), "PostgreSQL from the web host");
    this.fleet = new DockerHostTemplate(this, "fleet", {
      network: this.network,
      ami: "ami-0123456789abcdef0",
      instanceMetadataHopLimit: 2,
      exceptions: [{ rule: "IMDS-HOP-LIMIT-2", reason: "the log shipper container reads the instance role credentials" }],
      userData: { text: WEB_USER_DATA },
    });
    this.web.securityGroup.allowFrom(this.fleet, Port.tcp(8080), "Application port from the fleet hosts");

    new TerraformOutput(this, "web-address", { value: this.web.instance.privateIp, description: "The web host's private IPv4 address" });
    new TerraformOutput(this, "fleet-launch-template", { value: this.fleet.launchTemplate.id, description: "Launch template of the fleet hosts" });
  }
}
