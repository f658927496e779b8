import { Fn, propertyAccess, Token } from "cdktf";
import { Construct } from "constructs";
import { awsExceptionTags, resolveAwsExceptions } from "../core/aws-exception";
import type { AwsException, AwsRuleId } from "../core/aws-exception";
import { checkDockerAddressSpace } from "../core/cidr";
import type { DockerAddressSpace } from "../core/cidr";
import { SpecError, SpecErrors } from "../core/spec-error";
import { planSubnets } from "../core/subnet-plan";
import type { SubnetPlan } from "../core/subnet-plan";
import {
  DataAwsAvailabilityZones,
  DefaultSecurityGroup,
  EgressOnlyInternetGateway,
  Eip,
  InternetGateway,
  NatGateway,
  Route,
  Route53Zone,
  RouteTable,
  RouteTableAssociation,
  Subnet,
  Vpc,
} from "../providers/aws";
import { LOG_RETENTION_DAYS, VpcFlowLogs } from "./network-flow-logs";
import type { FlowLogOptions } from "./network-flow-logs";

export interface NetworkProps {
  /** Name used in Name tags, the flow log group and the private zone. Lowercase letters, digits, '-'. @default the construct path, '-'-joined */
  readonly name?: string;
  /** The VPC's IPv4 block (private, /16 to /28). @default "10.0.0.0/16" */
  readonly cidr?: string;
  /** The availability zones, at least 2. @default the first `zoneCount` available zones of the region (aws_availability_zones) */
  readonly availabilityZones?: string[];
  /** How many zones to take from the region when `availabilityZones` is not given (at least 2). @default 2 */
  readonly zoneCount?: number;
  /** Subnet sizes. @default private: half the VPC split over the zones; public: a quarter of a private subnet */
  readonly subnetPrefixLengths?: { readonly public?: number; readonly private?: number };
  /**
   * NAT gateways for the private subnets' IPv4 egress: one per zone (survives a zone outage),
   * one shared (cheaper; a zone outage cuts the others' egress), or none (hosts need VPC
   * endpoints or IPv6 to install packages and reach SSM). @default "per-zone"
   */
  readonly natGateways?: "per-zone" | "single" | "none";
  /**
   * IPv6 end to end: an Amazon-provided /56 on the VPC, a /64 on every subnet, `::/0` through
   * the internet gateway (public) and an egress-only gateway (private, outbound only). Hosts
   * in private subnets get an address. @default false
   */
  readonly ipv6?: boolean;
  /** Flow logs (always on: CKV2_AWS_11). @default all traffic, 365 days, KMS-encrypted log group */
  readonly flowLogs?: FlowLogOptions;
  /** The Route 53 private zone's name. @default `${name}.internal` */
  readonly privateZoneName?: string;
  /** Named, reasoned weakenings (LOG-RETENTION-UNDER-365). @default none */
  readonly exceptions?: AwsException[];
  /** Extra tags on every resource. @default none */
  readonly tags?: Record<string, string>;
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ZONE_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A VPC across at least two availability zones (book chapter 12): a public and a private
 * subnet per zone with CIDRs computed from the VPC block (planSubnets), no automatic public
 * IPs, optional NAT, flow logs to a KMS-encrypted log group, the default security group
 * stripped of every rule, optional IPv6 end to end and a Route 53 private zone for names.
 */
export class Network extends Construct {
  public readonly name: string;
  public readonly cidr: string;
  public readonly ipv6: boolean;
  public readonly subnetPlan: SubnetPlan;
  /** The zones, in subnet order (literals, or references to the data source). */
  public readonly availabilityZones: string[];
  public readonly vpc: Vpc;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly internetGateway: InternetGateway;
  public readonly egressOnlyInternetGateway?: EgressOnlyInternetGateway;
  public readonly natGateways: NatGateway[] = [];
  public readonly publicRouteTable: RouteTable;
  public readonly privateRouteTables: RouteTable[];
  public readonly defaultSecurityGroup: DefaultSecurityGroup;
  public readonly flowLogs: VpcFlowLogs;
  public readonly privateZone: Route53Zone;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const where = this.node.path;
    this.name =
      props.name ??
      this.node.path
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    if (!NAME.test(this.name)) {
      throw new SpecError(
        where,
        "name",
        this.name,
        "not a usable network name",
        "use 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
      );
    }
    const zoneCount = this.checkZones(props);
    this.cidr = props.cidr ?? "10.0.0.0/16";
    this.subnetPlan = planSubnets(
      { vpcCidr: this.cidr, zoneCount, publicPrefixLength: props.subnetPrefixLengths?.public, privatePrefixLength: props.subnetPrefixLengths?.private },
      where,
    );
    this.ipv6 = props.ipv6 ?? false;
    const zoneName = props.privateZoneName ?? `${this.name}.internal`;
    const retention = props.flowLogs?.retentionInDays ?? 365;
    const errors = new SpecErrors(where);
    if (!zoneName.split(".").every((label) => ZONE_LABEL.test(label)) || zoneName.length > 253) {
      errors.add("privateZoneName", zoneName, "not a DNS name", "use lowercase labels of letters, digits and '-', e.g. prod.internal");
    }
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      errors.add("flowLogs.retentionInDays", retention, "CloudWatch Logs does not offer this retention", `use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    const needed = new Map<AwsRuleId, { field: string; value: unknown }>();
    if (retention > 0 && retention < 365) needed.set("LOG-RETENTION-UNDER-365", { field: "flowLogs.retentionInDays", value: retention });
    const reasons = resolveAwsExceptions(props.exceptions, needed, errors);
    errors.throwIfAny();

    const tags = (name: string) => ({ ...(props.tags ?? {}), Name: name });
    this.availabilityZones = this.resolveZones(props, zoneCount);
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: this.subnetPlan.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      assignGeneratedIpv6CidrBlock: this.ipv6 || undefined,
      tags: tags(this.name),
    });
    // No ingress or egress blocks: Terraform removes every rule of the default group (CKV2_AWS_12).
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpc.id, tags: tags(`${this.name}-default-deny-all`) });
    this.internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: tags(this.name) });
    if (this.ipv6) {
      this.egressOnlyInternetGateway = new EgressOnlyInternetGateway(this, "egress-only-gateway", { vpcId: this.vpc.id, tags: tags(this.name) });
    }
    const subnet = (tier: "public" | "private", zone: number) =>
      new Subnet(this, `${tier}-subnet-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: this.availabilityZones[zone],
        cidrBlock: tier === "public" ? this.subnetPlan.publicSubnets[zone] : this.subnetPlan.privateSubnets[zone],
        // Hosts ask for a public address explicitly (CKV_AWS_130, trivy AWS-0164).
        mapPublicIpOnLaunch: false,
        // /64s from the VPC's /56: public subnets from 0, private from 128.
        ipv6CidrBlock: this.ipv6 ? Fn.cidrsubnet(this.vpc.ipv6CidrBlock, 8, (tier === "public" ? 0 : 128) + zone) : undefined,
        // A public subnet's IPv6 address is reachable from the internet; a private one's only answers.
        assignIpv6AddressOnCreation: this.ipv6 ? tier === "private" : undefined,
        tags: { ...tags(`${this.name}-${tier}-${zone}`), Tier: tier },
      });
    this.publicSubnets = Array.from({ length: zoneCount }, (_, zone) => subnet("public", zone));
    this.privateSubnets = Array.from({ length: zoneCount }, (_, zone) => subnet("private", zone));

