import { Annotations, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { DaemonConfig } from "../core/daemon-config";
import { SpecError } from "../core/spec-error";
import type { HostPlan } from "../core/host-plan";
import { resolveFleetSettings } from "../core/web-fleet-settings";
import type { FleetSettings } from "../core/web-fleet-settings";
import { resolveWebMonitoring } from "../core/web-monitoring-settings";
import { resolveReleases } from "../core/web-release";
import type { ResolvedReleases } from "../core/web-release";
import { ServiceLogGroups } from "../constructs/service-log-groups";
import { WebAlarms } from "../constructs/web-alarms";
import { WebDashboard } from "../constructs/web-dashboard";
import { WebFleet } from "../constructs/web-fleet";
import { WebLoadBalancer } from "../constructs/web-load-balancer";
import { renderBootstrapUserData } from "../render/bootstrap/bootstrap-user-data";
import { cloudWatchAgentService } from "../render/cloudwatch-agent";
import { buildWebHostPlan, WEB_DATA_DEVICE_NAME, webContainerSpec } from "../render/web-host-plan";
import type { WebDataVolumeMount } from "../render/web-host-plan";
import { DEFAULT_DOCKER_VERSION, DOCKER_DATA_DEVICE_NAME } from "../core/docker-host-settings";
import { LABEL_PREFIX } from "../core/policy-exception";
import { SERVICE_NAME } from "../core/quantities";
import type { WebEnvironmentProps } from "./web-environment-props";

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,24}[a-z0-9])?$/;
/** The instance tag that says which release a host runs. */
export const RELEASE_TAG = `${LABEL_PREFIX}release`;

/**
 * The book's web environment (chapter 4): an auto-scaled fleet of Docker hosts in the private
 * subnets of every zone behind an HTTPS Application Load Balancer, one web service per host
 * (a systemd unit running the hardened container), the CloudWatch agent next to it, logs to
 * KMS-encrypted CloudWatch Logs groups, alarms and a dashboard.
 *
 * Deploys are ASG instance refreshes: a new release changes only the launch template (the
 * image is in the hosts' user data), which starts a Rolling refresh that launches new hosts
 * before stopping old ones, sends them traffic only once they pass the target group's health
 * check, pauses at each checkpoint, and rolls back by itself when the refresh fails or the 5xx
 * or unhealthy-host alarm fires. The load balancer, target group and Auto Scaling group stay.
 * Rolling back on purpose is one prop: `activeRelease`.
 */
export class WebEnvironment extends Construct {
  public readonly releases: ResolvedReleases;
  public readonly fleetSettings: FleetSettings;
  /** What every host runs: engine, daemon.json, the data volume, the service and agent units. */
  public readonly hostPlan: HostPlan;
  public readonly logs: ServiceLogGroups;
  public readonly loadBalancer: WebLoadBalancer;
  public readonly fleet: WebFleet;
  public readonly alarms: WebAlarms;
  public readonly dashboard: WebDashboard;

