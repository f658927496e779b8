import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { DockerHostOptions } from "../core/docker-host-settings";
import type { HostUserData } from "../core/host-user-data";
import { SpecErrors } from "../core/spec-error";
import type { FleetSettings } from "../core/web-fleet-settings";
import { AutoscalingGroup, AutoscalingPolicy, IamRolePolicy } from "../providers/aws";
import type { LaunchTemplateBlockDeviceMappings, LbTargetGroup } from "../providers/aws";
import { CLOUDWATCH_AGENT_NAMESPACE } from "../render/cloudwatch-agent";
import { DockerHostTemplate } from "./docker-host-template";
import type { DockerAddressSpace } from "../core/cidr";
import type { Network } from "./network";
import type { Connectable, SecurityGroup } from "./security-group";
import { jsonWithReferences } from "./json-with-references";

/** An extra encrypted gp3 EBS volume on every host, for one service's data. */
export interface HostDataVolumeOptions {
  /** Size in GiB (1-16384). @default 20 */
  readonly sizeGiB?: number;
  /** gp3 IOPS (3000-16000). @default 3000 */
  readonly iops?: number;
  /** gp3 throughput in MiB/s (125-1000). @default 125 */
  readonly throughputMiBps?: number;
  /** A customer managed KMS key. @default the account's AWS managed key `aws/ebs` */
  readonly kmsKeyArn?: string;
}

