import { BlockList } from "node:net";
import fc from "fast-check";
import {
  checkDockerAddressSpace,
  cidrContains,
  cidrsOverlap,
  DOCKER_DEFAULT_ADDRESS_POOLS,
  formatCidr,
  formatIpv6,
  parseCidr,
  tryParseCidr,
} from "../../lib/core/cidr";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "stack/host: dockerAddressSpace";
const cidr = (text: string) => tryParseCidr(text)!;

describe("parseCidr", () => {
  test.each([
    ["10.0.0.0/16", "10.0.0.0/16"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["192.168.1.7/32", "192.168.1.7/32"],
    ["::/0", "::/0"],
    ["2001:DB8:0:0::/56", "2001:db8::/56"],
    ["2001:db8:0:1:0:0:0:0/64", "2001:db8:0:1::/64"],
    ["::ffff:10.0.0.0/120", "::ffff:a00:0/120"],
    ["fd00:0:0:0:1::/80", "fd00::1:0:0:0/80"],
  ])("%s is %s", (text, canonical) => {
    expect(formatCidr(parseCidr(text, "w", "f"))).toBe(canonical);
  });

  test.each([
    "10.0.0.0",
    "10.0.0/16",
    "10.0.0.256/16",
    "10.0.0.0/33",
    "010.0.0.0/8",
    "10.0.0.0/-1",
    "2001:db8::1::/64",
    "2001:db8:::/64",
    "1:2:3:4:5:6:7:8:9/64",
    "12345::/16",
    "::/129",
    " 10.0.0.0/8",
    "",
  ])("refuses %j", (text) => {
    expectRefusal(() => parseCidr(text, "w", "cidr"), { where: "w", field: "cidr", value: text, problem: /not a CIDR block/ });
  });

  test("refuses host bits and names the network", () => {
    expectRefusal(() => parseCidr("10.0.1.0/16", "w", "cidr"), {
      where: "w",
      field: "cidr",
      value: "10.0.1.0/16",
      problem: /host bits are set.*Fix: write the network address: 10\.0\.0\.0\/16/,
    });
    expect(formatCidr(parseCidr("10.0.1.1/16", "w", "bip", { allowHostBits: true }))).toBe("10.0.0.0/16");
  });

  test("refuses the wrong family", () => {
    expectRefusal(() => parseCidr("::/0", "w", "cidr", { family: 4 }), { where: "w", field: "cidr", value: "::/0", problem: /not an IPv4 block/ });
  });

  test("formats IPv6 the RFC 5952 way", () => {
    expect(formatIpv6(0n)).toBe("::");
    expect(formatIpv6(1n)).toBe("::1");
    expect(formatIpv6(0x20010db8000000000001000000000001n)).toBe("2001:db8::1:0:0:1");
    expect(formatIpv6(0x20010db8000100000000000000000000n)).toBe("2001:db8:1::");
    expect(formatIpv6(0x00010000000000000000000000000000n)).toBe("1::");
  });
});

describe("cidrsOverlap and cidrContains", () => {
  test("examples", () => {
    expect(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.0.255.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.1.0.0/16"))).toBe(false);
    expect(cidrsOverlap(cidr("0.0.0.0/0"), cidr("192.168.0.0/16"))).toBe(true);
    expect(cidrsOverlap(cidr("10.0.0.0/8"), cidr("::/0"))).toBe(false);
    expect(cidrContains(cidr("10.0.0.0/8"), cidr("10.2.0.0/16"))).toBe(true);
    expect(cidrContains(cidr("10.2.0.0/16"), cidr("10.0.0.0/8"))).toBe(false);
  });

  // Oracle: Node's own BlockList. Two blocks overlap exactly when one holds the other's first address.
  const v4 = fc.tuple(fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 })).map(([n, p]) => {
    const network = p === 0 ? 0 : Math.floor(n / 2 ** (32 - p)) * 2 ** (32 - p);
    return `${[24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join(".")}/${p}`;
  });
  test("agrees with node:net BlockList on random IPv4 blocks", () => {
    fc.assert(
      fc.property(v4, v4, (a, b) => {
        const [aAddress, aPrefix] = a.split("/");
        const [bAddress, bPrefix] = b.split("/");
        const inA = new BlockList();
        inA.addSubnet(aAddress, Number(aPrefix), "ipv4");
        const inB = new BlockList();
        inB.addSubnet(bAddress, Number(bPrefix), "ipv4");
        expect(cidrsOverlap(cidr(a), cidr(b))).toBe(inA.check(bAddress, "ipv4") || inB.check(aAddress, "ipv4"));
      }),
      { numRuns: 300 },
    );
  });

  const v6 = fc.tuple(fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 }), fc.boolean()).map(([groups, p, compress]) => {
    const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
    const network = p === 0 ? 0n : (value >> BigInt(128 - p)) << BigInt(128 - p);
    const text = compress ? formatIpv6(network) : Array.from({ length: 8 }, (_, i) => ((network >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(":");
    return `${text}/${p}`;
  });
  test("parses random IPv6 blocks, compressed or not, like node:net BlockList", () => {
    fc.assert(
      fc.property(v6, v6, (a, b) => {
        const [aAddress, aPrefix] = a.split("/");
        const [bAddress, bPrefix] = b.split("/");
        const inA = new BlockList();
        inA.addSubnet(aAddress, Number(aPrefix), "ipv6");
        const inB = new BlockList();
        inB.addSubnet(bAddress, Number(bPrefix), "ipv6");
        expect(cidrsOverlap(cidr(a), cidr(b))).toBe(inA.check(bAddress, "ipv6") || inB.check(aAddress, "ipv6"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("checkDockerAddressSpace", () => {
  test("accepts Docker's defaults next to a 10.x VPC, and explicit ranges outside it", () => {
    expect(() => checkDockerAddressSpace({}, ["10.0.0.0/16"], WHERE)).not.toThrow();
    expect(() =>
      checkDockerAddressSpace(
        { bip: "10.250.0.1/24", fixedCidr: "10.250.0.128/25", defaultAddressPools: [{ base: "10.251.0.0/16", size: 24 }] },
        ["10.0.0.0/16"],
        WHERE,
      ),
    ).not.toThrow();
  });

  test("refuses Docker's default pools over a 172.17/16 or 192.168/16 VPC and suggests a free range", () => {
    const error = expectRefusal(() => checkDockerAddressSpace({}, ["172.17.0.0/16"], WHERE), {
      where: WHERE,
      field: "default-address-pools (Docker's default 172.17.0.0/16)",
      value: "172.17.0.0/16",
      problem: /overlaps the host network 172\.17\.0\.0\/16: containers could not reach the addresses they share/,
    });
    expect(error.message).toMatch(/Fix: set default-address-pools \(and bip\) .*base: "172\.20\.0\.0\/14"/);
    // The default VPC range 172.31.0.0/16 lies in Docker's 172.28.0.0/14 pool.
    expectRefusal(() => checkDockerAddressSpace({}, ["172.31.0.0/16"], WHERE), {
      where: WHERE,
      field: "default-address-pools (Docker's default 172.28.0.0/14)",
    });
    expectRefusal(() => checkDockerAddressSpace({}, ["192.168.10.0/24"], WHERE), {
      where: WHERE,
      field: "default-address-pools (Docker's default 192.168.0.0/16)",
    });
    expect(DOCKER_DEFAULT_ADDRESS_POOLS).toHaveLength(7);
  });

  test("refuses a bip, fixed-cidr or pool that overlaps the VPC, each named by its daemon.json key", () => {
    const error = expectRefusal(
      () =>
        checkDockerAddressSpace(
          {
            bip: "10.0.5.1/24",
            fixedCidr: "10.0.5.0/25",
            defaultAddressPools: [
              { base: "10.1.0.0/16", size: 24 },
              { base: "10.0.0.0/8", size: 24 },
            ],
          },
          ["10.0.0.0/16"],
          WHERE,
        ),
      { where: WHERE, field: "bip", value: "10.0.5.1/24", problem: /overlaps the host network 10\.0\.0\.0\/16/ },
    );
    expect(error.message).toContain(`${WHERE}: fixed-cidr = "10.0.5.0/25": overlaps`);
    expect(error.message).toContain(`${WHERE}: default-address-pools[1].base = "10.0.0.0/8": overlaps`);
    expect(error.message).not.toContain("default-address-pools[0]");
  });

  test("checks every host network (peered VPCs, on-premises ranges)", () => {
    expectRefusal(() => checkDockerAddressSpace({ defaultAddressPools: [{ base: "10.8.0.0/16", size: 24 }] }, ["10.0.0.0/16", "10.8.128.0/20"], WHERE), {
      where: WHERE,
      field: "default-address-pools[0].base",
      problem: /overlaps the host network 10\.8\.128\.0\/20/,
    });
  });

  test("refuses malformed values, a fixed-cidr outside bip and an impossible pool size", () => {
    expectRefusal(() => checkDockerAddressSpace({ bip: "10.250.0.1" }, ["10.0.0.0/16"], WHERE), {
      where: WHERE,
      field: "bip",
      value: "10.250.0.1",
      problem: /not a CIDR block/,
    });
    expectRefusal(() => checkDockerAddressSpace({ bip: "10.250.0.1/24", fixedCidr: "10.251.0.0/25" }, ["10.0.0.0/16"], WHERE), {
      where: WHERE,
      field: "fixed-cidr",
      problem: /not inside the bridge network 10\.250\.0\.0\/24 \(bip\)/,
    });
    expectRefusal(() => checkDockerAddressSpace({ defaultAddressPools: [{ base: "10.250.0.0/16", size: 12 }] }, ["10.0.0.0/16"], WHERE), {
      where: WHERE,
      field: "default-address-pools[0].size",
      value: 12,
      problem: /between its base's prefix length \(16\) and 32/,
    });
    expectRefusal(() => checkDockerAddressSpace({}, ["10.0.0.1/16"], WHERE), { where: WHERE, field: "hostNetworks[0]", value: "10.0.0.1/16" });
  });

  test("compares IPv6 only with IPv6", () => {
    expect(() => checkDockerAddressSpace({ fixedCidrV6: "2001:db8:1::/64" }, ["10.0.0.0/16", "2001:db8:2::/56"], WHERE)).not.toThrow();
    expectRefusal(() => checkDockerAddressSpace({ fixedCidrV6: "2001:db8:2:10::/64" }, ["10.0.0.0/16", "2001:db8:2::/56"], WHERE), {
      where: WHERE,
      field: "fixed-cidr-v6",
      problem: /overlaps the host network 2001:db8:2::\/56/,
    });
  });
});
