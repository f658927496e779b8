import fc from "fast-check";
import { cidrContains, cidrsOverlap, tryParseCidr } from "../../lib/core/cidr";
import { planSubnets } from "../../lib/core/subnet-plan";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "stack/network";

describe("planSubnets", () => {
  test("two zones in a /16: private /18s first, public /20s after, the last quarter free", () => {
    expect(planSubnets({ vpcCidr: "10.0.0.0/16", zoneCount: 2 }, WHERE)).toEqual({
      vpcCidr: "10.0.0.0/16",
      privateSubnets: ["10.0.0.0/18", "10.0.64.0/18"],
      publicSubnets: ["10.0.128.0/20", "10.0.144.0/20"],
    });
  });

  test("three zones in a /16: /19 and /21", () => {
    expect(planSubnets({ vpcCidr: "10.20.0.0/16", zoneCount: 3 }, WHERE)).toEqual({
      vpcCidr: "10.20.0.0/16",
      privateSubnets: ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"],
      publicSubnets: ["10.20.96.0/21", "10.20.104.0/21", "10.20.112.0/21"],
    });
  });

  test("explicit prefix lengths, public larger than private, are placed largest first", () => {
    expect(planSubnets({ vpcCidr: "192.168.0.0/24", zoneCount: 2, publicPrefixLength: 26, privatePrefixLength: 27 }, WHERE)).toEqual({
      vpcCidr: "192.168.0.0/24",
      publicSubnets: ["192.168.0.0/26", "192.168.0.64/26"],
      privateSubnets: ["192.168.0.128/27", "192.168.0.160/27"],
    });
  });

  test("a small VPC gets /28s, AWS's smallest subnet", () => {
    expect(planSubnets({ vpcCidr: "100.64.0.0/26", zoneCount: 2 }, WHERE)).toEqual({
      vpcCidr: "100.64.0.0/26",
      privateSubnets: ["100.64.0.0/28", "100.64.0.16/28"],
      publicSubnets: ["100.64.0.32/28", "100.64.0.48/28"],
    });
  });

  test("every plan: subnets inside the VPC, disjoint, aligned, in zone order", () => {
    const input = fc.record({
      second: fc.nat(255),
      prefix: fc.integer({ min: 16, max: 24 }),
      zoneCount: fc.integer({ min: 2, max: 6 }),
      extraPrivate: fc.integer({ min: 0, max: 3 }),
      extraPublic: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(input, ({ second, prefix, zoneCount, extraPrivate, extraPublic }) => {
        const vpcCidr = `10.${second}.0.0/${prefix}`;
        const privatePrefixLength = Math.min(prefix + Math.ceil(Math.log2(zoneCount)) + 1 + extraPrivate, 28);
        const plan = planSubnets({ vpcCidr, zoneCount, privatePrefixLength, publicPrefixLength: Math.min(privatePrefixLength + extraPublic, 28) }, WHERE);
        const vpc = tryParseCidr(plan.vpcCidr)!;
        const all = [...plan.privateSubnets, ...plan.publicSubnets].map((c) => tryParseCidr(c)!);
        expect(all).toHaveLength(2 * zoneCount);
        for (const [i, a] of all.entries()) {
          expect(a.address).toBe(a.network); // aligned: no host bits
          expect(cidrContains(vpc, a)).toBe(true);
          for (const b of all.slice(i + 1)) expect(cidrsOverlap(a, b)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("refuses fewer than two zones", () => {
    for (const zoneCount of [1, 0, 2.5]) {
      expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0/16", zoneCount }, WHERE), {
        where: WHERE,
        field: "zoneCount",
        value: zoneCount,
        problem: /at least 2 availability zones/,
      });
    }
  });

  test("refuses bad VPC blocks", () => {
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0/8", zoneCount: 2 }, WHERE), {
      where: WHERE,
      field: "cidr",
      value: "10.0.0.0/8",
      problem: /from \/16 to \/28/,
    });
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0/29", zoneCount: 2 }, WHERE), {
      where: WHERE,
      field: "cidr",
      value: "10.0.0.0/29",
      problem: /from \/16 to \/28/,
    });
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.3.0/16", zoneCount: 2 }, WHERE), {
      where: WHERE,
      field: "cidr",
      value: "10.0.3.0/16",
      problem: /host bits.*Fix: write the network address: 10\.0\.0\.0\/16/,
    });
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0", zoneCount: 2 }, WHERE), { where: WHERE, field: "cidr", problem: /not a CIDR block/ });
    expectRefusal(() => planSubnets({ vpcCidr: "2001:db8::/56", zoneCount: 2 }, WHERE), { where: WHERE, field: "cidr", problem: /not an IPv4 block/ });
    expectRefusal(() => planSubnets({ vpcCidr: "8.8.0.0/16", zoneCount: 2 }, WHERE), {
      where: WHERE,
      field: "cidr",
      value: "8.8.0.0/16",
      problem: /not a private range/,
    });
  });

  test("refuses subnets that do not fit or that AWS does not allow", () => {
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0/27", zoneCount: 3 }, WHERE), {
      where: WHERE,
      field: "cidr",
      problem: /need \d+ addresses, the VPC has 32/,
    });
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0/16", zoneCount: 2, privatePrefixLength: 30 }, WHERE), {
      where: WHERE,
      field: "subnetPrefixLengths.private",
      value: 30,
      problem: /from 17 .* to 28/,
    });
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0/16", zoneCount: 2, publicPrefixLength: 16 }, WHERE), {
      where: WHERE,
      field: "subnetPrefixLengths.public",
      value: 16,
    });
    expectRefusal(() => planSubnets({ vpcCidr: "10.0.0.0/16", zoneCount: 4, privatePrefixLength: 17 }, WHERE), {
      where: WHERE,
      field: "cidr",
      problem: /4 private \/17 and 4 public \/19 subnets need/,
    });
  });
});
