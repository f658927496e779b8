import { cidrContains, formatCidr, parseCidr, tryParseCidr } from "./cidr";
import type { IpNetwork } from "./cidr";
import { SpecError } from "./spec-error";

/** What to carve out of a VPC: one public and one private subnet per availability zone. */
export interface SubnetPlanInput {
  /** The VPC's IPv4 block, a private range (RFC 1918 or RFC 6598) between /16 and /28. */
  readonly vpcCidr: string;
  /** How many availability zones (at least 2). */
  readonly zoneCount: number;
  /**
   * Prefix length of each private subnet (hosts, containers' published ports, endpoints).
   * @default half the VPC split over the zones: vpc prefix + ceil(log2(zoneCount)) + 1
   */
  readonly privatePrefixLength?: number;
  /**
   * Prefix length of each public subnet (NAT gateways and load balancers only): smaller.
   * @default private prefix + 2 (a quarter of a private subnet), at most /28
   */
  readonly publicPrefixLength?: number;
}

/** The CIDR blocks, one per zone, in zone order. */
export interface SubnetPlan {
  readonly vpcCidr: string;
  readonly publicSubnets: string[];
  readonly privateSubnets: string[];
}

/** AWS limits a VPC's and a subnet's IPv4 block to /16 .. /28. */
export const AWS_MIN_PREFIX = 16;
export const AWS_MAX_PREFIX = 28;

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) => tryParseCidr(c)!);

function checkPrefix(where: string, field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > AWS_MAX_PREFIX) {
    throw new SpecError(
      where,
      field,
      value,
      `a subnet's prefix length must be an integer from ${min} (longer than the VPC's) to ${AWS_MAX_PREFIX}`,
      `use a value in ${min}..${AWS_MAX_PREFIX}`,
    );
  }
}

/**
 * Splits the VPC's block into a public and a private subnet per zone, without gaps and with
 * each block aligned: blocks are placed largest first, so every offset is a multiple of the
 * next block's size. Private subnets come first (10.0.0.0/16, 2 zones: private 10.0.0.0/18,
 * 10.0.64.0/18; public 10.0.128.0/20, 10.0.144.0/20), the rest of the VPC stays free.
 */
export function planSubnets(input: SubnetPlanInput, where: string): SubnetPlan {
  const vpc = parseCidr(input.vpcCidr, where, "cidr", { family: 4 });
  if (vpc.prefixLength < AWS_MIN_PREFIX || vpc.prefixLength > AWS_MAX_PREFIX) {
    throw new SpecError(where, "cidr", input.vpcCidr, `AWS accepts VPC blocks from /${AWS_MIN_PREFIX} to /${AWS_MAX_PREFIX}`, "use e.g. 10.0.0.0/16");
  }
  if (!PRIVATE_RANGES.some((range) => cidrContains(range, vpc))) {
    throw new SpecError(
      where,
      "cidr",
      input.vpcCidr,
      "not a private range: addresses in it on the internet would become unreachable from the VPC",
      "use a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10",
    );
  }
  if (!Number.isInteger(input.zoneCount) || input.zoneCount < 2) {
    throw new SpecError(where, "zoneCount", input.zoneCount, "a network needs at least 2 availability zones to survive the loss of one", "use 2 or more zones");
  }
  const zoneBits = Math.ceil(Math.log2(input.zoneCount));
  const privatePrefix = input.privatePrefixLength ?? Math.min(vpc.prefixLength + zoneBits + 1, AWS_MAX_PREFIX);
  checkPrefix(where, "subnetPrefixLengths.private", privatePrefix, vpc.prefixLength + 1);
  const publicPrefix = input.publicPrefixLength ?? Math.min(privatePrefix + 2, AWS_MAX_PREFIX);
  checkPrefix(where, "subnetPrefixLengths.public", publicPrefix, vpc.prefixLength + 1);

  const requests = [
    ...Array.from({ length: input.zoneCount }, (_, zone) => ({ tier: "private" as const, zone, prefixLength: privatePrefix })),
    ...Array.from({ length: input.zoneCount }, (_, zone) => ({ tier: "public" as const, zone, prefixLength: publicPrefix })),
  ].sort((a, b) => a.prefixLength - b.prefixLength);
  const size = (prefixLength: number) => 1n << BigInt(32 - prefixLength);
  const needed = requests.reduce((sum, r) => sum + size(r.prefixLength), 0n);
  if (needed > size(vpc.prefixLength)) {
    throw new SpecError(
      where,
      "cidr",
      input.vpcCidr,
      `${input.zoneCount} private /${privatePrefix} and ${input.zoneCount} public /${publicPrefix} subnets need ${needed} addresses, the VPC has ${size(vpc.prefixLength)}`,
      "use a larger VPC block (a shorter prefix) or longer subnet prefix lengths",
    );
  }
  const plan: SubnetPlan = { vpcCidr: formatCidr(vpc), publicSubnets: [], privateSubnets: [] };
  let offset = 0n;
  for (const request of requests) {
    const block: IpNetwork = { family: 4, address: vpc.network + offset, network: vpc.network + offset, prefixLength: request.prefixLength };
    (request.tier === "public" ? plan.publicSubnets : plan.privateSubnets)[request.zone] = formatCidr(block);
    offset += size(request.prefixLength);
  }
  return plan;
}