    this.publicRouteTable = new RouteTable(this, "public-routes", { vpcId: this.vpc.id, tags: tags(`${this.name}-public`) });
    new Route(this, "public-default-route", { routeTableId: this.publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: this.internetGateway.id });
    if (this.ipv6) {
      new Route(this, "public-default-route-ipv6", {
        routeTableId: this.publicRouteTable.id,
        destinationIpv6CidrBlock: "::/0",
        gatewayId: this.internetGateway.id,
      });
    }
    this.publicSubnets.forEach(
      (s, zone) => new RouteTableAssociation(this, `public-routes-${zone}`, { subnetId: s.id, routeTableId: this.publicRouteTable.id }),
    );

    const natMode = props.natGateways ?? "per-zone";
    const natCount = natMode === "per-zone" ? zoneCount : natMode === "single" ? 1 : 0;
    for (let zone = 0; zone < natCount; zone++) {
      const address = new Eip(this, `nat-address-${zone}`, { domain: "vpc", tags: tags(`${this.name}-nat-${zone}`), dependsOn: [this.internetGateway] });
      this.natGateways.push(
        new NatGateway(this, `nat-gateway-${zone}`, {
          allocationId: address.allocationId,
          subnetId: this.publicSubnets[zone].id,
          tags: tags(`${this.name}-nat-${zone}`),
          dependsOn: [this.internetGateway],
        }),
      );
    }
    this.privateRouteTables = this.privateSubnets.map((s, zone) => {
      const table = new RouteTable(this, `private-routes-${zone}`, { vpcId: this.vpc.id, tags: tags(`${this.name}-private-${zone}`) });
      new RouteTableAssociation(this, `private-routes-association-${zone}`, { subnetId: s.id, routeTableId: table.id });
      const nat = this.natGateways[natMode === "per-zone" ? zone : 0];
      if (nat) new Route(this, `private-default-route-${zone}`, { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
      if (this.egressOnlyInternetGateway) {
        new Route(this, `private-default-route-ipv6-${zone}`, {
          routeTableId: table.id,
          destinationIpv6CidrBlock: "::/0",
          egressOnlyGatewayId: this.egressOnlyInternetGateway.id,
        });
      }
      return table;
    });

    this.flowLogs = new VpcFlowLogs(this, "flow-logs", {
      ...props.flowLogs,
      retentionInDays: retention,
      vpcId: this.vpc.id,
      logGroupName: `/vpc-flow-logs/${this.name}`,
      tags: { ...tags(`${this.name}-flow-logs`), ...awsExceptionTags(reasons) },
    });
    this.privateZone = new Route53Zone(this, "private-zone", {
      name: zoneName,
      comment: `Private names of the ${this.name} network`,
      vpc: [{ vpcId: this.vpc.id }],
      tags: tags(zoneName),
    });
  }

  /** Throws when Docker's bridge or address pools overlap this VPC's block (see checkDockerAddressSpace). */
  checkDockerAddressSpace(space: DockerAddressSpace, where: string): void {
    checkDockerAddressSpace(space, [this.subnetPlan.vpcCidr], where);
  }

  private checkZones(props: NetworkProps): number {
    const where = this.node.path;
    const zones = props.availabilityZones;
    if (zones === undefined) {
      const count = props.zoneCount ?? 2;
      if (!Number.isInteger(count) || count < 2) {
        throw new SpecError(where, "zoneCount", count, "a network needs at least 2 availability zones to survive the loss of one", "use 2 or more");
      }
      return count;
    }
    if (!Array.isArray(zones) || zones.length < 2) {
      throw new SpecError(
        where,
        "availabilityZones",
        zones,
        "a network needs at least 2 availability zones to survive the loss of one",
        "list 2 or more zones, e.g. ['eu-west-1a', 'eu-west-1b']",
      );
    }
    if (props.zoneCount !== undefined && props.zoneCount !== zones.length) {
      throw new SpecError(where, "zoneCount", props.zoneCount, `availabilityZones lists ${zones.length} zones`, "give one of zoneCount and availabilityZones");
    }
    const literal = zones.filter((z) => !Token.isUnresolved(z));
    const duplicate = literal.find((z, i) => literal.indexOf(z) !== i);
    if (duplicate !== undefined) {
      throw new SpecError(where, "availabilityZones", zones, `${duplicate} is listed twice: both subnets would fail with that zone`, "list distinct zones");
    }
    return zones.length;
  }

  private resolveZones(props: NetworkProps, zoneCount: number): string[] {
    if (props.availabilityZones) return [...props.availabilityZones];
    const available = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
      lifecycle: {
        postcondition: [
          {
            condition: `\${length(self.names) >= ${zoneCount}}`,
            errorMessage: `The network ${this.name} needs ${zoneCount} availability zones and the region has fewer available: lower zoneCount or choose another region.`,
          },
        ],
      },
    });
    // Indexing (not element(), which wraps around) fails loudly if the zone is missing.
    return Array.from({ length: zoneCount }, (_, i) => Token.asString(propertyAccess(available.names, [i])));
  }
}
