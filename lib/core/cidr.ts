import { BoundedMemo, memoKey } from "./bounded-memo";
import { SpecError, SpecErrors } from "./spec-error";

/**
 * IPv4 and IPv6 CIDR blocks as plain numbers, and the check that keeps Docker's bridge and
 * address pools out of the VPC's address space (book chapter 12): a container network that
 * overlaps a VPC range makes every host in that range (the VPC DNS resolver included)
 * unreachable from the containers on it.
 */
export interface IpNetwork {
  readonly family: 4 | 6;
  /** The address as written (host bits kept: `bip` is a gateway address with a prefix). */
  readonly address: bigint;
  /** The network address (host bits cleared). */
  readonly network: bigint;
  readonly prefixLength: number;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split("::").length > 2) return undefined;
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const items = part.split(":");
    for (const [i, item] of items.entries()) {
      if (i === items.length - 1 && item.includes(".")) {
        const v4 = parseIpv4(item);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) out.push(parseInt(item, 16));
      else return undefined;
    }
    return out;
  };
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  if (first === undefined || last === undefined) return undefined;
  const missing = 8 - first.length - last.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...first, ...new Array<number>(tail === undefined ? 0 : missing).fill(0), ...last].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** `a.b.c.d` of a 32-bit address. */
export function formatIpv4(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join(".");
}

