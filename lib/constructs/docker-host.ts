import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { HostPlan } from "../core/host-plan";
import type { DockerHostSettings } from "../core/docker-host-settings";
import { sharedReference } from "./shared-reference";
import { SpecError } from "../core/spec-error";
import { EbsVolume, Instance, Route53Record, VolumeAttachment } from "../providers/aws";
import type { IamInstanceProfile, IamRole } from "../providers/aws";
import { buildDockerHostFoundation, terraformUserData } from "./docker-host-common";
import type { DockerHostCommonProps } from "./docker-host-common";
import type { Connectable, SecurityGroup } from "./security-group";

export interface DockerHostProps extends DockerHostCommonProps {
  /** Which tier of the network's subnets. @default "private" */
  readonly subnetType?: "private" | "public";
  /** Which zone's subnet (index into network.availabilityZones). @default 0 */
  readonly zoneIndex?: number;
  /**
   * What a change of the user data does. `update-in-place` (user_data_replace_on_change =
   * false): Terraform stops the instance, sets the new user data and starts it again; the
   * host, its data volume and its address stay, and cloud-init's once-per-instance modules do
   * not run again, so a changed `bootstrap` does NOT reach the running host: use it for hosts
   * whose services arrive another way (MinimalEnvironment's SSM deploys). `replace-instance`:
   * a new instance boots with the new user data and the data volume is re-attached to it.
   * @default "update-in-place"
   */
  readonly userDataChange?: "update-in-place" | "replace-instance";
  /**
   * Ignore AMI changes after creation, so a new image behind the SSM parameter does not
   * replace a host that is updated in place; patch it in place (unattended-upgrades, SSM
   * Patch Manager) or replace it deliberately (`terraform apply -replace`).
   * @default true when the AMI comes from the SSM parameter, false for an explicit ami
   */
  readonly ignoreAmiChanges?: boolean;
  /** Take a snapshot of the Docker data volume when it is destroyed. @default true */
  readonly dataVolumeFinalSnapshot?: boolean;
  /**
   * A name in the network's private zone: an A record (and AAAA with IPv6 in a private subnet)
   * `<dnsName>.<zone>` for the host's private address. @default no record
   */
  readonly dnsName?: string;
}

const DNS_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * One EC2 Docker host, hardened by default: IMDSv2 required with hop limit 1, encrypted gp3
 * root volume, a separate encrypted gp3 volume for Docker's data root (CIS Docker 1.1.1) at
 * DOCKER_DATA_DEVICE_NAME, an instance role with SSM Session Manager instead of SSH (no key
 * pair, port 22 closed), a security group whose every rule has a description, detailed
 * monitoring, EBS optimization, no public IP, the AMI given or resolved from an SSM parameter,
 * and the Docker Engine version pinned (tagged, and handed to the bootstrap).
 *
 * The data volume is attached after the instance starts: the bootstrap waits for the device.
 */
export class DockerHost extends Construct implements Connectable {
  public readonly settings: DockerHostSettings;
  public readonly dockerVersion: string;
  public readonly role: IamRole;
  public readonly instanceProfile: IamInstanceProfile;
  public readonly securityGroup: SecurityGroup;
  /** The host's desired state, when it is bootstrapped from `bootstrap` (engine, daemon.json, units). */
  public readonly plan?: HostPlan;
  public readonly instance: Instance;
  public readonly dataVolume: EbsVolume;
  public readonly dataVolumeAttachment: VolumeAttachment;
  /** The host's name in the private zone, when `dnsName` is set. */
  public readonly fqdn?: string;

