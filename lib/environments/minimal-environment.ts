import { TerraformOutput, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import type { EffectiveVariable } from "../core/configuration-layers";
import { DaemonConfig } from "../core/daemon-config";
import { DEFAULT_DOCKER_VERSION, DOCKER_DATA_DEVICE_NAME } from "../core/docker-host-settings";
import { assignHostAddresses } from "../core/host-addressing";
import type { HostAddress } from "../core/host-addressing";
import type { HostPlan } from "../core/host-plan";
import type { Placement } from "../core/placement";
import { SERVICE_NAME } from "../core/quantities";
import type { ReleaseHistory } from "../core/release-history";
import { secretReadStatements } from "../core/secret-access";
import { SpecError } from "../core/spec-error";
import { Port } from "../core/security-group-port";
import type { SupportServiceHost } from "../core/support-service";
import { AwsProvider, IamRolePolicy } from "../providers/aws";
import { renderBootstrapUserData } from "../render/bootstrap/bootstrap-user-data";
import { buildMinimalHostPlan } from "../render/minimal-host-plan";
import { planServices } from "../render/minimal-environment-plan";
import type { PlannedService } from "../render/minimal-environment-plan";
import { SupportServices } from "../render/support-services";
import { escapeTerraformTemplates } from "../render/terraform-template-escape";
import { awsAccountId, awsPartition, awsRegion } from "../constructs/aws-context";
import { ContainerLogGroup } from "../constructs/container-log-group";
import { DockerHost } from "../constructs/docker-host";
import { sharedReference } from "../constructs/shared-reference";
import { ServiceDeployment } from "../constructs/service-deployment";
import { ServiceDnsRecords } from "../constructs/service-dns-records";
import type { MinimalEnvironmentProps } from "./minimal-environment-props";
import { placeEnvironmentServices } from "./minimal-placement";
import { jsonWithReferences } from "../constructs/json-with-references";

/** One host of the environment. */
export interface MinimalEnvironmentHost {
  readonly name: string;
  readonly privateIp: string;
  readonly zoneIndex: number;
  /** What its user data installs (never the services: they arrive through SSM). */
  readonly plan: HostPlan;
  readonly dockerHost: DockerHost;
}

/**
 * The book's minimal environment (chapter 3): a fixed set of named Docker hosts, every service a
 * container run by a systemd unit, no cluster manager. Services are placed explicitly or by a
 * deterministic strategy that refuses to overcommit a host; their configuration comes in three
 * layers (cluster-wide, common, local: one EnvironmentFile= each, local wins); secrets are
 * references fetched on the host. Support services (a log shipper, a metrics agent) run on every
 * host. Services with private ports are named in the private zone (chapter 14).
 *
 * Deploys happen in place: the user data only bootstraps a host, and each service's unit and
 * files are delivered by an SSM document and association that visits one host at a time, waits
 * for the health check and rolls the host back (and stops) on failure. A new image or new
 * configuration changes the document, never the instances. See /work/notes or the README.
 */
export class MinimalEnvironment extends Construct {
  public readonly name: string;
  public readonly hosts: Record<string, MinimalEnvironmentHost> = {};
  public readonly placement: Placement;
  /** Every service, application and support, as rendered for its hosts. */
  public readonly services: Record<string, PlannedService> = {};
  public readonly deployments: Record<string, ServiceDeployment> = {};
  public readonly dnsRecords: Record<string, ServiceDnsRecords> = {};
  public readonly logGroup: ContainerLogGroup;

  constructor(scope: Construct, id: string, props: MinimalEnvironmentProps) {
    super(scope, id);
    const where = this.node.path;
    this.name = props.name ?? id;
    if (!SERVICE_NAME.test(this.name)) {
      throw new SpecError(where, "name", this.name, "not a usable environment name", "use lowercase letters, digits and '-', e.g. minimal");
    }
    const hostProps = props.hosts ?? [];
    if (!Array.isArray(hostProps) || hostProps.length < 1 || hostProps.length > 50) {
      throw new SpecError(
        where,
        "hosts",
        hostProps?.length,
        "an environment has 1 to 50 hosts (an SSM association targets at most 50 instances)",
        "list 1 to 50 hosts",
      );
    }
    hostProps.forEach((host, i) => {
      if (!SERVICE_NAME.test(host?.name ?? ""))
        throw new SpecError(where, `hosts[${i}].name`, host?.name, "not a DNS label", "use lowercase letters, digits and '-', e.g. app-1");
      if (hostProps.findIndex((h) => h.name === host.name) !== i)
        throw new SpecError(where, `hosts[${i}].name`, host.name, "two hosts have this name", "name every host differently");
    });
    const region = props.region ?? providerRegion(this);
    if (region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      throw new SpecError(
        where,
        "region",
        region,
        "the log shipper's configuration needs the region as a literal",
        'pass region: "eu-west-1", or set it on the stack\'s AwsProvider',
      );
    }
    const network = props.network;
    const zone = network.privateZone;
    const zoneName = (zone.nameInput ?? zone.name) as string;
    const addresses = assignHostAddresses(hostProps, network.subnetPlan.privateSubnets, where);
    const daemon = props.daemon ?? new DaemonConfig({}, `${where}/daemon`);
    daemon.checkHostNetworks([network.subnetPlan.vpcCidr], `${where}/daemon`);
    const logGroupName = `/cdktf-docker-environments/${this.name}/containers`;
    const supportServices = props.supportServices ?? SupportServices.defaults();
    const supportHost = (host: HostAddress): SupportServiceHost => ({
      name: host.name,
      privateIp: host.privateIp,
      environmentName: this.name,
      region,
      logGroupName,
      dockerDataRoot: daemon.dataRoot,
      hosts: addresses.map((a) => ({ name: a.name, privateIp: a.privateIp })).sort((a, b) => (a.name < b.name ? -1 : 1)),
      zoneName,
    });

    this.placement = placeEnvironmentServices({ props, addresses, supportServices, supportHost, where });

    const planned = planServices({
      environmentName: this.name,
      hosts: addresses.map((a, i) => ({ ...a, localConfiguration: hostProps[i].localConfiguration ?? {} })),
      services: props.services,
      placement: this.placement.services,
      clusterConfiguration: props.clusterConfiguration ?? {},
      supportServices,
      supportHost,
      daemon,
      policy: props.policy ?? {},
      releaseHistoryLimit: props.releaseHistoryLimit ?? 5,
      healthTimeoutSeconds: props.deploy?.healthTimeoutSeconds ?? 300,
      where,
    });
    for (const service of planned) this.services[service.name] = service;

    const tags = { "cdktf-docker-environments:environment": this.name };
    this.logGroup = new ContainerLogGroup(this, "container-logs", { logGroupName, retentionInDays: props.logRetentionInDays ?? 365, tags });
    const arnContext = { partition: awsPartition(this), region: awsRegion(this), accountId: awsAccountId(this) };
    addresses.forEach((address, i) => {
      const plan = buildMinimalHostPlan({
        hostName: address.name,
        engineVersion: hostProps[i].hostOptions?.dockerVersion ?? DEFAULT_DOCKER_VERSION,
        daemon,
        dataDevice: DOCKER_DATA_DEVICE_NAME,
        where: `${where}/hosts/${address.name}`,
      });
      const dockerHost = new DockerHost(this, address.name, {
        ...hostProps[i].hostOptions,
        network,
        instanceType: hostProps[i].instanceType ?? "t3.medium",
        zoneIndex: address.zoneIndex,
        dnsName: address.name,
        userData: renderBootstrapUserData(plan, props.bootstrapper ?? "cloud-init", `${where}/hosts/${address.name}`).userData,
        userDataChange: "update-in-place",
      });
      dockerHost.instance.privateIp = address.privateIp;
      const secrets = planned.filter((s) => s.hosts.includes(address.name)).flatMap((s) => s.secrets);
      new IamRolePolicy(dockerHost, "environment-access", {
        role: dockerHost.role.id,
        name: "minimal-environment",
        policy: jsonWithReferences({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ShipContainerLogs",
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [`${this.logGroup.logGroup.arn}:*`],
            },
            ...secretReadStatements(secrets, arnContext),
          ],
        }),
      });
      this.hosts[address.name] = { name: address.name, privateIp: address.privateIp, zoneIndex: address.zoneIndex, plan, dockerHost };
    });

    const allHosts = Object.values(this.hosts);
    // One token per instance for all the deployments: each read of `instance.id` is a new token,
    // with the full stack trace cdktf records for it (20,000 at 4 x 50 hosts x 100 services).
    const instanceIds = allHosts.map((h) => h.dockerHost.instance.id);
    for (const service of planned) {
      for (const port of service.privatePorts) {
        for (const server of service.hosts.map((h) => this.hosts[h])) {
          for (const client of allHosts.filter((h) => h !== server)) {
            const rule = port.protocol === "tcp" ? Port.tcp(port.hostPort) : Port.udp(port.hostPort);
            server.dockerHost.securityGroup.allowFrom(client.dockerHost, rule, `${service.name} ${port.name} from ${client.name}`);
          }
        }
      }
      for (const port of service.peerPorts) {
        for (const server of allHosts) {
          for (const client of allHosts.filter((h) => h !== server)) {
            const rule = port.protocol === "tcp" ? Port.tcp(port.port) : Port.udp(port.port);
            server.dockerHost.securityGroup.allowFrom(client.dockerHost, rule, `${port.purpose} from ${client.name}`);
          }
        }
      }
      if (service.privatePorts.length > 0 && service.hosts.length > 0) {
        this.dnsRecords[service.name] = new ServiceDnsRecords(this, `dns-${service.name}`, {
          zoneId: sharedReference(zone, "zoneId"),
          zoneName,
          service: service.name,
          hosts: service.hosts.map((h) => this.hosts[h]),
          ports: service.privatePorts,
          ttlSeconds: props.dnsTtlSeconds,
        });
      }
      const healthTimeout = props.deploy?.healthTimeoutSeconds ?? 300;
      this.deployments[service.name] = new ServiceDeployment(this, `deploy-${service.name}`, {
        documentName: `${this.name}-${service.name}-deploy`,
        content: service.deployment.content,
        instanceIds,
        waitForSuccessTimeoutSeconds: 1800 + allHosts.length * (healthTimeout + 300),
        scheduleExpression: props.deploy?.scheduleExpression,
        tags,
      });
    }
    this.addOutputs();
  }

  /** Each variable the service sees on the host (its configuration layers), with the layer it came from. */
  effectiveEnvironment(service: string, host: string): Record<string, EffectiveVariable> {
    const planned = this.services[service];
    if (planned === undefined || planned.kind !== "application") {
      throw new SpecError(this.node.path, "service", service, "no such application service", `use one of ${this.applicationServices().join(", ")}`);
    }
    const environment = planned.environment[host];
    if (environment === undefined) {
      throw new SpecError(
        this.node.path,
        "host",
        host,
        `${service} does not run there`,
        `use one of ${planned.hosts.join(", ") || "(none: it is placed nowhere)"}`,
      );
    }
    return environment;
  }

  /** The service's release history: what runs and what it can roll back to. */
  releaseHistory(service: string): ReleaseHistory {
    const releases = this.services[service]?.releases;
    if (releases === undefined)
      throw new SpecError(this.node.path, "service", service, "no such application service", `use one of ${this.applicationServices().join(", ")}`);
    return releases;
  }

  private applicationServices(): string[] {
    return Object.values(this.services)
      .filter((s) => s.kind === "application")
      .map((s) => s.name);
  }

  private addOutputs(): void {
    const applications = Object.values(this.services).filter((s) => s.kind === "application");
    const output = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description }).overrideLogicalId(`${this.name}-${id}`);
    output(
      "hosts",
      Object.fromEntries(Object.values(this.hosts).map((h) => [h.name, { private_ip: h.privateIp, instance_id: h.dockerHost.instance.id }])),
      "Hosts",
    );
    output("placement", Object.fromEntries(Object.values(this.services).map((s) => [s.name, s.hosts])), "Which hosts run each service");
    output(
      "releases",
      Object.fromEntries(
        applications.map((s) => [s.name, { running: s.releases?.running, releases: s.releases?.releases, rolled_back: s.releases?.rolledBack }]),
      ),
      "Each service's running image and retained releases, newest first",
    );
    // JSON text rather than an object: it is the stack's largest value (~220 KB at 100 hosts x 20
    // services), and cdktf resolving it value by value made V8's allocation-site pretenuring keep
    // the resolver's short-lived objects in the old generation: peak memory of the whole synthesis
    // went from ~220 to 400+ MB in about half the runs (1 run in 21 with it as text; none with
    // pretenuring off).
    output(
      "effective-configuration",
      JSON.stringify(escapeTerraformTemplates(Object.fromEntries(applications.map((s) => [s.name, s.environment])))),
      "JSON: each variable each service sees on each host, with its layer (cluster < common < local); secrets are references, not here",
    );
  }
}

/** The stack's AwsProvider region, when it is a literal. */
function providerRegion(scope: Construct): string | undefined {
  const provider = TerraformStack.of(scope)
    .node.findAll()
    .find((c): c is AwsProvider => c instanceof AwsProvider);
  const region = provider?.region;
  return region !== undefined && !Token.isUnresolved(region) ? region : undefined;
}
