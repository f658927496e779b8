import { formatIpv4, tryParseCidr } from "./cidr";
import { SpecErrors } from "./spec-error";

export interface HostAddressRequest {
  readonly name: string;
  readonly zoneIndex?: number;
  readonly privateIp?: string;
}

export interface HostAddress {
  readonly name: string;
  readonly zoneIndex: number;
  readonly privateIp: string;
  /** The private subnet's block. */
  readonly subnet: string;
}

/** The first host address handed out in a subnet: AWS reserves the first four (and the last). */
const FIRST_HOST_OFFSET = 10n;

/**
 * Fixes every host's zone and private IPv4 address: hosts without a zone are dealt over the
 * zones in order; hosts without an address get the subnet's 10th, 11th, ... address in host order,
 * skipping addresses given explicitly. An explicit address must lie in the host's subnet and not
 * be one of the five AWS reserves.
 */
export function assignHostAddresses(hosts: readonly HostAddressRequest[], privateSubnets: readonly string[], where: string): HostAddress[] {
  const errors = new SpecErrors(where);
  const zones = privateSubnets.map((cidr) => tryParseCidr(cidr)!);
  const zoneOf = hosts.map((host, i) => host.zoneIndex ?? i % zones.length);
  const taken = new Set<string>();
  hosts.forEach((host, i) => {
    const zone = zoneOf[i];
    if (!Number.isInteger(zone) || zone < 0 || zone >= zones.length) {
      errors.add(`hosts[${i}].zoneIndex`, zone, `the network has ${zones.length} zones`, `use 0 to ${zones.length - 1}`);
      return;
    }
    if (host.privateIp === undefined) return;
    const address = tryParseCidr(`${host.privateIp}/32`);
    const subnet = zones[zone];
    const size = 1n << BigInt(32 - subnet.prefixLength);
    const offset = address && address.family === 4 ? address.network - subnet.network : -1n;
    if (address === undefined || address.family !== 4 || offset < 0n || offset >= size) {
      errors.add(
        `hosts[${i}].privateIp`,
        host.privateIp,
        `not an address of the host's private subnet ${privateSubnets[zone]}`,
        "give an address inside it, or leave it out",
      );
    } else if (offset < 4n || offset === size - 1n) {
      errors.add(`hosts[${i}].privateIp`, host.privateIp, "AWS reserves the first four and the last address of a subnet", "use another address of the subnet");
    } else if (taken.has(host.privateIp)) {
      errors.add(`hosts[${i}].privateIp`, host.privateIp, "given to two hosts", "give every host its own address");
    }
    taken.add(host.privateIp);
  });
  errors.throwIfAny();
  const next = zones.map(() => FIRST_HOST_OFFSET);
  return hosts.map((host, i) => {
    const zone = zoneOf[i];
    const subnet = zones[zone];
    let privateIp = host.privateIp;
    while (privateIp === undefined) {
      if (next[zone] >= (1n << BigInt(32 - subnet.prefixLength)) - 1n) {
        errors.add(
          `hosts[${i}].privateIp`,
          undefined,
          `the private subnet ${privateSubnets[zone]} has no free address left`,
          "use a larger subnet or fewer hosts in this zone",
        );
        errors.throwIfAny();
      }
      const candidate = formatIpv4(subnet.network + next[zone]);
      next[zone] += 1n;
      if (!taken.has(candidate)) {
        privateIp = candidate;
        taken.add(candidate);
      }
    }
    return { name: host.name, zoneIndex: zone, privateIp, subnet: privateSubnets[zone] };
  });
}