export interface WebFleetProps {
  /** The Auto Scaling group's name (stable: a new name replaces the group). */
  readonly name: string;
  readonly network: Network;
  /** Instance type, AMI, engine version, volumes, IMDS. @default DockerHostTemplate's defaults (t3.medium, Ubuntu 24.04, Docker 27.5.1) */
  readonly host?: DockerHostOptions;
  /** Docker's address pools, checked against the VPC. @default Docker's */
  readonly dockerAddressSpace?: DockerAddressSpace;
  /** The rendered bootstrap (cloud-init by default) of one host. */
  readonly userData: HostUserData;
  /** Capacity, scaling and the instance refresh, as resolveFleetSettings made them. */
  readonly settings: FleetSettings;
  /** The target group the hosts register with; its health check gates traffic and the group's health. */
  readonly targetGroup: LbTargetGroup;
  /** `<lb arn_suffix>/<target group arn_suffix>`, for request-count scaling. */
  readonly requestCountResourceLabel: string;
  /** CloudWatch alarms that fail (and roll back) an instance refresh when they go to ALARM. */
  readonly rollbackAlarmNames: string[];
  /** The service's data volume and the device it is attached at. @default none */
  readonly dataVolume?: HostDataVolumeOptions & { readonly deviceName: string };
  /** Tags on the hosts and their volumes (the release version among them). */
  readonly hostTags: Record<string, string>;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** The group metrics the dashboard shows. */
export const GROUP_METRICS = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupPendingInstances", "GroupTerminatingInstances", "GroupTotalInstances"];

/**
 * The auto-scaled fleet of Docker hosts: a launch template (DockerHostTemplate: IMDSv2 hop 1,
 * encrypted volumes, SSM, no public IP) and an Auto Scaling group in the private subnets of
 * every zone, replacing hosts that fail the load balancer's health check after the grace
 * period. Every new launch template version (a release, an AMI, host settings) starts a
 * Rolling instance refresh that keeps `minHealthyPercentage` of the fleet serving, pauses at
 * each checkpoint, and rolls back by itself when the refresh fails or a rollback alarm fires.
 */
export class WebFleet extends Construct implements Connectable {
  public readonly template: DockerHostTemplate;
  public readonly group: AutoscalingGroup;
  public readonly scalingPolicies: AutoscalingPolicy[] = [];
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: WebFleetProps) {
    super(scope, id);
    const where = this.node.path;
    const s = props.settings;
    this.template = new DockerHostTemplate(this, "hosts", {
      ...props.host,
      tags: { ...(props.host?.tags ?? {}), ...props.hostTags },
      network: props.network,
      dockerAddressSpace: props.dockerAddressSpace,
      userData: props.userData,
    });
    this.securityGroup = this.template.securityGroup;
    if (props.dataVolume) this.addDataVolume(props.dataVolume, where);

    // The agent publishes the host's memory (namespace CWAgent) and tags it with the group's name.
    new IamRolePolicy(this, "metrics-grant", {
      name: "publish-host-metrics",
      role: this.template.role.name,
      policy: jsonWithReferences({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "PutAgentMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": CLOUDWATCH_AGENT_NAMESPACE } },
          },
          { Sid: "ReadOwnTagsForDimensions", Effect: "Allow", Action: "ec2:DescribeTags", Resource: "*" },
        ],
      }),
    });

    const scales = s.scaling.cpuUtilizationPercent !== undefined || s.scaling.requestsPerTarget !== undefined;
    const d = s.deployment;
    this.group = new AutoscalingGroup(this, "group", {
      name: props.name,
      minSize: s.minSize,
      maxSize: s.maxSize,
      desiredCapacity: s.desiredCapacity,
      vpcZoneIdentifier: props.network.privateSubnets.map((subnet) => subnet.id),
      // A numbered version (not $Latest): a new version starts the refresh, and rollback needs a numbered one.
      launchTemplate: { id: this.template.launchTemplate.id, version: Fn.tostring(this.template.launchTemplate.latestVersion) },
      targetGroupArns: [props.targetGroup.arn],
      healthCheckType: "ELB",
      healthCheckGracePeriod: d.healthCheckGracePeriodSeconds,
      defaultInstanceWarmup: d.instanceWarmupSeconds,
      // The first apply waits until minSize hosts pass the load balancer's health check.
      minElbCapacity: s.minSize,
      waitForCapacityTimeout: "20m",
      instanceMaintenancePolicy: { minHealthyPercentage: d.minHealthyPercentage, maxHealthyPercentage: d.maxHealthyPercentage },
      instanceRefresh: {
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: d.minHealthyPercentage,
          maxHealthyPercentage: d.maxHealthyPercentage,
          checkpointPercentages: d.checkpointPercentages,
          checkpointDelay: String(d.checkpointDelaySeconds),
          instanceWarmup: String(d.instanceWarmupSeconds),
          autoRollback: true,
          alarmSpecification: { alarms: props.rollbackAlarmNames },
          skipMatching: true,
        },
      },
      enabledMetrics: GROUP_METRICS,
      metricsGranularity: "1Minute",
      tag: [{ key: "Name", value: props.name, propagateAtLaunch: false }],
      // With a scaling policy, the policy owns the desired capacity after creation.
      lifecycle: scales ? { ignoreChanges: ["desired_capacity"] } : undefined,
    });

    if (s.scaling.cpuUtilizationPercent !== undefined) {
      this.scalingPolicies.push(
        new AutoscalingPolicy(this, "cpu-target", {
          name: `${props.name}-cpu-target`,
          autoscalingGroupName: this.group.name,
          policyType: "TargetTrackingScaling",
          targetTrackingConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
            targetValue: s.scaling.cpuUtilizationPercent,
          },
        }),
      );
    }
    if (s.scaling.requestsPerTarget !== undefined) {
      this.scalingPolicies.push(
        new AutoscalingPolicy(this, "requests-target", {
          name: `${props.name}-requests-target`,
          autoscalingGroupName: this.group.name,
          policyType: "TargetTrackingScaling",
          targetTrackingConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: props.requestCountResourceLabel },
            targetValue: s.scaling.requestsPerTarget,
          },
        }),
      );
    }
  }

  /** Adds the service's encrypted gp3 volume to the launch template, next to the root and Docker data volumes. */
  private addDataVolume(volume: HostDataVolumeOptions & { deviceName: string }, where: string): void {
    const errors = new SpecErrors(where);
    const sizeGiB = volume.sizeGiB ?? 20;
    const iops = volume.iops ?? 3000;
    const throughput = volume.throughputMiBps ?? 125;
    const check = (field: string, value: number, min: number, max: number) => {
      if (!Number.isInteger(value) || value < min || value > max)
        errors.add(`dataVolume.${field}`, value, `not a whole number from ${min} to ${max}`, `gp3 takes ${min} to ${max}`);
    };
    check("sizeGiB", sizeGiB, 1, 16384);
    check("iops", iops, 3000, 16000);
    check("throughputMiBps", throughput, 125, 1000);
    errors.throwIfAny();
    const template = this.template.launchTemplate;
    const existing = (template.blockDeviceMappingsInput ?? []) as LaunchTemplateBlockDeviceMappings[];
    template.putBlockDeviceMappings([
      ...existing,
      {
        deviceName: volume.deviceName,
        ebs: {
          volumeType: "gp3",
          volumeSize: sizeGiB,
          iops,
          throughput,
          encrypted: "true",
          kmsKeyId: volume.kmsKeyArn,
          // Per-host data goes with the host: the fleet is replaced on every release.
          deleteOnTermination: "true",
        },
      },
    ]);
  }
}