  constructor(scope: Construct, id: string, props: WebEnvironmentProps) {
    super(scope, id);
    const where = this.node.path;
    if (typeof props.name !== "string" || !NAME.test(props.name)) {
      throw new SpecError(where, "name", props.name, "not an environment name", "use 1 to 26 lowercase letters, digits and '-', e.g. shop");
    }
    const name = props.name;
    const tags = { ...(props.tags ?? {}), "cdktf-docker-environments:environment": name };
    this.releases = resolveReleases(props.releases, props.activeRelease, where);
    const release = this.releases.active;
    if (this.releases.activeIndex > 0) {
      Annotations.of(this).addWarning(`${where}: rolled back to release ${release.version} (the newest is ${this.releases.history[0].version})`);
    }
    this.fleetSettings = resolveFleetSettings(props.capacity, props.scaling, props.deployment, props.network.privateSubnets.length, where);
    this.fleetSettings.warnings.forEach((w) => Annotations.of(this).addWarning(`${where}: ${w}`));
    const monitoring = resolveWebMonitoring(props.monitoring, where, (v) => Token.isUnresolved(v));
    const exceptions = props.exceptions ?? [];
    const unknown = exceptions.filter((e) => e?.rule !== "LOG-RETENTION-UNDER-365" && e?.rule !== "DELETION-PROTECTION-OFF");
    if (unknown.length > 0) {
      throw new SpecError(
        where,
        "exceptions",
        unknown,
        "a web environment itself weakens only DELETION-PROTECTION-OFF and LOG-RETENTION-UNDER-365",
        "give host exceptions (IMDS-HOP-LIMIT-2) in host.exceptions, or remove them",
      );
    }
    if (props.service === null || typeof props.service !== "object") {
      throw new SpecError(where, "service", props.service, "a web environment runs one web service", "pass { name, containerPort, user, healthCheck, ... }");
    }
    const serviceName = props.service.name;
    const agentGroup = "cloudwatch-agent";
    if (typeof serviceName !== "string" || !SERVICE_NAME.test(serviceName) || serviceName === agentGroup) {
      throw new SpecError(
        where,
        "service.name",
        serviceName,
        serviceName === agentGroup ? "is the name of the CloudWatch agent the hosts run next to the service" : "not a valid service name",
        "use 1-63 lowercase letters, digits and '-', e.g. web",
      );
    }

    this.logs = new ServiceLogGroups(this, "logs", {
      prefix: `/web/${name}/`,
      names: [serviceName, agentGroup],
      retentionInDays: props.logRetentionInDays,
      exceptions: exceptions.filter((e) => e?.rule === "LOG-RETENTION-UNDER-365"),
      tags,
    });
    const dataVolume: WebDataVolumeMount | undefined = props.dataVolume && {
      containerPath: props.dataVolume.containerPath,
      hostPath: `/srv/${serviceName}-data`,
      device: WEB_DATA_DEVICE_NAME,
    };
    const service = webContainerSpec(props.service, release, this.logs.groupName(serviceName), dataVolume, where);
    const agent = cloudWatchAgentService({ image: props.monitoring?.cloudWatchAgentImage, logGroupName: this.logs.groupName(agentGroup), where });
    const daemon = props.daemon ?? new DaemonConfig({}, `${where}/daemon`);
    daemon.checkHostNetworks([props.network.subnetPlan.vpcCidr], `${where}/daemon`);
    this.hostPlan = buildWebHostPlan({
      name: `${name}-host`,
      engineVersion: props.host?.dockerVersion ?? DEFAULT_DOCKER_VERSION,
      daemon,
      dockerDataDevice: DOCKER_DATA_DEVICE_NAME,
      service,
      supportServices: [agent],
      dataVolume,
      where,
    });
    const userData = renderBootstrapUserData(this.hostPlan, props.bootstrapper ?? "cloud-init", where).userData;

    this.loadBalancer = new WebLoadBalancer(this, "load-balancer", {
      ...props.loadBalancer,
      name,
      network: props.network,
      targetPort: props.service.containerPort,
      exceptions: exceptions.filter((e) => e?.rule === "DELETION-PROTECTION-OFF"),
      tags,
    });
    const lb = this.loadBalancer;
    this.alarms = new WebAlarms(this, "alarms", {
      name,
      loadBalancerArnSuffix: lb.loadBalancer.arnSuffix,
      targetGroupArnSuffix: lb.targetGroup.arnSuffix,
      autoScalingGroupName: name,
      thresholds: monitoring.thresholds,
      alarmActions: monitoring.alarmActions,
      tags,
    });
    this.fleet = new WebFleet(this, "fleet", {
      name,
      network: props.network,
      host: props.host,
      dockerAddressSpace: props.dockerAddressSpace,
      userData,
      settings: this.fleetSettings,
      targetGroup: lb.targetGroup,
      requestCountResourceLabel: `${lb.loadBalancer.arnSuffix}/${lb.targetGroup.arnSuffix}`,
      rollbackAlarmNames: this.alarms.rollbackAlarms.map((a) => a.alarmName),
      dataVolume: props.dataVolume && { ...props.dataVolume, deviceName: WEB_DATA_DEVICE_NAME },
      hostTags: { ...tags, [RELEASE_TAG]: release.version },
      tags,
    });
    lb.allowTargets(this.fleet, props.service.containerPort);
    this.logs.grantWrite(this.fleet.template.role.name);
    this.dashboard = new WebDashboard(this, "dashboard", {
      name,
      loadBalancerArnSuffix: lb.loadBalancer.arnSuffix,
      targetGroupArnSuffix: lb.targetGroup.arnSuffix,
      autoScalingGroupName: name,
      alarms: [this.alarms.http5xxRate, this.alarms.unhealthyHosts, this.alarms.cpu, this.alarms.memory],
    });

    new TerraformOutput(this, "release", {
      description: "The release the fleet runs and the retained history (newest first); roll back by setting activeRelease to a version listed here",
      value: {
        active: release.version,
        image: release.image,
        rolledBack: this.releases.activeIndex > 0,
        history: this.releases.history.map((r) => ({ version: r.version, image: r.image, ...(r.description ? { description: r.description } : {}) })),
        launchTemplateVersion: this.fleet.template.launchTemplate.latestVersion,
      },
    });
    new TerraformOutput(this, "url", {
      description: "The HTTPS endpoint (point your DNS name at the load balancer)",
      value: `https://${lb.loadBalancer.dnsName}`,
    });
    new TerraformOutput(this, "deploy-status", {
      description: "How to follow (or roll back by hand) the instance refresh this apply started",
      value: `aws autoscaling describe-instance-refreshes --auto-scaling-group-name ${name} --max-records 1`,
    });
  }
}