  constructor(scope: Construct, id: string, props: DockerHostProps) {
    super(scope, id);
    const where = this.node.path;
    const subnetType = props.subnetType ?? "private";
    if (subnetType !== "private" && subnetType !== "public") {
      throw new SpecError(where, "subnetType", subnetType, "not a subnet tier", "use 'private' or 'public'");
    }
    const subnets = subnetType === "private" ? props.network.privateSubnets : props.network.publicSubnets;
    const zoneIndex = props.zoneIndex ?? 0;
    if (!Number.isInteger(zoneIndex) || zoneIndex < 0 || zoneIndex >= subnets.length) {
      throw new SpecError(where, "zoneIndex", zoneIndex, `the network has ${subnets.length} zones`, `use 0 to ${subnets.length - 1}`);
    }
    if (props.dnsName !== undefined && !DNS_NAME.test(props.dnsName)) {
      throw new SpecError(where, "dnsName", props.dnsName, "not a DNS name relative to the private zone", "use lowercase letters, digits and '-', e.g. web-1");
    }
    const foundation = buildDockerHostFoundation(this, props, subnetType);
    const settings = (this.settings = foundation.settings);
    this.dockerVersion = settings.dockerVersion;
    this.role = foundation.role;
    this.instanceProfile = foundation.instanceProfile;
    this.securityGroup = foundation.securityGroup;
    this.plan = foundation.plan;
    const subnet = subnets[zoneIndex];
    const ipv6Address = props.network.ipv6 && subnetType === "private";
    const ignoreAmiChanges = props.ignoreAmiChanges ?? settings.image.kind === "parameter";

    this.instance = new Instance(this, "instance", {
      ami: foundation.imageId,
      instanceType: settings.instanceType,
      subnetId: sharedReference(subnet, "id"),
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      iamInstanceProfile: this.instanceProfile.name,
      keyName: props.keyName,
      associatePublicIpAddress: settings.associatePublicIpAddress,
      ipv6AddressCount: ipv6Address ? 1 : undefined,
      monitoring: true,
      ebsOptimized: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: settings.hopLimit,
        instanceMetadataTags: "disabled",
      },
      rootBlockDevice: {
        volumeType: "gp3",
        volumeSize: settings.rootVolumeSizeGiB,
        encrypted: true,
        deleteOnTermination: true,
        tags: { ...settings.tags, Name: `${settings.tags.Name} root` },
      },
      ...terraformUserData(foundation.userData),
      userDataReplaceOnChange: props.userDataChange === "replace-instance",
      tags: settings.tags,
      lifecycle: ignoreAmiChanges ? { ignoreChanges: ["ami"] } : undefined,
    });
    this.dataVolume = new EbsVolume(this, "docker-data", {
      availabilityZone: sharedReference(subnet, "availabilityZone"),
      type: "gp3",
      size: settings.dataVolume.sizeGiB,
      iops: settings.dataVolume.iops,
      throughput: settings.dataVolume.throughputMiBps,
      encrypted: true,
      kmsKeyId: settings.dataVolume.kmsKeyArn,
      finalSnapshot: props.dataVolumeFinalSnapshot ?? true,
      tags: { ...settings.tags, Name: `${settings.tags.Name} docker data` },
    });
    this.dataVolumeAttachment = new VolumeAttachment(this, "docker-data-attachment", {
      deviceName: settings.dataVolume.deviceName,
      volumeId: this.dataVolume.id,
      instanceId: this.instance.id,
      // Detach a consistent filesystem: stop the instance first when the attachment goes.
      stopInstanceBeforeDetaching: true,
    });

    if (props.dnsName !== undefined) {
      const zone = props.network.privateZone;
      this.fqdn = `${props.dnsName}.${sharedReference(zone, "name")}`;
      new Route53Record(this, "dns-a", { zoneId: sharedReference(zone, "zoneId"), name: this.fqdn, type: "A", ttl: 300, records: [this.instance.privateIp] });
      if (ipv6Address) {
        new Route53Record(this, "dns-aaaa", {
          zoneId: sharedReference(zone, "zoneId"),
          name: this.fqdn,
          type: "AAAA",
          ttl: 300,
          records: [Fn.element(this.instance.ipv6Addresses, 0)],
        });
      }
    }
  }
}
