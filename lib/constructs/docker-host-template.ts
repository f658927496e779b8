import { Fn, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import type { HostPlan } from "../core/host-plan";
import type { DockerHostSettings } from "../core/docker-host-settings";
import type { ResolvedUserData } from "../core/host-user-data";
import { DataAwsAmi, LaunchTemplate } from "../providers/aws";
import { escapeTerraformTemplate } from "../render/terraform-template-escape";
import type { IamInstanceProfile, IamRole } from "../providers/aws";
import { buildDockerHostFoundation } from "./docker-host-common";
import type { DockerHostCommonProps } from "./docker-host-common";
import type { Connectable, SecurityGroup } from "./security-group";

export type DockerHostTemplateProps = DockerHostCommonProps;

/**
 * The launch-template form of DockerHost, for fleets (an auto scaling group places the hosts
 * in the network's private subnets). The same hardening: IMDSv2 required (hop limit 1 unless
 * excused), encrypted gp3 root and Docker data volumes (the data volume at
 * DOCKER_DATA_DEVICE_NAME, deleted with the host: fleet hosts are replaceable), SSM instead of
 * SSH, no public IP, detailed monitoring, EBS optimization, the engine version pinned.
 * The root volume's device name is read from the AMI, so the encryption setting always lands
 * on the real root device.
 */
export class DockerHostTemplate extends Construct implements Connectable {
  public readonly settings: DockerHostSettings;
  public readonly dockerVersion: string;
  public readonly role: IamRole;
  public readonly instanceProfile: IamInstanceProfile;
  public readonly securityGroup: SecurityGroup;
  /** The host's desired state, when it is bootstrapped from `bootstrap` (engine, daemon.json, units). */
  public readonly plan?: HostPlan;
  /** The AMI, read for its root device name. */
  public readonly image: DataAwsAmi;
  public readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: DockerHostTemplateProps) {
    super(scope, id);
    const foundation = buildDockerHostFoundation(this, props, undefined);
    const settings = (this.settings = foundation.settings);
    this.dockerVersion = settings.dockerVersion;
    this.role = foundation.role;
    this.instanceProfile = foundation.instanceProfile;
    this.securityGroup = foundation.securityGroup;
    this.plan = foundation.plan;
    this.image = new DataAwsAmi(this, "image", { filter: [{ name: "image-id", values: [foundation.imageId] }] });
    const volumeTags = { ...settings.tags, Name: `${settings.tags.Name} volume` };

    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      description: `Docker host template ${this.node.path}`.slice(0, 255),
      imageId: foundation.imageId,
      instanceType: settings.instanceType,
      keyName: props.keyName,
      updateDefaultVersion: true,
      ebsOptimized: "true",
      iamInstanceProfile: { arn: this.instanceProfile.arn },
      monitoring: { enabled: true },
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: settings.hopLimit,
        instanceMetadataTags: "disabled",
      },
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: "false",
          deleteOnTermination: "true",
          securityGroups: [this.securityGroup.securityGroupId],
          ipv6AddressCount: props.network.ipv6 ? 1 : undefined,
        },
      ],
      blockDeviceMappings: [
        {
          deviceName: this.image.rootDeviceName,
          ebs: { volumeType: "gp3", volumeSize: settings.rootVolumeSizeGiB, encrypted: "true", deleteOnTermination: "true" },
        },
        {
          deviceName: settings.dataVolume.deviceName,
          ebs: {
            volumeType: "gp3",
            volumeSize: settings.dataVolume.sizeGiB,
            iops: settings.dataVolume.iops,
            throughput: settings.dataVolume.throughputMiBps,
            encrypted: "true",
            kmsKeyId: settings.dataVolume.kmsKeyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      userData: this.base64UserData(foundation.userData),
      tagSpecifications: [
        { resourceType: "instance", tags: settings.tags },
        { resourceType: "volume", tags: volumeTags },
        { resourceType: "network-interface", tags: { Name: settings.tags.Name } },
      ],
      tags: settings.tags,
    });
  }

  /**
   * A launch template takes base64 only. Literal text is encoded here; text with Terraform
   * references goes through a local value (a JSON template, like aws_instance's user_data) and
   * Terraform's base64encode, so the references resolve before encoding.
   */
  private base64UserData(userData: ResolvedUserData | undefined): string | undefined {
    if (userData === undefined || userData.argument === "user_data_base64") return userData?.value;
    if (!Token.isUnresolved(userData.value)) return Buffer.from(userData.value, "utf8").toString("base64");
    return Fn.base64encode(new TerraformLocal(this, "user-data-text", escapeTerraformTemplate(userData.value)).asString);
  }
}