/** RFC 5952 text of a 128-bit address (longest run of two or more zero groups as `::`). */
export function formatIpv6(address: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/** The CIDR text of a network, e.g. `10.0.0.0/16`. */
export function formatCidr(network: IpNetwork): string {
  return `${network.family === 4 ? formatIpv4(network.network) : formatIpv6(network.network)}/${network.prefixLength}`;
}

function hostMask(family: 4 | 6, prefixLength: number): bigint {
  return (1n << BigInt(BITS[family] - prefixLength)) - 1n;
}

/** Parses `address/prefix` (IPv4 or IPv6), or undefined when it is not one. */
export function tryParseCidr(text: string): IpNetwork | undefined {
  if (typeof text !== "string") return undefined;
  const match = /^([^/\s]+)\/(0|[1-9]\d{0,2})$/.exec(text);
  if (!match) return undefined;
  const family = match[1].includes(":") ? 6 : 4;
  const address = family === 4 ? parseIpv4(match[1]) : parseIpv6(match[1]);
  const prefixLength = Number(match[2]);
  if (address === undefined || prefixLength > BITS[family]) return undefined;
  return { family, address, network: address & ~hostMask(family, prefixLength), prefixLength };
}

export interface ParseCidrOptions {
  /** Only this family. @default either */
  readonly family?: 4 | 6;
  /** Accept an address with host bits set (Docker's `bip` is the bridge's own address). @default false */
  readonly allowHostBits?: boolean;
}

/** Parses a CIDR block or throws a SpecError naming where it came from and how to write it. */
export function parseCidr(text: string, where: string, field: string, options: ParseCidrOptions = {}): IpNetwork {
  const example = options.family === 6 ? "2001:db8::/56" : "10.0.0.0/16";
  const parsed = tryParseCidr(text);
  if (parsed === undefined) {
    throw new SpecError(where, field, text, "not a CIDR block (address/prefix length)", `write it like ${example}`);
  }
  if (options.family !== undefined && parsed.family !== options.family) {
    throw new SpecError(where, field, text, `not an IPv${options.family} block`, `write an IPv${options.family} block like ${example}`);
  }
  if (!options.allowHostBits && parsed.address !== parsed.network) {
    throw new SpecError(where, field, text, "host bits are set", `write the network address: ${formatCidr(parsed)}`);
  }
  return parsed;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: IpNetwork, b: IpNetwork): boolean {
  if (a.family !== b.family) return false;
  const shared = Math.min(a.prefixLength, b.prefixLength);
  const mask = ~hostMask(a.family, shared);
  return (a.network & mask) === (b.network & mask);
}

/** True when `inner` lies entirely within `outer`. */
export function cidrContains(outer: IpNetwork, inner: IpNetwork): boolean {
  return outer.family === inner.family && inner.prefixLength >= outer.prefixLength && cidrsOverlap(outer, inner);
}

/** One pool of Docker's `default-address-pools`: a base block split into networks of `size` bits. */
export interface DockerAddressPool {
  readonly base: string;
  readonly size: number;
}

/**
 * The address settings of `/etc/docker/daemon.json` (keys `bip`, `fixed-cidr`, `fixed-cidr-v6`,
 * `default-address-pools`). Unset pools mean Docker's compiled-in defaults.
 */
export interface DockerAddressSpace {
  /** `bip`: the default bridge's own address and prefix, e.g. `192.168.200.1/24`. @default from the pools */
  readonly bip?: string;
  /** `fixed-cidr`: the block containers on the default bridge get addresses from. @default the bridge's block */
  readonly fixedCidr?: string;
  /** `fixed-cidr-v6`. @default none */
  readonly fixedCidrV6?: string;
  /** `default-address-pools`. @default DOCKER_DEFAULT_ADDRESS_POOLS */
  readonly defaultAddressPools?: readonly DockerAddressPool[];
}

/**
 * Docker's compiled-in local pools (moby `libnetwork/ipamutils`, `localScopeDefaultNetworks`):
 * the default bridge and every user-defined bridge network come from these unless
 * `bip` / `default-address-pools` say otherwise. A VPC in 172.17.0.0/12 or 192.168.0.0/16
 * overlaps them.
 */
export const DOCKER_DEFAULT_ADDRESS_POOLS: readonly DockerAddressPool[] = [
  { base: "172.17.0.0/16", size: 16 },
  { base: "172.18.0.0/16", size: 16 },
  { base: "172.19.0.0/16", size: 16 },
  { base: "172.20.0.0/14", size: 16 },
  { base: "172.24.0.0/14", size: 16 },
  { base: "172.28.0.0/14", size: 16 },
  { base: "192.168.0.0/16", size: 20 },
];

function usesDefaultPools(space: DockerAddressSpace): boolean {
  return space.defaultAddressPools === undefined || space.defaultAddressPools.length === 0;
}

const SUGGESTED_POOLS = ["172.20.0.0/14", "192.168.0.0/16", "10.200.0.0/16", "100.96.0.0/16"];

function suggestion(hosts: { network: IpNetwork }[]): string {
  const free = SUGGESTED_POOLS.find((text) => !hosts.some((h) => cidrsOverlap(tryParseCidr(text)!, h.network)));
  return free ?? "a private range your networks do not use";
}

/**
 * Checks the Docker address settings against the networks the host must reach (the VPC's
 * CIDRs, peered or on-premises ranges) and throws one SpecError listing every overlap and
 * every malformed value. Pure: the daemon.json model calls it with its own settings.
 */
export function checkDockerAddressSpace(space: DockerAddressSpace, hostNetworks: readonly string[], where: string): void {
  // Every host of a fleet checks the same settings against the same VPC: a passed check is remembered.
  checkedAddressSpaces.get(memoKey([space, hostNetworks]), () => checkAddressSpace(space, hostNetworks, where));
}

const checkedAddressSpaces = new BoundedMemo<true>(1024);

function checkAddressSpace(space: DockerAddressSpace, hostNetworks: readonly string[], where: string): true {
  const errors = new SpecErrors(where);
  const hosts: { text: string; network: IpNetwork }[] = [];
  hostNetworks.forEach((text, i) => {
    const network = tryParseCidr(text);
    if (network === undefined || network.address !== network.network) {
      errors.add(`hostNetworks[${i}]`, text, "not a CIDR network block", "write it like 10.0.0.0/16");
    } else hosts.push({ text, network });
  });
  const ranges: { field: string; text: string; network: IpNetwork }[] = [];
  const add = (field: string, text: string | undefined, options: ParseCidrOptions) => {
    if (text === undefined) return undefined;
    try {
      const network = parseCidr(text, where, field, options);
      ranges.push({ field, text, network });
      return network;
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      errors.add(field, text, error.problem, error.fix);
      return undefined;
    }
  };
  const bridge = add("bip", space.bip, { family: 4, allowHostBits: true });
  const fixed = add("fixed-cidr", space.fixedCidr, { family: 4, allowHostBits: true });
  if (bridge && fixed && !cidrContains(bridge, fixed)) {
    errors.add(
      "fixed-cidr",
      space.fixedCidr,
      `not inside the bridge network ${formatCidr(bridge)} (bip)`,
      "choose a fixed-cidr inside bip's network, or drop it",
    );
  }
  add("fixed-cidr-v6", space.fixedCidrV6, { family: 6 });
  const pools = usesDefaultPools(space) ? DOCKER_DEFAULT_ADDRESS_POOLS : (space.defaultAddressPools ?? []);
  pools.forEach((pool, i) => {
    const field = usesDefaultPools(space) ? `default-address-pools (Docker's default ${pool.base})` : `default-address-pools[${i}].base`;
    const base = add(field, pool.base, {});
    const maxSize = base ? BITS[base.family] : 128;
    if (base && (!Number.isInteger(pool.size) || pool.size < base.prefixLength || pool.size > maxSize)) {
      errors.add(
        `default-address-pools[${i}].size`,
        pool.size,
        `a pool's size must lie between its base's prefix length (${base.prefixLength}) and ${maxSize}`,
        "use e.g. 24",
      );
    }
  });
  for (const range of ranges) {
    for (const host of hosts) {
      if (!cidrsOverlap(range.network, host.network)) continue;
      errors.add(
        range.field,
        range.text,
        `overlaps the host network ${host.text}: containers could not reach the addresses they share`,
        range.field.startsWith("default-address-pools (")
          ? `set default-address-pools (and bip) in the daemon config to a range outside the host networks, e.g. [{ base: "${suggestion(hosts)}", size: 24 }]`
          : `choose a Docker range outside every host network, e.g. inside ${suggestion(hosts)}`,
      );
    }
  }
  errors.throwIfAny();
  return true;
}
